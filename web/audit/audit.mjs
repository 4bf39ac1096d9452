// Runs the GraphQL-over-HTTP audits of graphql-http against the server at the URL given as the
// first argument and prints one JSON line per audit: {"id", "name", "status", "reason"}.
// status is "ok", "notice", "warn" or "error". Install with `npm ci` in this directory.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
for (const r of results) {
  console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? '' }));
}
