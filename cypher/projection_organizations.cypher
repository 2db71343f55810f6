// projection_organizations: the organisations of a network projection (no personal data).
// Answers: every organisation of the city, or those BASED_IN / COVERS the area or any area below it
//   (COVERS valid at $asOf), with id, name, labels and kind.
// Parameters: $area (Area id, or null for the whole city), $asOf (date: ties valid that day).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
OPTIONAL MATCH (root:Area {id: $area})
CALL (root) {
  WITH root WHERE root IS NULL
  MATCH (o:Organization)
  RETURN o
  UNION
  WITH root WHERE root IS NOT NULL
  MATCH (root)<-[:WITHIN*0..]-(:Area)<-[r:BASED_IN|COVERS]-(o:Organization)
  WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
  RETURN DISTINCT o
}
RETURN ['id', 'name', 'labels', 'subkind'] AS columns, collect([o.id, o.name, labels(o), o.kind]) AS rows
