// co_building_network: the co-building network inside an area at a date, as nodes and weighted edges to draw.
// Answers: one row (no row when there is no such area): the area; `totalNodes`, the number of organisations
//   in it (BASED_IN or COVERS the area or any area below it); `nodes`, the $limit organisations with the
//   greatest strength (sum of their tie weights inside the area; then by name and id), each with its degree and
//   strength; and `edges`, the ties between two kept organisations (source id < target id), each with its
//   weight and what it is made of: agreements (CO_BUILDS valid at $asOf) and their mechanisms, resident units
//   seated on both committees (SEATS_ON valid at $asOf), people holding a post in both (SERVES_IN valid at $asOf).
//   weight = Σ over agreements (agreement + mechanism × max(mechanisms − 1, 0))
//          + sharedUnit × units + sharedPerson × people   (as in co_builders.cypher and graph/analysis/projections.py).
// Parameters: $areaId (Area id), $asOf (date), $limit (int, most nodes returned),
//   $weights (map: agreement, mechanism, sharedUnit, sharedPerson — floats).
MATCH (a:Area {id: $areaId})
CALL (a) {
  MATCH (a)<-[:WITHIN*0..]-(:Area)<-[:BASED_IN|COVERS]-(o:Organization)
  WITH DISTINCT o
  CALL (o, a) {
    CALL (o, a) {
      MATCH (o)-[c:CO_BUILDS]-(p:Organization)
      WHERE p <> o
        AND (c.start_date IS NULL OR c.start_date <= $asOf) AND (c.end_date IS NULL OR c.end_date >= $asOf)
      RETURN p, c AS agreement, null AS unit, null AS person
      UNION ALL
      MATCH (o)<-[s1:SEATS_ON]-(u:Organization)-[s2:SEATS_ON]->(p:Organization)
      WHERE p <> o
        AND (s1.start_date IS NULL OR s1.start_date <= $asOf) AND (s1.end_date IS NULL OR s1.end_date >= $asOf)
        AND (s2.start_date IS NULL OR s2.start_date <= $asOf) AND (s2.end_date IS NULL OR s2.end_date >= $asOf)
      RETURN p, null AS agreement, u AS unit, null AS person
      UNION ALL
      MATCH (o)<-[r1:SERVES_IN]-(x:Person)-[r2:SERVES_IN]->(p:Organization)
      WHERE p <> o
        AND (r1.start_date IS NULL OR r1.start_date <= $asOf) AND (r1.end_date IS NULL OR r1.end_date >= $asOf)
        AND (r2.start_date IS NULL OR r2.start_date <= $asOf) AND (r2.end_date IS NULL OR r2.end_date >= $asOf)
      RETURN p, null AS agreement, null AS unit, x AS person
    }
    WITH p, a, collect(DISTINCT agreement) AS agreements, collect(DISTINCT unit) AS units,
         collect(DISTINCT person) AS people
    WHERE EXISTS { (p)-[:BASED_IN|COVERS]->(:Area)-[:WITHIN*0..]->(a) }
    RETURN collect({
      partner: p,
      agreements: size(agreements),
      mechanisms: reduce(names = [], c IN agreements | names + [m IN coalesce(c.mechanisms, []) WHERE NOT m IN names]),
      units: [u IN units | u.id],
      people: size(people),
      weight: reduce(w = 0.0, c IN agreements |
                     w + $weights.agreement + $weights.mechanism * CASE WHEN size(coalesce(c.mechanisms, [])) > 1
                                                                        THEN size(c.mechanisms) - 1 ELSE 0 END)
              + $weights.sharedUnit * size(units) + $weights.sharedPerson * size(people)
    }) AS ties
  }
  WITH o, ties, reduce(s = 0.0, t IN ties | s + t.weight) AS strength
  ORDER BY strength DESC, o.name, o.id
  RETURN count(o) AS totalNodes, collect({organization: o, ties: ties, strength: strength})[..$limit] AS kept
}
CALL (kept) {
  WITH kept, [k IN kept | k.organization] AS keptNodes
  UNWIND kept AS k
  UNWIND k.ties AS t
  WITH k, t, keptNodes
  WHERE k.organization.id < t.partner.id AND t.partner IN keptNodes
  RETURN collect({source: k.organization.id, target: t.partner.id, weight: t.weight, agreements: t.agreements,
                  mechanisms: t.mechanisms, sharedUnits: t.units, sharedPeople: t.people}) AS edges
}
RETURN properties(a) AS area, labels(a) AS areaLabels, totalNodes,
       [k IN kept | {node: properties(k.organization), labels: labels(k.organization),
                     degree: size(k.ties), strength: k.strength}] AS nodes,
       edges
