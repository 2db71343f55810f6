// cross_appointment_chains: the shortest chains organisation → person → organisation → … linking two organisations.
// Answers: one row (no row when either organisation does not exist): the two organisations (labels and
//   properties) and up to $first of
//   the shortest chains between them over posts (SERVES_IN, either way) valid at $asOf (start_date empty or ≤,
//   end_date empty or ≥), at most $maxHops people long (2 × $maxHops relationships; 12 at most, the API's cap).
//   Each chain lists its nodes (organisation, person, organisation, …) and its posts in path order, each post
//   with the person's and the organisation's id. Chains are ordered by the ids along them, so the answer is stable.
// Parameters: $fromId, $toId (Organization ids, different), $maxHops (int, 1–6), $asOf (date), $first (int).
MATCH (a:Organization {id: $fromId}), (b:Organization {id: $toId})
CALL (a, b) {
  MATCH chain = allShortestPaths((a)-[:SERVES_IN*..12]-(b))
  WHERE length(chain) <= 2 * $maxHops
    AND all(r IN relationships(chain)
            WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf))
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
