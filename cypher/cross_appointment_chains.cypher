// cross_appointment_chains: the shortest chains organisation → person → organisation → … linking two organisations.
// Answers: one row (no row when either organisation does not exist): the two organisations (labels and
//   properties) and up to $first of
//   the shortest chains between them over posts (SERVES_IN, either way) valid at $asOf (start_date empty or ≤,
//   end_date empty or ≥), at most $maxHops people long (2 × $maxHops relationships; 12 at most, the API's cap).
//   Each chain lists its nodes (organisation, person, organisation, …) and its posts in path order, each post
//   with the person's and the organisation's id. Chains are ordered by the ids along them, so the answer is stable.
// Scope (api/access.py): with $scope (an Area id) both organisations and every organisation along a chain must
//   be BASED_IN $scope or an area below it (a person between two such organisations serves inside it too); an
//   organisation outside gives no row, as if it did not exist. $scope null: the whole city.
// Parameters: $fromId, $toId (Organization ids, different), $maxHops (int, 1–6), $asOf (date), $first (int),
//   $scope (Area id or null).
CALL () {
  // the organisations inside the scope (none looked for without one)
  OPTIONAL MATCH (o:Organization)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope})
  RETURN collect(DISTINCT o.id) AS inside
}
MATCH (a:Organization {id: $fromId}), (b:Organization {id: $toId})
WHERE $scope IS NULL OR (a.id IN inside AND b.id IN inside)
CALL (a, b, inside) {
  MATCH chain = allShortestPaths((a)-[:SERVES_IN*..12]-(b))
  WHERE length(chain) <= 2 * $maxHops
    AND all(r IN relationships(chain)
            WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf))
    AND ($scope IS NULL OR all(n IN nodes(chain) WHERE n:Person OR n.id IN inside))
  WITH chain, [n IN nodes(chain) | n.id] AS ids
  ORDER BY ids
  LIMIT $first
  RETURN collect({
    nodes: [n IN nodes(chain) | {node: properties(n), labels: labels(n)}],
    posts: [r IN relationships(chain) | {post: properties(r), person: startNode(r).id, organization: endNode(r).id}]
  }) AS chains
}
RETURN properties(a) AS fromNode, labels(a) AS fromLabels, properties(b) AS toNode, labels(b) AS toLabels,
       chains
