// demo_structure: does a loaded city hold each structure of the Deyang model, and real coverage gaps to find?
// Answers: one row of counts (current ties only: no end_date): people holding posts in two or more organisations
//   (交叉任职) and the sorts of cross-appointment; part-time seats with the member the unit sent; co-building ties;
//   compounds without a party organisation, owners' committee, property company, all three (三无院落), or any
//   facility within $radiusMeters; compounds whose party organisation and owners' committee share no one; grids
//   without a branch; resident units on no committee; the distinct codes used (mechanisms, planner roles and
//   fields, project kinds); and residents' cases by the 2 h / 24 h / 7 d service level.
// Parameters: $radiusMeters (float).
CALL () {
  MATCH (p:Person)-[s:SERVES_IN]->(o:Organization)
  WHERE s.end_date IS NULL
  WITH p, count(DISTINCT o) AS organizations
  WHERE organizations >= 2
  RETURN count(p) AS cross_appointed_people
}
CALL () {
  OPTIONAL MATCH (p:Person)-[s1:SERVES_IN]->(:PartyOrganization {kind: 'compound_party_organization'}),
                 (p)-[s2:SERVES_IN]->(:OwnersCommittee)
  WHERE s1.end_date IS NULL AND s2.end_date IS NULL
  RETURN count(DISTINCT p) AS party_and_owners_committee_people
}
CALL () {
  OPTIONAL MATCH (p:Person)-[s1:SERVES_IN]->(po:PartyOrganization), (p)-[s2:SERVES_IN]->(a:Association)
  WHERE s1.end_date IS NULL AND s2.end_date IS NULL
    AND po.kind IN ['compound_party_organization', 'grand_party_committee', 'unit_party_organization']
    AND a.kind IN ['owners_committee_association', 'property_company_association']
  RETURN count(DISTINCT p) AS party_and_association_people
}
CALL () {
  OPTIONAL MATCH (u:ResidentUnit)-[seat:SEATS_ON]->(committee:PartyOrganization)
  WHERE seat.end_date IS NULL
    AND EXISTS { MATCH (:Person)-[s:SERVES_IN {part_time: true, on_behalf_of: u.id}]->(committee)
                 WHERE s.end_date IS NULL }
  RETURN count(seat) AS seats_with_sent_member
}
CALL () {
  OPTIONAL MATCH (:Organization)-[c:CO_BUILDS]->(:Organization)
  UNWIND coalesce(c.mechanisms, [null]) AS mechanism
  WITH c, mechanism ORDER BY mechanism
  RETURN count(DISTINCT c) AS co_building_ties, collect(DISTINCT mechanism) AS co_building_mechanisms
}
CALL () {
  MATCH (c:Compound)
  WITH c,
       EXISTS { (:PartyOrganization)-[:COVERS|BASED_IN]->(c) } AS party,
       EXISTS { (:OwnersCommittee)-[:REPRESENTS]->(c) } AS owners,
       EXISTS { (:PropertyCompany)-[:MANAGES]->(c) } AS managed
  RETURN count(c) AS compounds,
         count(CASE WHEN NOT party THEN 1 END) AS compounds_without_party_organization,
         count(CASE WHEN NOT owners THEN 1 END) AS compounds_without_owners_committee,
         count(CASE WHEN NOT managed THEN 1 END) AS compounds_without_property_company,
         count(CASE WHEN NOT (party OR owners OR managed) THEN 1 END) AS three_without_compounds,
         count(CASE WHEN party AND owners AND NOT EXISTS {
           MATCH (c)<-[:COVERS|BASED_IN]-(:PartyOrganization)<-[s1:SERVES_IN]-(:Person)
                 -[s2:SERVES_IN]->(:OwnersCommittee)-[:REPRESENTS]->(c)
           WHERE s1.end_date IS NULL AND s2.end_date IS NULL } THEN 1 END) AS compounds_party_owners_unlinked
}
CALL () {
  MATCH (c:Compound)
  WHERE NOT EXISTS {
    MATCH (f:Facility)
    WHERE f.lat >= c.lat - $radiusMeters / 110500.0 AND f.lat <= c.lat + $radiusMeters / 110500.0
      AND point.distance(point({latitude: c.lat, longitude: c.lon}),
                         point({latitude: f.lat, longitude: f.lon})) <= $radiusMeters }
  RETURN count(c) AS compounds_without_facility_nearby
}
CALL () {
  MATCH (g:Grid)
  WHERE NOT EXISTS { (:PartyOrganization {kind: 'grid_party_branch'})-[:COVERS|BASED_IN]->(g) }
  RETURN count(g) AS grids_without_branch
}
CALL () {
  MATCH (u:ResidentUnit)
  WHERE NOT EXISTS { (u)-[:SEATS_ON]->(:PartyOrganization) }
  RETURN count(u) AS resident_units_on_no_committee
}
CALL () {
  OPTIONAL MATCH (:Person)-[s:SENT_DOWN_TO]->(:Compound)
  UNWIND coalesce(s.mechanisms, [null]) AS mechanism
  WITH mechanism ORDER BY mechanism
  RETURN collect(DISTINCT mechanism) AS sent_down_mechanisms
}
CALL () {
  OPTIONAL MATCH (p:Person) WHERE p.planner_role IS NOT NULL
  WITH p ORDER BY p.planner_role, p.expertise
  RETURN collect(DISTINCT p.planner_role) AS planner_roles, collect(DISTINCT p.expertise) AS planner_fields
}
CALL () {
  OPTIONAL MATCH (p:Project)
  WITH p ORDER BY p.kind
  RETURN collect(DISTINCT p.kind) AS project_kinds,
         count(CASE WHEN p.award_yuan > 0 THEN 1 END) AS projects_with_award,
         count(CASE WHEN EXISTS { (:Person)-[:PLANS]->(p) } THEN 1 END) AS projects_with_planners
}
CALL () {
  MATCH (c:Case)
  RETURN count(CASE WHEN c.accepted_at <= c.reported_at + duration({hours: 2}) THEN 1 END) AS accepted_within_2h,
         count(CASE WHEN c.accepted_at > c.reported_at + duration({hours: 2}) THEN 1 END) AS accepted_late,
         count(CASE WHEN c.handled_at <= c.accepted_at + duration({hours: 24}) THEN 1 END) AS handled_within_24h,
         count(CASE WHEN c.handled_at > c.accepted_at + duration({hours: 24}) THEN 1 END) AS handled_late,
         count(CASE WHEN c.closed_at <= c.reported_at + duration({days: 7}) THEN 1 END) AS closed_within_7d,
         count(CASE WHEN c.closed_at > c.reported_at + duration({days: 7}) THEN 1 END) AS closed_late,
         count(CASE WHEN c.closed_at IS NULL THEN 1 END) AS open_cases
}
RETURN *
