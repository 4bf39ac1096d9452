package storetest

// QueryMix is a set of typical GraphQL queries over the seed graph, one of each kind of work the
// API does, by name. The benchmarks of both stores run it (graph.BenchmarkGraphQL on the embedded
// graph, neo4j.BenchmarkQueryMix on both stores), so that their numbers compare.
var QueryMix = map[string]string{
	"Entity":       `{ entity(id: "j-code") { id name ... on Initiative { targets { edges { node { id name } evidence { quote } } } runBy { edges { node { id } } } } } }`,
	"Search":       `{ search(text: "méthamphétamine", first: 10) { totalCount edges { score node { id name } } } }`,
	"Neighborhood": `{ neighborhood(id: "methamphetamine", depth: 2, limit: 200) { nodes { id } relationships { type } } }`,
	"Path":         `{ path(from: "hells-angels", to: "j-code") { length nodes { id } } }`,
	"Deep":         `{ entities(types: [ORGANIZATION], first: 50) { edges { node { id relationships(first: 10) { edges { other { id name relationships(first: 5) { totalCount } } } } } } } }`,
}
