// projection_areas: the areas of a projection: the whole city, or an area and every area below it.
// Answers: id, name, labels, population and coordinates of each area (no personal data).
// Parameters: $area (Area id, or null for every area).
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
RETURN a.id AS id, a.name AS name, labels(a) AS labels, a.population AS population, a.lat AS lat, a.lon AS lon
