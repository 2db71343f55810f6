// neighborhood: a bounded subgraph around one node, for a view.
// Answers: one row (no row when no node of a family in {{FAMILIES}} has the id): the centre; the nodes (of
//   those families) within $depth (1–3) steps of it, nearest first (breadth-first), at most $limit of them
//   besides the centre (`truncated` says whether more were in reach); and every relationship between two
//   returned nodes with its type and properties. Nodes come with their labels and properties.
// Parameters: $id (node id), $depth (int, 1–3), $limit (int).
// Template: {{FAMILIES}} is the family labels joined by `|`, filled from graph/ontology.py only.
MATCH (centre:{{FAMILIES}} {id: $id})
WITH centre LIMIT 1
CALL (centre) {
  CALL (centre) {
    MATCH (centre)-[*1..1]-(m:{{FAMILIES}}) WHERE $depth = 1 AND m <> centre
    RETURN DISTINCT m
    UNION
    MATCH (centre)-[*1..2]-(m:{{FAMILIES}}) WHERE $depth = 2 AND m <> centre
    RETURN DISTINCT m
    UNION
    MATCH (centre)-[*1..3]-(m:{{FAMILIES}}) WHERE $depth = 3 AND m <> centre
    RETURN DISTINCT m
  }
  WITH m LIMIT $limit + 1
  RETURN collect(m) AS found
}
WITH centre, found[..$limit] AS around, size(found) > $limit AS truncated
WITH centre, truncated, [centre] + around AS members
CALL (members) {
  UNWIND members AS x
  MATCH (x)-[r]->(y)
  WHERE y IN members
  RETURN collect({type: type(r), source: x.id, sourceLabels: labels(x), target: y.id, targetLabels: labels(y),
                  properties: properties(r)}) AS edges
}
RETURN [n IN members | {node: properties(n), labels: labels(n)}] AS nodes, edges, truncated
