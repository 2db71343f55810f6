// planning_compounds: the compounds where a new facility could go and whose residents it would serve.
// Answers: every compound of the city, or of the area and below, with its position and population.
// Parameters: $area (Area id, or null for the whole city).
OPTIONAL MATCH (root:Area {id: $area})
CALL (root) {
  WITH root WHERE root IS NULL
  MATCH (c:Compound)
  RETURN c
  UNION
  WITH root WHERE root IS NOT NULL
  MATCH (root)<-[:WITHIN*0..]-(c:Compound)
  RETURN DISTINCT c
}
RETURN c.id AS id, c.name AS name, c.lat AS lat, c.lon AS lon, c.population AS population
