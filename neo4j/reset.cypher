// Deletes up to $batch nodes with their relationships; the seed command repeats it until it
// deletes nothing.
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
