// @neo4j/graphql on graphql-yoga, one Node process, over the graph that the project seeds into
// Neo4j (labels :Entity and the type's, properties as neo4j/encode.go writes them). It is the
// reference GraphQL layer for Neo4j that the load command (`go run ./cmd/load -store neo4j`)
// measures beside the project, on the same database.
//
// Environment: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE (empty for the home
// database), PORT (0 for any). It prints "neo4j peer at http://127.0.0.1:PORT/graphql" once ready.
import { createServer } from 'node:http';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import neo4j from 'neo4j-driver';

// The type definitions map the stored graph, not the project's schema: @neo4j/graphql derives its
// own queries, filters and connections from them. Relationship fields are declared for the types
// that the load mix follows; what its generated API cannot say (every relationship of an entity
// in the project's order, the breadth-first neighbourhood, the shortest path) is a @cypher field,
// the library's own way to add such reads, compiled into the same single statement. The project's
// ranked search (tiers, stems, typos, synonyms) has no equivalent here.
const typeDefs = /* GraphQL */ `
  type Entity @node(labels: ["Entity"]) {
    id: ID!
    type: String!
    category: String
    nameEn: String
    nameFr: String
    aliases: [String!]
    descriptionEn: String
    descriptionFr: String
    evidenceDocuments: [String!]
    evidenceSections: [String!]
    evidenceQuotes: [String!]

    runs: [Entity!]! @relationship(type: "RUNS", direction: OUT, properties: "Evidence")
    targets: [Entity!]! @relationship(type: "TARGETS", direction: OUT, properties: "Evidence")
    participants: [Entity!]! @relationship(type: "PARTICIPATES_IN", direction: IN, properties: "Evidence")
    partners: [Entity!]! @relationship(type: "PARTNERS_WITH", direction: OUT, queryDirection: UNDIRECTED, properties: "Evidence")

    "Every relationship of the entity, both directions, ordered by type, the other end's id, outgoing first."
    relationships(first: Int = 20): [RelationshipEdge!]!
      @cypher(
        statement: """
        MATCH (this)-[r]-(m:Entity)
        WITH r, m, startNode(r) = this AS outgoing
        ORDER BY type(r), m.id, outgoing DESC
        LIMIT $first
        WITH r, outgoing, startNode(r) AS a, endNode(r) AS b
        RETURN {
          direction: CASE WHEN outgoing THEN 'OUTGOING' ELSE 'INCOMING' END,
          type: type(r),
          from: a {.id, .type, .nameEn},
          to: b {.id, .type, .nameEn},
          evidenceSections: r.evidenceSections,
          evidenceQuotes: r.evidenceQuotes
        } AS edge
        """
        columnName: "edge"
      )
    "The number of its relationships, both directions."
    relationshipCount: Int! @cypher(statement: "RETURN COUNT { (this)-[]-(:Entity) } AS n", columnName: "n")
  }

  type Evidence @relationshipProperties {
    evidenceSections: [String!]
    evidenceQuotes: [String!]
  }

  type EntityRef {
    id: ID!
    type: String!
    nameEn: String
  }

  type RelationshipEdge {
    direction: String!
    type: String!
    from: EntityRef!
    to: EntityRef!
    evidenceSections: [String!]
    evidenceQuotes: [String!]
  }

  type RelationshipRef {
    type: String!
    from: String!
    to: String!
  }

  type Subgraph {
    truncated: Boolean!
    nodes: [EntityRef!]!
    relationships: [RelationshipRef!]!
  }

  type PathRelationship {
    type: String!
    evidenceQuotes: [String!]
  }

  type Path {
    length: Int!
    nodes: [EntityRef!]!
    relationships: [PathRelationship!]!
  }

  type Query {
    """
    A shortest path of at most 4 hops, ignoring direction, as the project picks it among those of
    the same length: the smallest sequence of steps (type, next entity's id, outgoing first).
    Cypher takes no parameter for a pattern's length, so the bound is written in.
    """
    path(from: ID!, to: ID!): Path
      @cypher(
        statement: """
        MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
        MATCH p = allShortestPaths((a)-[*..4]-(b))
        WITH p, [i IN range(0, length(p) - 1) |
          [type(relationships(p)[i]), nodes(p)[i + 1].id, startNode(relationships(p)[i]) <> nodes(p)[i]]] AS steps
        ORDER BY steps
        LIMIT 1
        RETURN {
          length: length(p),
          nodes: [n IN nodes(p) | n {.id, .type, .nameEn}],
          relationships: [r IN relationships(p) | {type: type(r), evidenceQuotes: r.evidenceQuotes}]
        } AS path
        """
        columnName: "path"
      )

    """
    The neighbourhood of depth 2 as the project walks it: breadth first, ignoring direction, each
    level in the order type, other end's id, outgoing first; entities kept until $limit (the
    centre counts), and every relationship met between kept entities.
    """
    neighborhood(id: ID!, limit: Int! = 100): Subgraph
      @cypher(
        statement: """
        MATCH (c:Entity {id: $id})
        WITH c, COLLECT {
          MATCH (c)-[r]-(m:Entity)
          WITH r, m ORDER BY type(r), m.id, startNode(r) = c DESC
          RETURN [r, m]
        } AS hops1
        WITH reduce(s = {nodes: [c], rels: [], next: [], truncated: false}, h IN hops1 |
          CASE
            WHEN h[1] IN s.nodes THEN CASE WHEN h[0] IN s.rels THEN s ELSE s {.*, rels: s.rels + [h[0]]} END
            WHEN size(s.nodes) >= $limit THEN s {.*, truncated: true}
            ELSE s {.*, nodes: s.nodes + [h[1]], next: s.next + [h[1]], rels: CASE WHEN h[0] IN s.rels THEN s.rels ELSE s.rels + [h[0]] END}
          END) AS s1
        WITH s1, COLLECT {
          UNWIND range(0, size(s1.next) - 1) AS i
          WITH i, s1.next[i] AS f
          MATCH (f)-[r]-(m:Entity)
          WITH i, r, m ORDER BY i, type(r), m.id, startNode(r) = f DESC
          RETURN [r, m]
        } AS hops2
        WITH reduce(s = s1, h IN hops2 |
          CASE
            WHEN h[1] IN s.nodes THEN CASE WHEN h[0] IN s.rels THEN s ELSE s {.*, rels: s.rels + [h[0]]} END
            WHEN size(s.nodes) >= $limit THEN s {.*, truncated: true}
            ELSE s {.*, nodes: s.nodes + [h[1]], rels: CASE WHEN h[0] IN s.rels THEN s.rels ELSE s.rels + [h[0]] END}
          END) AS s2
        RETURN {
          truncated: s2.truncated,
          nodes: [n IN s2.nodes | n {.id, .type, .nameEn}],
          relationships: [r IN s2.rels | {type: type(r), from: startNode(r).id, to: endNode(r).id}]
        } AS subgraph
        """
        columnName: "subgraph"
      )
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
  neo4j.auth.basic(process.env.NEO4J_USERNAME || 'neo4j', process.env.NEO4J_PASSWORD ?? ''),
);
const database = process.env.NEO4J_DATABASE || undefined;
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({
  schema,
  graphiql: false,
  logging: false,
  maskedErrors: false,
  context: () => ({ sessionConfig: { database } }),
});
const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`neo4j peer at http://127.0.0.1:${server.address().port}/graphql`);
});
const stop = () => server.close(() => driver.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
