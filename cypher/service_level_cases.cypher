// service_level_cases: the cases reported in an area over a period, column-wise, with what a service-level
//   report groups them by and their four times (graph/analysis/case_columns.py turns them into arrays).
// Answers: one row. `areas`: the areas searched, each once, as maps {id, streetId, streetName, communityId,
//   communityName (null above that level), gridId, gridName (null unless the area is a grid)}: $areaId and the
//   areas WITHIN it at any depth, or every area a case is REPORTED_IN when $areaId is null. `handlers`: each
//   organisation that handled one of the cases, once, as {id, name, department} (`department`: the department
//   property of a functional department, else its subtype (a residents' committee), else its name). Then one
//   list per column, the same length, one entry per Case REPORTED_IN one of `areas` whose reported_at lies in
//   [$from, $to) (either bound null: open), in no particular order: `id`, `name`, `category`, `source`,
//   `satisfaction` (null where not recorded), `reported`, `accepted`, `handled`, `closed` (epoch seconds as
//   floats, NaN where the step was not reached), `area` (the index in `areas` of the area it was reported in)
//   and `handler` (its handler's id, null when none). Whether $areaId names an area at all is asked first
//   (analysis_area.cypher).
// Parameters: $areaId (Area id or null), $from, $to (datetime or null).
CALL () {
  MATCH (a:Area)
  WHERE $areaId IS NULL AND EXISTS { (a)<-[:REPORTED_IN]-(:Case) }
  RETURN a
  UNION
  MATCH (:Area {id: $areaId})<-[:WITHIN*0..5]-(a:Area)
  RETURN a
}
// Each area's street and community once, not once per case.
OPTIONAL MATCH (a)-[:WITHIN*0..4]->(street:Street)
OPTIONAL MATCH (a)-[:WITHIN*0..3]->(community:Community)
WITH a, street, community
ORDER BY a.id
WITH collect(a) AS nodes,
     collect({id: a.id, streetId: street.id, streetName: street.name, communityId: community.id,
              communityName: community.name, gridId: CASE WHEN a:Grid THEN a.id END,
              gridName: CASE WHEN a:Grid THEN a.name END}) AS areas
CALL (nodes) {
  UNWIND range(0, size(nodes) - 1) AS i
  WITH i, nodes[i] AS a
  MATCH (a)<-[:REPORTED_IN]-(c:Case)
  WHERE ($from IS NULL OR c.reported_at >= $from) AND ($to IS NULL OR c.reported_at < $to)
  OPTIONAL MATCH (c)-[:HANDLED_BY]->(h:Organization)
  // collect() drops nulls: optional values go in one-element lists, unwrapped again, so every column lines up;
  // a missing time is NaN (0.0 / 0.0), which the arithmetic reads as "not reached".
  RETURN collect(DISTINCT h) AS organizations, collect(c.id) AS id, [x IN collect([c.name]) | x[0]] AS name,
         [x IN collect([c.category]) | x[0]] AS category, [x IN collect([c.source]) | x[0]] AS source,
         [x IN collect([c.satisfaction]) | x[0]] AS satisfaction,
         collect(coalesce(toFloat(c.reported_at.epochSeconds), 0.0 / 0.0)) AS reported,
         collect(coalesce(toFloat(c.accepted_at.epochSeconds), 0.0 / 0.0)) AS accepted,
         collect(coalesce(toFloat(c.handled_at.epochSeconds), 0.0 / 0.0)) AS handled,
         collect(coalesce(toFloat(c.closed_at.epochSeconds), 0.0 / 0.0)) AS closed,
         collect(i) AS area, [x IN collect([h.id]) | x[0]] AS handler
}
RETURN areas, [h IN organizations | {id: h.id, name: h.name, department: coalesce(h.department, h.kind, h.name)}]
         AS handlers,
       id, name, category, source, satisfaction, reported, accepted, handled, closed, area, handler
