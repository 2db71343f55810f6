// projection_areas: the areas of a projection: the whole city, or an area and every area below it.
// Answers: id, name, labels, population and coordinates of each area (no personal data).
// Parameters: $area (Area id, or null for every area).
// Rows come packed in one list (`columns` names the fields): one Bolt record instead of one per row.
OPTIONAL MATCH (root:Area {id: $area})
CALL (root) {
  WITH root WHERE root IS NULL
  MATCH (a:Area)
  RETURN a
  UNION
  WITH root WHERE root IS NOT NULL
  MATCH (root)<-[:WITHIN*0..]-(a:Area)
  RETURN DISTINCT a
}
RETURN ['id', 'name', 'labels', 'population', 'lat', 'lon'] AS columns,
       collect([a.id, a.name, labels(a), a.population, a.lat, a.lon]) AS rows
