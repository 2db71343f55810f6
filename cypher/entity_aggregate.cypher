// entity_aggregate: counts, sums, minima, maxima and averages of the nodes a root list holds, in groups.
// Answers: one row per group of the nodes entity_list*.cypher would list over all its pages (labelled {{LABEL}},
//   full-text matches of $text if not null, inside the area $within at any depth if not null, carrying one of
//   $kinds, of subtype $subtype, meeting the conditions $where): its `key`, how many nodes it has (`count`) and,
//   for each property name in $props, `stats`: how many have it (`present`), their sum and average (for names
//   in $summable; null for the others), minimum and maximum. Groups, by $groupBy:
//     null       one group of them all (key null)
//     'KIND'     by kind label, the one of $kindNames the node carries
//     'SUBTYPE'  by the `kind` property (null for nodes without one)
//     'AREA'     by the area labelled $level the node lies in ({{GROUPED}} then WITHIN upwards; an area counts
//                as lying in itself): the area's id, null for nodes in none
//   Ordered by count (largest first), then key. The nodes are counted in the database: none is returned.
// Parameters: $text (Lucene query or null), $within (Area id or null), $kinds (list or null), $subtype (string
//   or null), $where (conditions [{p, op, v}], api/filters.py), $props, $summable (lists of property names, from
//   the ontology), $groupBy (null | 'KIND' | 'SUBTYPE' | 'AREA'), $kindNames (list of kind labels),
//   $level (an area kind label, or null).
// Template: {{LABEL}} is a kind or family label; {{INWARD}} and {{OUTWARD}} its placement in an area (read from
//   the area and from the node, api/placement.py); {{GROUPED}} the path from such a node to the area it lies
//   in, empty for areas; all built from graph/ontology.py only.
//   FILTERS the conditions of list_filters.cypher the request narrows by ($kinds, $subtype, $where), or none.
CALL () {
  WITH 1 AS unused
  WHERE $text IS NULL AND $within IS NULL
  MATCH (n:{{LABEL}})
  RETURN n
  UNION
  WITH 1 AS unused
  WHERE $text IS NULL AND $within IS NOT NULL
  MATCH (:Area {id: $within})<-[:WITHIN*0..]-{{INWARD}}(n:{{LABEL}})
  RETURN n
  UNION
  WITH $text AS text
  WHERE text IS NOT NULL
  CALL db.index.fulltext.queryNodes('name_fulltext', text) YIELD node AS n
  WITH n
  WHERE n:{{LABEL}} AND ($within IS NULL OR EXISTS { (n){{OUTWARD}}-[:WITHIN*0..]->(:Area {id: $within}) })
  RETURN n
}
WITH n
WHERE true {{FILTERS}}
WITH n, CASE $groupBy
          WHEN 'KIND' THEN head([label IN labels(n) WHERE label IN $kindNames])
          WHEN 'SUBTYPE' THEN n.kind
          WHEN 'AREA' THEN head(COLLECT { MATCH (n){{GROUPED}}-[:WITHIN*0..]->(a:Area)
                                         WHERE $level IN labels(a) RETURN a.id ORDER BY a.id LIMIT 1 })
        END AS key
UNWIND CASE WHEN size($props) = 0 THEN [null] ELSE $props END AS p
WITH key, p, count(n) AS count, count(n[p]) AS present,
     sum(CASE WHEN p IN $summable THEN n[p] END) AS total, avg(CASE WHEN p IN $summable THEN n[p] END) AS mean,
     min(n[p]) AS least, max(n[p]) AS most
WITH key, count, collect(CASE WHEN p IS NULL THEN null ELSE
       {p: p, present: present, sum: CASE WHEN p IN $summable AND present > 0 THEN total END, avg: mean,
        min: least, max: most} END) AS stats
RETURN key, count, stats
ORDER BY count DESC, key
