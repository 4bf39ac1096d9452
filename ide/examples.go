package ide

import _ "embed"

// Examples is the document the IDE opens on (examples.graphql): one named operation per question
// a researcher asks of the graph, each on entities of the seed data, none routed through a session,
// event or document. The first one is the one a reader is likely to run first.
//
//go:embed examples.graphql
var Examples string
