package ide

// Examples is the document the IDE opens on: one named operation per way of reading the graph,
// each on entities of the seed data. The first one is the one a reader is likely to run first.
const Examples = `# Law-enforcement roundtables on illicit drugs in Canada:
# who runs what, who presented where, what targets what.
# Every entity and relationship carries its evidence:
# the document, the section and the exact quote.
#
# Run an operation: put the cursor in it and press
# Ctrl-Enter, or pick it from the run button.

# An initiative: who runs it, what it targets, where it
# operates, where it was discussed.
query Initiative {
  entity(id: "j-code") {
    id
    name
    aliases
    ... on Initiative {
      category
      runBy { edges { node { id name } } }
      targets {
        edges {
          node { id type name }
          evidence { section quote }
        }
      }
      places { edges { node { id name } } }
      components { edges { node { id name } } }
      discussedIn { edges { node { id name } } }
    }
  }
}

# A session of the 2019 Winnipeg roundtable: who presented,
# what was discussed, the figures reported.
query Session {
  entity(id: "winnipeg-2019-plenary-6") {
    id
    name
    nameFr: name(lang: FR)
    ... on Session {
      number
      events { edges { node { id name } } }
      presenters {
        totalCount
        edges { node { id type name } }
      }
      topics(first: 10) {
        totalCount
        edges { node { id type name } }
      }
      facts(first: 5) {
        edges {
          node { id ... on Fact { statement valueText unit } }
        }
      }
    }
  }
}

# Search folds case and accents in French and English;
# acronyms in both languages are aliases.
query Search {
  search(text: "GRC", first: 5) {
    totalCount
    edges {
      score
      matchedField
      node { id type name nameFr: name(lang: FR) aliases }
    }
  }
}

# Everything one relationship away from a substance, and
# the relationships between them.
query Neighborhood {
  neighborhood(id: "methamphetamine", depth: 1, limit: 30) {
    truncated
    nodes { id type name }
    relationships { type from { id } to { id } }
  }
}

# A shortest chain of relationships between two entities,
# with the evidence for each link.
query Path {
  path(from: "j-code", to: "winnipeg", maxHops: 4) {
    length
    nodes { id type name }
    relationships {
      type
      from { id }
      to { id }
      evidence { document section quote }
    }
  }
}

# The size of the graph and its vocabulary.
query Stats {
  dataVersion
  stats {
    entities
    relationships
    evidence
    entityTypes { type count }
    relationshipTypes { type count }
  }
  vocabulary { name from to meaning }
}
`
