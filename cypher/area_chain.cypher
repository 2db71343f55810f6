// area_chain: the areas an area lies within, from it up to the top (the five-level linkage 市-区-街道-社区-小区).
// Answers: one row per chain (one for a well-formed hierarchy): `chain`, a list of {id, name} from the area upwards;
//   no row when no area has the id.
// Parameters: $id (Area id).
MATCH path = (a:Area {id: $id})-[:WITHIN*0..6]->(top:Area)
WHERE NOT EXISTS { (top)-[:WITHIN]->(:Area) }
RETURN [n IN nodes(path) | {id: n.id, name: n.name}] AS chain
