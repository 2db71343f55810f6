// service_level_cases: the cases reported in an area over a period, each with what a service-level report
//   groups it by, and its four times.
// Answers: one row per Case REPORTED_IN $areaId or an area WITHIN it at any depth (every case when $areaId is
//   null) whose reported_at lies in [$from, $to) (either bound null: open): `id`, `name`, `category`, `source`,
//   `satisfaction`, the times as epoch seconds (`reported`, `accepted`, `handled`, `closed`; null where not
//   reached), the area it was reported in (`areaId`), its street and community (`streetId`, `streetName`,
//   `communityId`, `communityName`; null above that level), its grid when reported in one (`gridId`,
//   `gridName`), and the handling organisation (`handlerId`, `handlerName`, `department`: the department
//   property of a functional department, else its subtype (a residents' committee), else its name). Ordered by id. Whether $areaId names
//   an area at all is asked first (analysis_area.cypher).
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
MATCH (a)<-[:REPORTED_IN]-(c:Case)
WHERE ($from IS NULL OR c.reported_at >= $from) AND ($to IS NULL OR c.reported_at < $to)
OPTIONAL MATCH (c)-[:HANDLED_BY]->(handler:Organization)
RETURN c.id AS id, c.name AS name, c.category AS category, c.source AS source, c.satisfaction AS satisfaction,
       c.reported_at.epochSeconds AS reported, c.accepted_at.epochSeconds AS accepted,
       c.handled_at.epochSeconds AS handled, c.closed_at.epochSeconds AS closed,
       a.id AS areaId, street.id AS streetId, street.name AS streetName,
       community.id AS communityId, community.name AS communityName,
       CASE WHEN a:Grid THEN a.id END AS gridId, CASE WHEN a:Grid THEN a.name END AS gridName,
       handler.id AS handlerId, handler.name AS handlerName,
       coalesce(handler.department, handler.kind, handler.name) AS department
ORDER BY id
