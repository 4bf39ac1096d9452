// The Mercurius peer of the Go server: Fastify with Mercurius, which caches each document parsed and
// validated, and compiles it with graphql-jit from its second request on (jit: 1); DataLoader; one
// process, over the schema, data and resolvers of graph.mjs (those of the graphql-yoga peer).
//
//   GRAPH=graph.json SCHEMA=../../schema.graphqls PORT=0 node mercurius.mjs
//
// It prints "mercurius at http://127.0.0.1:PORT/graphql" once it listens.
import Fastify from 'fastify';
import { buildSchema } from 'graphql';
import mercurius from 'mercurius';
import { loaders, resolvers, typeDefs } from './graph.mjs';

// Mercurius names an abstract type's resolver resolveType (graphql-tools __resolveType), and takes
// resolvers only for fields its type has (graph.mjs gives every entity type the common ones).
const schema = buildSchema(typeDefs);
const own = {};
for (const [name, r] of Object.entries(resolvers)) {
  const { __resolveType, ...rest } = r;
  const fields = schema.getType(name).getFields?.() ?? {};
  own[name] = __resolveType ? { resolveType: __resolveType } : Object.fromEntries(Object.entries(rest).filter(([f]) => f in fields));
}

const app = Fastify({ logger: false });
app.register(mercurius, {
  schema: typeDefs,
  resolvers: own,
  context: () => ({ loaders: loaders() }),
  jit: 1,
  graphiql: false,
});
const address = await app.listen({ port: Number(process.env.PORT ?? 4000), host: '127.0.0.1' });
console.log(`mercurius at ${address}/graphql`);
