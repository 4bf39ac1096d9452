// One window of the walk of a label's id index in order for the neighbours of a hub: the next
// $window entities of the label (Entity, or the one type the vocabulary allows at the other end)
// after $after, and among them those not in $excluded that have a relationship of the type
// (PART_OF here; the store writes the label and the type out for each type of the vocabulary:
// hubStatements) with the hub $id (found, in id order). The check expands from the entity's side, the smaller (Expand(Into)):
// the hub's relationships are never read. scanned and last say how far the window went.
MATCH (h:Entity {id: $id})
CALL (h) {
  MATCH (m:Entity)
  WHERE m.id > $after
  WITH m ORDER BY m.id LIMIT $window
  WITH m, NOT m.id IN $excluded AND EXISTS { (h)-[:PART_OF]-(m) } AS hit
  RETURN collect(CASE WHEN hit THEN m.id END) AS found, count(m) AS scanned, max(m.id) AS last
}
RETURN found, scanned, last
