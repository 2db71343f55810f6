// search_count: how many nodes a full-text search finds (the totalCount of `search`).
// Answers: one row, `total`: the nodes whose name or name_en matches the Lucene query $text, only those
//   carrying one of $labels when that list is not null (what cypher/search.cypher pages through).
//   Only nodes inside the area $scope when it is not null (the identity's scope: below the area, based,
//   located or reported in it, or a person serving in an organisation based in it; see
//   entity_by_id_in_scope.cypher): a node outside it is not found.
// Parameters: $text (Lucene query string), $known (the node labels the caller may read: only nodes of a kind), $labels (list of kind or family labels, or
//   null), $scope (Area id or null).
CALL db.index.fulltext.queryNodes('name_fulltext', $text) YIELD node
WHERE any(label IN labels(node) WHERE label IN $known)
  AND ($labels IS NULL OR any(label IN labels(node) WHERE label IN $labels))
  AND ($scope IS NULL OR EXISTS { (node)-[:WITHIN*0..]->(:Area {id: $scope}) }
       OR EXISTS { (node)-[:BASED_IN|LOCATED_IN|REPORTED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) }
       OR EXISTS { (node)-[:SERVES_IN]->(:Organization)-[:BASED_IN]->(:Area)-[:WITHIN*0..]->(:Area {id: $scope}) })
RETURN count(node) AS total
