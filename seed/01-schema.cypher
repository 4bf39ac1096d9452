// Generated from seed/data by `go generate ./...`. Do not edit: edit the data and regenerate.
// Schema: one unique id per label, an index on type, and the full-text index used by search.
// Safe to run again: constraints and indexes say IF NOT EXISTS; the full-text index is made anew.
CREATE CONSTRAINT entityId IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT documentId IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT eventId IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sessionId IF NOT EXISTS FOR (n:Session) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organizationId IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT personId IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT initiativeId IF NOT EXISTS FOR (n:Initiative) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT substanceId IF NOT EXISTS FOR (n:Substance) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT placeId IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT factId IF NOT EXISTS FOR (n:Fact) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graphMetaId IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE;
CREATE INDEX entityType IF NOT EXISTS FOR (n:Entity) ON (n.type);
DROP INDEX entitySearch IF EXISTS;
CREATE FULLTEXT INDEX entitySearch IF NOT EXISTS FOR (n:Entity) ON EACH [n.nameFr, n.nameEn, n.aliasesText, n.descriptionFr, n.descriptionEn, n.statementFr, n.statementEn, n.searchText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
CALL db.awaitIndexes(300);
