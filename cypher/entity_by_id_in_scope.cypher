// entity_by_id_in_scope: like entity_by_id, among the nodes inside an area scope only (api/access.py).
// Answers: one row per id found among nodes labelled {{LABEL}} that lie inside the area $scope: an area that is
//   $scope or below it; a node BASED_IN, LOCATED_IN or REPORTED_IN such an area; a person SERVING_IN an
//   organisation based in one. The id, the node's labels and properties. A node outside gives no row: to the
//   caller it does not exist.
// Parameters: $ids (list of node ids), $scope (Area id).
// Template: {{LABEL}} is a kind or family label, or several joined by `|`, filled from graph/ontology.py only.
MATCH (s:Area {id: $scope})
UNWIND $ids AS id
MATCH (n:{{LABEL}} {id: id})
WHERE EXISTS { (n)-[:WITHIN*0..]->(s) }
   OR EXISTS { (n)-[:BASED_IN|LOCATED_IN|REPORTED_IN]->(:Area)-[:WITHIN*0..]->(s) }
   OR EXISTS { (n)-[:SERVES_IN]->(:Organization)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(s) }
RETURN id, labels(n) AS labels, properties(n) AS node
