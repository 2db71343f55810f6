// co_builders: with whom does an organisation co-build at a date, how, and how strongly?
// Answers: one row (no row when there is no such organisation): the organisation, how many partners it has
//   (`total`) and its partners, strongest first (then by name and id), $skip skipped and at most
//   $limit of them. A partner is
//   tied by one or more of:
//     agreement     a CO_BUILDS agreement valid at $asOf (its name, mechanisms and dates);
//     shared unit   a resident unit holding a seat (SEATS_ON valid at $asOf) on both committees;
//     shared person someone holding a post (SERVES_IN valid at $asOf) in both.
//   weight = Σ over agreements (agreement + mechanism × max(mechanisms − 1, 0))
//          + sharedUnit × units + sharedPerson × people
//   with the weights of the analysis' organisation network (graph/analysis/projections.py TIE_WEIGHTS, MECHANISM_BONUS).
//   A tie is valid at a date when start_date is empty or ≤ it and end_date is empty or ≥ it.
//   With $scope (an identity's area scope), the organisation, its partners and the units they share are
//   those BASED_IN the area or below it only: an organisation outside is not found.
//   `groups`: every partner (not only the page's) in one group of all (`grouping` and key null) and, unless
//   $groupBy is null, grouped by it: 'KIND', by the partner's kind label among $kindNames; 'SUBTYPE', by its
//   `kind` property; each with key, count and `stats` of the weights (present, sum, avg, min, max).
// Parameters: $organizationId (Organization id), $asOf (date), $skip, $limit (int), $scope (Area id or null),
//   $weights (map: agreement, mechanism, sharedUnit, sharedPerson — floats), $groupBy (null | 'KIND' |
//   'SUBTYPE'), $kindNames (list of kind labels).
MATCH (o:Organization {id: $organizationId})
WHERE ($scope IS NULL OR EXISTS { (o)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) })
CALL (o) {
  CALL (o) {
    MATCH (o)-[c:CO_BUILDS]-(p:Organization)
    WHERE p <> o AND ($scope IS NULL OR EXISTS { (p)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) })
      AND (c.start_date IS NULL OR c.start_date <= $asOf) AND (c.end_date IS NULL OR c.end_date >= $asOf)
    RETURN p, c AS agreement, null AS unit, null AS person
    UNION ALL
    MATCH (o)<-[s1:SEATS_ON]-(u:Organization)-[s2:SEATS_ON]->(p:Organization)
    WHERE p <> o AND ($scope IS NULL OR EXISTS { (p)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) })
      AND ($scope IS NULL OR EXISTS { (u)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) })
      AND (s1.start_date IS NULL OR s1.start_date <= $asOf) AND (s1.end_date IS NULL OR s1.end_date >= $asOf)
      AND (s2.start_date IS NULL OR s2.start_date <= $asOf) AND (s2.end_date IS NULL OR s2.end_date >= $asOf)
    RETURN p, null AS agreement, u AS unit, null AS person
    UNION ALL
    MATCH (o)<-[r1:SERVES_IN]-(x:Person)-[r2:SERVES_IN]->(p:Organization)
    WHERE p <> o AND ($scope IS NULL OR EXISTS { (p)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) })
      AND (r1.start_date IS NULL OR r1.start_date <= $asOf) AND (r1.end_date IS NULL OR r1.end_date >= $asOf)
      AND (r2.start_date IS NULL OR r2.start_date <= $asOf) AND (r2.end_date IS NULL OR r2.end_date >= $asOf)
    RETURN p, null AS agreement, null AS unit, x AS person
  }
  WITH p, collect(DISTINCT agreement) AS agreements, collect(DISTINCT unit) AS units,
       collect(DISTINCT person) AS people
  WITH p, agreements, units, people,
       reduce(w = 0.0, c IN agreements |
              w + $weights.agreement + $weights.mechanism * CASE WHEN size(coalesce(c.mechanisms, [])) > 1
                                                                 THEN size(c.mechanisms) - 1 ELSE 0 END)
       + $weights.sharedUnit * size(units) + $weights.sharedPerson * size(people) AS weight
  ORDER BY weight DESC, p.name, p.id
  WITH collect({node: properties(p), labels: labels(p), weight: weight,
                agreements: [c IN agreements | properties(c)],
                units: [u IN units | {node: properties(u), labels: labels(u)}],
                people: [x IN people | {node: properties(x), labels: labels(x)}]}) AS found
  RETURN size(found) AS total, found[$skip..$skip + $limit] AS partners,
         COLLECT {
           UNWIND CASE WHEN $groupBy IS NULL THEN [null] ELSE [null, $groupBy] END AS grouping
           UNWIND found AS partner
           WITH grouping, partner.weight AS w, CASE grouping
               WHEN 'KIND' THEN head([label IN partner.labels WHERE label IN $kindNames])
               WHEN 'SUBTYPE' THEN partner.node.kind
             END AS key
           WITH grouping, key, count(*) AS count, sum(w) AS total, avg(w) AS mean, min(w) AS least, max(w) AS most
           ORDER BY count DESC, key
           RETURN {grouping: grouping, key: key, count: count,
                   stats: [{p: 'weight', present: count, sum: total, avg: mean, min: least, max: most}]}
         } AS groups
}
RETURN properties(o) AS node, labels(o) AS labels, total, partners, groups
