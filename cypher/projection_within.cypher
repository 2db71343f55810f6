// projection_within: the ties of the area hierarchy, child WITHIN parent.
// Answers: one row per WITHIN tie whose both ends are among $areas (or every tie when $areas is null).
// Parameters: $areas (list of Area ids, or null for the whole city).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
MATCH (child:Area)-[:WITHIN]->(parent:Area)
WHERE $areas IS NULL OR (child.id IN $areas AND parent.id IN $areas)
RETURN ['source', 'target'] AS columns, collect([child.id, parent.id]) AS rows
