// tie_groups: for each node of a DataLoader batch, its ties ({{PATH}}) to {{OTHER}} nodes counted, in groups (a
//   relationship field's `aggregate` and `groupBy`).
// Answers: one row per id found among nodes labelled {{SELF}}: the id and `groups`, one per group of its ties
//   (those a page of cypher/ties_out.cypher, ties_in or ties_both would list: valid at $asOf when not null,
//   meeting $where): `key`, `count` (ties) and `stats` of the other nodes' properties named in $props
//   (present, sum and avg for names in $summable, min, max), largest group first. Groups, by $groupBy: null,
//   one group of them all (key null); 'KIND', by the other node's kind label among $kindNames; 'SUBTYPE', by
//   its `kind` property.
// Parameters: $ids (list of node ids), $asOf (date or null), $where (conditions [{p, op, v}] on tie properties,
//   api/filters.py), $props, $summable (lists of property names, from the ontology), $groupBy (null | 'KIND' |
//   'SUBTYPE'), $kindNames (list of kind labels), $scope (the identity's Area id, or null: its other ends only
//   inside that area, as the field's pages show them).
// Template: {{SELF}} and {{OTHER}} are labels, {{PATH}} the relationship step `-[r:TYPE]->`, `<-[r:TYPE]-` or
//   `-[r:TYPE]-` (api/ties.py), from graph/ontology.py only.
UNWIND $ids AS id
MATCH (n:{{SELF}} {id: id})
CALL (n) {
  MATCH (n){{PATH}}(m:{{OTHER}})
  WHERE ($asOf IS NULL
     OR ((r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)))
    AND all(f IN $where WHERE CASE f.op WHEN '=' THEN r[f.p] = f.v WHEN '>' THEN r[f.p] > f.v
                                        WHEN '>=' THEN r[f.p] >= f.v WHEN '<' THEN r[f.p] < f.v
                                        ELSE r[f.p] <= f.v END)
    // access: only other ends inside the identity's area scope, by entity_by_id_in_scope.cypher's rule
    AND ($scope IS NULL OR EXISTS { (m)-[:WITHIN*0..]->(:Area {id: $scope}) }
         OR EXISTS { (m)-[:BASED_IN|LOCATED_IN|REPORTED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) }
         OR EXISTS { (m)-[:SERVES_IN]->(:Organization)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) })
  WITH m, CASE $groupBy
            WHEN 'KIND' THEN head([label IN labels(m) WHERE label IN $kindNames])
            WHEN 'SUBTYPE' THEN m.kind
          END AS key
  UNWIND CASE WHEN size($props) = 0 THEN [null] ELSE $props END AS p
  WITH key, p, count(m) AS count, count(m[p]) AS present,
       sum(CASE WHEN p IN $summable THEN m[p] END) AS total, avg(CASE WHEN p IN $summable THEN m[p] END) AS mean,
       min(m[p]) AS least, max(m[p]) AS most
  WITH key, count, collect(CASE WHEN p IS NULL THEN null ELSE
         {p: p, present: present, sum: CASE WHEN p IN $summable AND present > 0 THEN total END, avg: mean,
          min: least, max: most} END) AS stats
  ORDER BY count DESC, key
  RETURN collect({key: key, count: count, stats: stats}) AS groups
}
RETURN id, groups
