// cross_appointments: who holds posts in at least $minOrganizations organisations at a date (交叉任职)?
// Answers: one row: whether the scope area exists (`scopeFound`; always true without $areaId), how many such
//   people there are (`total`), and one page of them ($skip, $first), most organisations first (then name, id),
//   each with the number of organisations and the posts (SERVES_IN valid at $asOf: start_date empty or ≤,
//   end_date empty or ≥), each post with its role, dates and organisation, ordered by organisation name.
//   With $areaId, only posts in organisations BASED_IN that area or any area below it count.
//   People are ranked on counts alone and only the page's posts are read: a province has hundreds of
//   thousands of cross-appointed people, and gathering every post's properties to keep twenty cost seconds.
//   `counted`: the statistics of every such person's number of organisations (present, sum, avg, min, max).
// Parameters: $areaId (Area id or null), $asOf (date), $minOrganizations (int), $skip, $first (int).
OPTIONAL MATCH (scope:Area {id: $areaId})
CALL (scope) {
  CALL (scope) {
    // the whole graph: people with enough posts of any date (a degree count), then their valid posts
    MATCH (p:Person)
    WHERE $areaId IS NULL AND COUNT { (p)-[:SERVES_IN]->() } >= $minOrganizations
    MATCH (p)-[r:SERVES_IN]->(o:Organization)
    WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
    RETURN p, o
    UNION
    // an area: start from it and walk down to the organisations based there
    MATCH (scope)<-[:WITHIN*0..]-(:Area)<-[:BASED_IN]-(o:Organization)<-[r:SERVES_IN]-(p:Person)
    WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
    RETURN p, o
  }
  WITH p, count(DISTINCT o) AS organizations
  WHERE organizations >= $minOrganizations
  ORDER BY organizations DESC, p.name, p.id
  WITH collect({person: p, organizations: organizations}) AS ranked, sum(organizations) AS sum,
       avg(organizations) AS mean, min(organizations) AS least, max(organizations) AS most
  RETURN size(ranked) AS total, ranked[$skip..$skip + $first] AS page,
         {p: 'organization_count', present: size(ranked), sum: CASE WHEN size(ranked) > 0 THEN sum END, avg: mean,
          min: least, max: most} AS counted
}
CALL (scope, page) {
  UNWIND range(0, size(page) - 1) AS i
  WITH scope, i, page[i].person AS p, page[i].organizations AS organizations
  CALL (scope, p) {
    MATCH (p)-[r:SERVES_IN]->(o:Organization)
    WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
      AND (scope IS NULL OR EXISTS { (o)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(scope) })
    WITH r, o ORDER BY o.name, o.id, r.role
    RETURN collect({post: properties(r), organization: properties(o), labels: labels(o)}) AS posts
  }
  WITH i, p, organizations, posts ORDER BY i
  RETURN collect({person: properties(p), labels: labels(p), organizations: organizations, posts: posts}) AS people
}
RETURN $areaId IS NULL OR scope IS NOT NULL AS scopeFound, total, people, counted
