// demo_figures: the graph's value for each figure of the Deyang article (see loaders/demo/figures.py),
// so the demo city (or any loaded city) can be checked against the report.
// Parameters: none. Returns one row, one column per figure key; only current ties (no end_date) count.
CALL () {
  MATCH (g:GovernmentBody)
  RETURN count(CASE WHEN g.kind = 'leading_body' THEN 1 END) AS leading_bodies,
         count(CASE WHEN g.kind = 'promotion_centre' THEN 1 END) AS promotion_centres,
         count(CASE WHEN g.kind = 'district_body' THEN 1 END) AS district_bodies
}
CALL () {
  OPTIONAL MATCH (:Person)-[s:SERVES_IN]->(:GovernmentBody {kind: 'district_body'})
  WHERE s.end_date IS NULL
  RETURN count(s) AS district_body_posts
}
CALL () {
  MATCH (s:Street)
  WHERE NOT EXISTS {
    MATCH (p:PartyOrganization)-[:BASED_IN]->(s)
    WHERE p.kind IN ['grand_working_committee', 'grand_party_committee']
  }
  RETURN count(s) AS streets_without_grand_committee
}
CALL () {
  MATCH (c:Community)
  WHERE NOT EXISTS {
    MATCH (p:PartyOrganization)-[:BASED_IN]->(c)
    WHERE p.kind IN ['grand_party_committee', 'grand_working_committee']
  }
  RETURN count(c) AS communities_without_grand_committee
}
CALL () {
  MATCH (u:ResidentUnit)
  WHERE EXISTS { MATCH (u)-[s:SEATS_ON]->(:PartyOrganization) WHERE s.end_date IS NULL }
  RETURN count(u) AS seated_resident_units
}
CALL () {
  MATCH (p:PartyOrganization)
  RETURN count(CASE WHEN p.kind = 'two_new_committee' THEN 1 END) AS two_new_committees,
         count(CASE WHEN p.kind = 'functional_joint_committee' THEN 1 END) AS functional_joint_committees,
         count(CASE WHEN p.kind IN ['grid_party_branch', 'building_party_group'] THEN 1 END)
           AS grid_branches_and_building_groups,
         count(CASE WHEN p.kind = 'compound_party_organization' THEN 1 END) AS compound_party_organizations
}
CALL () {
  MATCH (s:Street)
  WHERE NOT EXISTS { MATCH (:GovernmentBody {kind: 'dispatch_centre'})-[:BASED_IN]->(s) }
  RETURN count(s) AS streets_without_dispatch_centre
}
CALL () {
  MATCH (c:GovernmentBody {kind: 'dispatch_centre'})
  CALL (c) {
    OPTIONAL MATCH (d:GovernmentBody {kind: 'functional_department'})-[:SUB_ORGANIZATION_OF]->(c)
    RETURN count(DISTINCT d.department) AS departments
  }
  RETURN min(departments) AS dispatch_departments_fewest, max(departments) AS dispatch_departments_most
}
CALL () {
  MATCH (a:Association)
  RETURN count(CASE WHEN a.kind = 'owners_committee_association' THEN 1 END) AS owners_committee_associations,
         count(CASE WHEN a.kind = 'property_company_association' THEN 1 END) AS property_company_associations
}
CALL () {
  MATCH (o:OwnersCommittee)
  RETURN count(o) AS owners_committees
}
CALL () {
  MATCH (t:VolunteerTeam)
  RETURN count(t) AS volunteer_teams
}
CALL () {
  OPTIONAL MATCH (p:Person)-[s:SERVES_IN]->(:VolunteerTeam)
  WHERE s.end_date IS NULL
  RETURN count(DISTINCT p) AS participants
}
CALL () {
  OPTIONAL MATCH (p:Person)-[:SENT_DOWN_TO {programme: '领航行动'}]->(:Compound)
  RETURN count(DISTINCT p) AS sent_down_cadres
}
CALL () {
  MATCH (p:Person)
  WHERE p.planner_role IS NOT NULL
  RETURN count(p) AS planners
}
CALL () {
  MATCH (p:Project {batch: 1})
  RETURN count(p) AS projects
}
CALL () {
  OPTIONAL MATCH (f:Facility {kind: 'area_service_complex'})
  RETURN count(f) AS service_complexes, sum(f.cost_yuan) AS service_complex_cost_yuan,
         min(f.services) AS service_complex_services, min(size(f.categories)) AS service_complex_categories
}
CALL () {
  OPTIONAL MATCH (f:Facility {kind: 'party_building_lounge'})
  RETURN count(f) AS party_building_lounges, sum(f.services) AS lounge_services
}
CALL () {
  OPTIONAL MATCH (o:Organization)-[m:MEMBER_OF]->(:Association {kind: 'party_building_alliance'})
  WHERE m.end_date IS NULL
  RETURN count(DISTINCT o) AS alliance_members
}
CALL () {
  MATCH (u:ResidentUnit)
  WHERE EXISTS { MATCH (u)-[c:CO_BUILDS]-() WHERE c.end_date IS NULL }
  RETURN count(u) AS co_building_units
}
CALL () {
  MATCH (c:Case {mediated: true})
  RETURN count(c) AS mediated_cases
}
CALL () {
  OPTIONAL MATCH (:Organization)-[a:AGREES]->(area:Area)
  RETURN count(DISTINCT [area.id, a.title]) AS conventions
}
CALL () {
  OPTIONAL MATCH (o:GovernmentBody {kind: 'street_office'})
  RETURN max(o.main_duties) AS street_main_duties_most, min(o.former_duties) AS street_former_duties_fewest,
         min(o.delegated_powers) AS delegated_powers_fewest, max(o.delegated_powers) AS delegated_powers_most
}
CALL () {
  OPTIONAL MATCH (:Person)-[s:SERVES_IN]->(:GovernmentBody {kind: 'residents_committee'})
  WHERE s.ladder_post IS NOT NULL
  RETURN count(DISTINCT s.ladder_post) AS staff_ladder_posts, count(DISTINCT s.ladder_grade) AS staff_ladder_grades
}
CALL () {
  OPTIONAL MATCH (:Person)-[s:SENT_DOWN_TO]->(:Area)
  UNWIND coalesce(s.mechanisms, [null]) AS mechanism
  RETURN count(DISTINCT mechanism) AS sent_down_mechanisms
}
CALL () {
  MATCH (p:Project {batch: 1})
  RETURN count(CASE WHEN p.award_yuan > 0 THEN 1 END) AS projects_with_award
}
RETURN *
