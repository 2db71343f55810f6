// coverage_gaps: which compounds, communities, grids or resident units lack what they should have?
// Answers: one row: whether the scope area exists (`scopeFound`; always true without $areaId), how many gaps of
//   $kind there are in it (`total`), and one page of them ($skip, $first), largest population first (then name,
//   id). Each gap has its subject node, the point it is measured from (its own lat/lon; a resident unit's is its
//   BASED_IN area's) and the nearest facility (of $facilityKind, or any kind when null) with the distance in
//   metres (point.distance, WGS84). Ties count when valid at $asOf (start_date empty or ≤, end_date empty or ≥).
//   $kind is one of:
//     COMPOUND_NO_PARTY_ORGANIZATION    no PartyOrganization COVERS or is BASED_IN the compound
//     COMPOUND_NO_OWNERS_COMMITTEE      no OwnersCommittee REPRESENTS it
//     COMPOUND_NO_PROPERTY_MANAGEMENT   no PropertyCompany MANAGES it
//     COMPOUND_THREE_WITHOUT            none of those three (三无院落)
//     COMPOUND_NO_FACILITY              no Facility (of $facilityKind) within $radiusMeters (compounds with coordinates)
//     COMPOUND_PARTY_OWNERS_UNLINKED    it has a party organisation and an owners' committee, but nobody serves in both
//     COMMUNITY_NO_GRAND_PARTY_COMMITTEE no party organisation of a kind in $grandKinds COVERS or is BASED_IN it
//     GRID_NO_BRANCH                    no party organisation of a kind in $branchKinds COVERS or is BASED_IN it
//     RESIDENT_UNIT_NO_COMMITTEE        a ResidentUnit holding no seat (SEATS_ON) on any committee
//   Scope: areas WITHIN $areaId at any depth (resident units BASED_IN such an area); the whole graph when null.
// Parameters: $kind (string), $areaId (Area id or null), $asOf (date), $radiusMeters (float),
//   $facilityKind (string or null), $grandKinds, $branchKinds (lists of PartyOrganization kinds), $skip, $first (int).
OPTIONAL MATCH (scope:Area {id: $areaId})
CALL (scope) {
  CALL (scope) {
    MATCH (c:Compound)
    WHERE $kind STARTS WITH 'COMPOUND_'
      AND ($areaId IS NULL OR (scope IS NOT NULL AND EXISTS { (c)-[:WITHIN*0..]->(scope) }))
      AND CASE $kind
        WHEN 'COMPOUND_NO_PARTY_ORGANIZATION' THEN NOT EXISTS {
          (:PartyOrganization)-[r:COVERS|BASED_IN]->(c)
          WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
        WHEN 'COMPOUND_NO_OWNERS_COMMITTEE' THEN NOT EXISTS {
          (:OwnersCommittee)-[r:REPRESENTS]->(c)
          WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
        WHEN 'COMPOUND_NO_PROPERTY_MANAGEMENT' THEN NOT EXISTS {
          (:PropertyCompany)-[r:MANAGES]->(c)
          WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
        WHEN 'COMPOUND_THREE_WITHOUT' THEN NOT EXISTS {
          (:Organization)-[r:COVERS|BASED_IN|REPRESENTS|MANAGES]->(c)
          WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
        WHEN 'COMPOUND_NO_FACILITY' THEN c.lat IS NOT NULL AND c.lon IS NOT NULL AND NOT EXISTS {
          MATCH (f:Facility)
          WHERE ($facilityKind IS NULL OR f.kind = $facilityKind)
            // a cheap box test first: one degree of latitude is at least 110.5 km
            AND f.lat >= c.lat - $radiusMeters / 110500.0 AND f.lat <= c.lat + $radiusMeters / 110500.0
            AND point.distance(point({latitude: c.lat, longitude: c.lon}),
                               point({latitude: f.lat, longitude: f.lon})) <= $radiusMeters }
        WHEN 'COMPOUND_PARTY_OWNERS_UNLINKED' THEN
          EXISTS { (:PartyOrganization)-[r:COVERS|BASED_IN]->(c)
                   WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
          AND EXISTS { (:OwnersCommittee)-[r:REPRESENTS]->(c)
                   WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
          AND NOT EXISTS {
            MATCH (po:PartyOrganization)-[r1:COVERS|BASED_IN]->(c)<-[r2:REPRESENTS]-(oc:OwnersCommittee),
                  (po)<-[s1:SERVES_IN]-(:Person)-[s2:SERVES_IN]->(oc)
            WHERE (r1.start_date IS NULL OR r1.start_date <= $asOf) AND (r1.end_date IS NULL OR r1.end_date >= $asOf)
              AND (r2.start_date IS NULL OR r2.start_date <= $asOf) AND (r2.end_date IS NULL OR r2.end_date >= $asOf)
              AND (s1.start_date IS NULL OR s1.start_date <= $asOf) AND (s1.end_date IS NULL OR s1.end_date >= $asOf)
              AND (s2.start_date IS NULL OR s2.start_date <= $asOf) AND (s2.end_date IS NULL OR s2.end_date >= $asOf) }
        ELSE false
      END
    RETURN c AS subject, c AS place
    UNION ALL
    MATCH (c:Community)
    WHERE $kind = 'COMMUNITY_NO_GRAND_PARTY_COMMITTEE'
      AND ($areaId IS NULL OR (scope IS NOT NULL AND EXISTS { (c)-[:WITHIN*0..]->(scope) }))
      AND NOT EXISTS {
        (po:PartyOrganization)-[r:COVERS|BASED_IN]->(c)
        WHERE po.kind IN $grandKinds
          AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
    RETURN c AS subject, c AS place
    UNION ALL
    MATCH (g:Grid)
    WHERE $kind = 'GRID_NO_BRANCH'
      AND ($areaId IS NULL OR (scope IS NOT NULL AND EXISTS { (g)-[:WITHIN*0..]->(scope) }))
      AND NOT EXISTS {
        (po:PartyOrganization)-[r:COVERS|BASED_IN]->(g)
        WHERE po.kind IN $branchKinds
          AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
    RETURN g AS subject, g AS place
    UNION ALL
    MATCH (u:ResidentUnit)
    WHERE $kind = 'RESIDENT_UNIT_NO_COMMITTEE'
      AND ($areaId IS NULL OR (scope IS NOT NULL AND EXISTS { (u)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(scope) }))
      AND NOT EXISTS {
        (u)-[s:SEATS_ON]->(:PartyOrganization)
        WHERE (s.start_date IS NULL OR s.start_date <= $asOf) AND (s.end_date IS NULL OR s.end_date >= $asOf) }
    OPTIONAL MATCH (u)-[:BASED_IN]->(home:Area)
    WITH u, home ORDER BY home.id
    WITH u, head(collect(home)) AS home
    RETURN u AS subject, home AS place
  }
  WITH subject, place
  ORDER BY coalesce(subject.population, -1) DESC, subject.name, subject.id
  RETURN count(*) AS total, collect({subject: subject, place: place})[$skip..$skip + $first] AS page
}
CALL (page) {
  UNWIND page AS gap
  OPTIONAL CALL (gap) {
    WITH gap.place AS place
    MATCH (f:Facility)
    WHERE place.lat IS NOT NULL AND place.lon IS NOT NULL AND f.lat IS NOT NULL AND f.lon IS NOT NULL
      AND ($facilityKind IS NULL OR f.kind = $facilityKind)
    WITH f, point.distance(point({latitude: place.lat, longitude: place.lon}),
                           point({latitude: f.lat, longitude: f.lon})) AS distance
    ORDER BY distance, f.id
    LIMIT 1
    RETURN f AS nearest, distance
  }
  RETURN collect({subject: properties(gap.subject), labels: labels(gap.subject),
                  lat: gap.place.lat, lon: gap.place.lon,
                  nearest: CASE WHEN nearest IS NULL THEN null ELSE properties(nearest) END,
                  distance: distance}) AS gaps
}
RETURN $areaId IS NULL OR scope IS NOT NULL AS scopeFound, total, gaps
