// The graphql-yoga peer of the Go server: graphql-yoga with DataLoader, one process, over the
// schema, data and resolvers of graph.mjs.
//
//   GRAPH=graph.json SCHEMA=../../schema.graphqls PORT=0 node server.mjs
//
// It prints "peer at http://127.0.0.1:PORT/graphql" once it listens.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { loaders, resolvers, typeDefs } from './graph.mjs';

const yoga = createYoga({
  schema: createSchema({ typeDefs, resolvers, resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' } }),
  context: () => ({ loaders: loaders() }),
  graphqlEndpoint: '/graphql',
  graphiql: false,
  logging: false,
  maskedErrors: false,
});
const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => {
  console.log(`peer at http://127.0.0.1:${server.address().port}/graphql`);
});
