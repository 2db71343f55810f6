// search_groups: the hits of a full-text search counted, in all and per kind or subtype (`search`'s aggregates).
// Answers: one row per group of the nodes cypher/search_count.cypher counts (same $text, $known, $labels and
//   $scope): `key` and `count`, largest first, then by key. Groups, by $groupBy: null, one group of all (key
//   null); 'KIND', by the kind label among $kindNames; 'SUBTYPE', by the `kind` property (null without one).
// Parameters: $text (Lucene query string), $known (the node labels the caller may read), $labels (list of kind or
//   family labels, or null), $scope (Area id or null), $groupBy (null | 'KIND' | 'SUBTYPE'), $kindNames (list).
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node
WHERE any(label IN labels(node) WHERE label IN $known)
  AND ($labels IS NULL OR any(label IN labels(node) WHERE label IN $labels))
  AND ($scope IS NULL OR EXISTS { (node)-[:WITHIN*0..]->(:Area {id: $scope}) }
       OR EXISTS { (node)-[:BASED_IN|LOCATED_IN|REPORTED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) }
       OR EXISTS { (node)-[:SERVES_IN]->(:Organization)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) })
WITH CASE $groupBy
       WHEN 'KIND' THEN head([label IN labels(node) WHERE label IN $kindNames])
       WHEN 'SUBTYPE' THEN node.kind
     END AS key
RETURN key, count(*) AS count
ORDER BY count DESC, key
