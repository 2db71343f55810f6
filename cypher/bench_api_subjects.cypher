// bench_api_subjects: the nodes of a loaded city that bench/api_latency.py asks its network questions about.
// Answers: one row: `hub`, the grand party (working) committee with the most relationships; `street`, the street with the
//   most organisations BASED_IN it or an area below it; `chainFrom` and `chainTo`, two organisations linked by
//   posts (SERVES_IN) valid at $asOf through two people and no fewer (a two-hop cross-appointment chain), the
//   first such pair by id from the hub's people. Nulls where the city has none.
// Parameters: $asOf (date).
CALL () {
  MATCH (p:PartyOrganization)
  WHERE p.kind IN ['grand_party_committee', 'grand_working_committee']
  RETURN p.id AS hub ORDER BY COUNT { (p)--() } DESC, p.id LIMIT 1
}
CALL () {
  MATCH (s:Street)
  RETURN s.id AS street ORDER BY COUNT { (s)<-[:WITHIN*0..]-(:Area)<-[:BASED_IN]-(:Organization) } DESC, s.id LIMIT 1
}
OPTIONAL CALL (hub) {
  MATCH (a:Organization {id: hub})<-[r1:SERVES_IN]-(:Person)-[r2:SERVES_IN]->(m:Organization)
        <-[r3:SERVES_IN]-(:Person)-[r4:SERVES_IN]->(b:Organization)
  WHERE a <> m AND m <> b AND a <> b
    AND all(r IN [r1, r2, r3, r4] WHERE (r.start_date IS NULL OR r.start_date <= $asOf)
                                    AND (r.end_date IS NULL OR r.end_date >= $asOf))
    AND NOT EXISTS { (a)<-[:SERVES_IN]-(:Person)-[:SERVES_IN]->(b) }
  RETURN a.id AS chainFrom, b.id AS chainTo ORDER BY b.id LIMIT 1
}
RETURN hub, street, chainFrom, chainTo
