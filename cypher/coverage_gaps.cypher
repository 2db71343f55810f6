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
//   Scope: $areaId and the areas WITHIN it at any depth (resident units BASED_IN such an area); the whole graph
//   when null. Distances are checked against the facilities' coordinates gathered once into a list (one pass
//   over Facility, then arithmetic in memory), not a facility lookup per compound.
//   `groups`: every gap (not only the page's) in one group of all (`grouping` and key null) and, unless $groupBy
//   is null, grouped by it (`grouping` = $groupBy): 'KIND', by the subject's kind label among $kindNames;
//   'SUBTYPE', by its `kind` property; 'AREA', by the id of the area labelled $level its place lies in (the
//   place itself counts). Each group: grouping, key, count, and `stats` of the subjects' population and
//   households (present, sum, avg, min, max), largest group first.
// Parameters: $kind (string), $areaId (Area id or null), $asOf (date), $radiusMeters (float),
//   $facilityKind (string or null), $grandKinds, $branchKinds (lists of PartyOrganization kinds), $skip, $first (int),
//   $groupBy (null | 'KIND' | 'SUBTYPE' | 'AREA'), $kindNames (list of kind labels), $level (area label or null).
OPTIONAL MATCH (scope:Area {id: $areaId})
CALL () {
  MATCH (f:Facility)
  WHERE ($facilityKind IS NULL OR f.kind = $facilityKind) AND f.lat IS NOT NULL AND f.lon IS NOT NULL
  RETURN collect(f) AS facilities, collect(point({latitude: f.lat, longitude: f.lon})) AS spots
}
// Facilities in bands of latitude as wide as the radius (at least 0.005°), so a compound is checked only
// against the three bands around it: `bands[i]` holds the points of band `firstBand + i`.
WITH scope, facilities, spots, CASE WHEN $radiusMeters / 110500.0 > 0.005 THEN $radiusMeters / 110500.0
                                    ELSE 0.005 END AS width
CALL (spots, width) {
  UNWIND spots AS spot
  WITH spot, toInteger(floor(spot.latitude / width)) AS band
  ORDER BY band
  WITH band, collect(spot) AS points
  RETURN collect({band: band, points: points}) AS grouped
}
WITH scope, facilities, spots, width, grouped, coalesce(grouped[0].band, 0) AS firstBand
WITH scope, facilities, spots, width, firstBand,
     [b IN range(firstBand, coalesce(last(grouped).band, firstBand - 1)) |
      coalesce(head([g IN grouped WHERE g.band = b]).points, [])] AS bands
CALL (scope, bands, width, firstBand) {
  CALL (scope) {
    MATCH (a:Area)
    WHERE $areaId IS NULL
    RETURN a
    UNION
    MATCH (scope)<-[:WITHIN*0..]-(a:Area)
    RETURN a
  }
  CALL (a, bands, width, firstBand) {
    WITH a, bands, width, firstBand, CASE WHEN a.lat IS NULL OR a.lon IS NULL THEN null
                        ELSE point({latitude: a.lat, longitude: a.lon}) END AS here
    WHERE a:Compound AND $kind STARTS WITH 'COMPOUND_'
      AND CASE $kind
        WHEN 'COMPOUND_NO_PARTY_ORGANIZATION' THEN NOT EXISTS {
          (:PartyOrganization)-[r:COVERS|BASED_IN]->(a)
          WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
        WHEN 'COMPOUND_NO_OWNERS_COMMITTEE' THEN NOT EXISTS {
          (:OwnersCommittee)-[r:REPRESENTS]->(a)
          WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
        WHEN 'COMPOUND_NO_PROPERTY_MANAGEMENT' THEN NOT EXISTS {
          (:PropertyCompany)-[r:MANAGES]->(a)
          WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
        WHEN 'COMPOUND_THREE_WITHOUT' THEN NOT EXISTS {
          (o:Organization)-[r:COVERS|BASED_IN|REPRESENTS|MANAGES]->(a)
          WHERE (o:PartyOrganization OR o:OwnersCommittee OR o:PropertyCompany)
            AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
        WHEN 'COMPOUND_NO_FACILITY' THEN here IS NOT NULL
          // only facilities in the bands of latitude within reach (one degree is at least 110.5 km)
          AND none(spot IN reduce(near = [], i IN range(toInteger(floor((here.latitude - width) / width)) - firstBand,
                                                        toInteger(floor((here.latitude + width) / width)) - firstBand) |
                                  near + CASE WHEN 0 <= i < size(bands) THEN bands[i] ELSE [] END)
                   WHERE point.distance(spot, here) <= $radiusMeters)
        WHEN 'COMPOUND_PARTY_OWNERS_UNLINKED' THEN
          EXISTS { (:PartyOrganization)-[r:COVERS|BASED_IN]->(a)
                   WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
          AND EXISTS { (:OwnersCommittee)-[r:REPRESENTS]->(a)
                   WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
          AND NOT EXISTS {
            MATCH (po:PartyOrganization)-[r1:COVERS|BASED_IN]->(a)<-[r2:REPRESENTS]-(oc:OwnersCommittee),
                  (po)<-[s1:SERVES_IN]-(:Person)-[s2:SERVES_IN]->(oc)
            WHERE (r1.start_date IS NULL OR r1.start_date <= $asOf) AND (r1.end_date IS NULL OR r1.end_date >= $asOf)
              AND (r2.start_date IS NULL OR r2.start_date <= $asOf) AND (r2.end_date IS NULL OR r2.end_date >= $asOf)
              AND (s1.start_date IS NULL OR s1.start_date <= $asOf) AND (s1.end_date IS NULL OR s1.end_date >= $asOf)
              AND (s2.start_date IS NULL OR s2.start_date <= $asOf) AND (s2.end_date IS NULL OR s2.end_date >= $asOf) }
        ELSE false
      END
    RETURN a AS subject, a AS place
    UNION ALL
    WITH a
    WHERE a:Community AND $kind = 'COMMUNITY_NO_GRAND_PARTY_COMMITTEE'
      AND NOT EXISTS {
        (po:PartyOrganization)-[r:COVERS|BASED_IN]->(a)
        WHERE po.kind IN $grandKinds
          AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
    RETURN a AS subject, a AS place
    UNION ALL
    WITH a
    WHERE a:Grid AND $kind = 'GRID_NO_BRANCH'
      AND NOT EXISTS {
        (po:PartyOrganization)-[r:COVERS|BASED_IN]->(a)
        WHERE po.kind IN $branchKinds
          AND (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf) }
    RETURN a AS subject, a AS place
    UNION ALL
    WITH a
    WHERE $kind = 'RESIDENT_UNIT_NO_COMMITTEE'
    MATCH (u:ResidentUnit)-[:BASED_IN]->(a)
    WHERE NOT EXISTS {
        (u)-[s:SEATS_ON]->(:PartyOrganization)
        WHERE (s.start_date IS NULL OR s.start_date <= $asOf) AND (s.end_date IS NULL OR s.end_date >= $asOf) }
    RETURN u AS subject, a AS place
  }
  WITH subject, place
  ORDER BY place.id
  WITH subject, head(collect(place)) AS place
  ORDER BY coalesce(subject.population, -1) DESC, subject.name, subject.id
  WITH collect({subject: subject, place: place}) AS found
  // the groups of every gap (not only the page's), counted here
  CALL (found) {
    UNWIND found AS gap
    UNWIND CASE WHEN $groupBy IS NULL THEN [null] ELSE [null, $groupBy] END AS grouping
    WITH grouping, gap.subject AS subject, gap.place AS place
    WITH grouping, subject, CASE grouping
        WHEN 'KIND' THEN head([label IN labels(subject) WHERE label IN $kindNames])
        WHEN 'SUBTYPE' THEN subject.kind
        WHEN 'AREA' THEN head(COLLECT { MATCH (place)-[:WITHIN*0..]->(a:Area)
                                       WHERE $level IN labels(a) RETURN a.id ORDER BY a.id LIMIT 1 })
      END AS key
    WITH grouping, key, count(*) AS count,
         count(subject.population) AS people, sum(subject.population) AS peopleSum,
         avg(subject.population) AS peopleAvg, min(subject.population) AS peopleMin,
         max(subject.population) AS peopleMax,
         count(subject.households) AS homes, sum(subject.households) AS homesSum,
         avg(subject.households) AS homesAvg, min(subject.households) AS homesMin,
         max(subject.households) AS homesMax
    ORDER BY count DESC, key
    RETURN collect({grouping: grouping, key: key, count: count, stats: [
      {p: 'population', present: people, sum: CASE WHEN people > 0 THEN peopleSum END, avg: peopleAvg,
       min: peopleMin, max: peopleMax},
      {p: 'households', present: homes, sum: CASE WHEN homes > 0 THEN homesSum END, avg: homesAvg,
       min: homesMin, max: homesMax}]}) AS groups
  }
  RETURN size(found) AS total, found[$skip..$skip + $first] AS page, groups
}
CALL (page, facilities, spots) {
  UNWIND page AS gap
  WITH gap, facilities, spots, CASE WHEN gap.place.lat IS NULL OR gap.place.lon IS NULL THEN null
                        ELSE point({latitude: gap.place.lat, longitude: gap.place.lon}) END AS here
  OPTIONAL CALL (here, spots) {
    UNWIND range(0, size(spots) - 1) AS i
    WITH i, point.distance(here, spots[i]) AS distance
    WHERE distance IS NOT NULL
    ORDER BY distance, i
    LIMIT 1
    RETURN i AS nearest, distance
  }
  RETURN collect({subject: properties(gap.subject), labels: labels(gap.subject),
                  lat: gap.place.lat, lon: gap.place.lon,
                  nearest: CASE WHEN nearest IS NULL THEN null ELSE properties(facilities[nearest]) END,
                  distance: distance}) AS gaps
}
RETURN $areaId IS NULL OR scope IS NOT NULL AS scopeFound, total, gaps, groups
