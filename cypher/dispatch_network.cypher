// dispatch_network: a street's urban-management dispatch centre (城市综合管理调度中心) and the departments whose
//   forces are sunk to it (下沉力量: its sub-organisations), so each department's cases and service level at the
//   street can be read beside it (service_level_cases.cypher gives the cases).
// Answers: one row when the street exists: `streetId`, `streetName`, `centreId`, `centreName` (null when the
//   street has no dispatch centre), `departments`: a list of maps {id, name, department, people} ordered by id,
//   `people` being those currently serving in it ({id, name, role}): the heads of the units sent to the street,
//   whom the street rates (50 % of their performance). No row when there is no such street.
// Parameters: $streetId (Street id).
MATCH (s:Street {id: $streetId})
OPTIONAL MATCH (centre:GovernmentBody {kind: 'dispatch_centre'})-[:BASED_IN]->(s)
CALL (centre) {
  OPTIONAL MATCH (d:Organization)-[:SUB_ORGANIZATION_OF]->(centre)
  OPTIONAL MATCH (p:Person)-[r:SERVES_IN]->(d)
  WHERE r.end_date IS NULL
  WITH d, collect(CASE WHEN p IS NOT NULL THEN {id: p.id, name: p.name, role: r.role} END) AS people
  ORDER BY d.id
  RETURN collect(CASE WHEN d IS NOT NULL THEN {id: d.id, name: d.name, department: d.department,
                                               people: people} END) AS departments
}
RETURN s.id AS streetId, s.name AS streetName, centre.id AS centreId, centre.name AS centreName, departments
