// scope_area_inside: whether an area lies inside an identity's area scope (the scope itself or any area below it).
// Answers: one row: inside (true when the area $areaId exists and is $scope or lies WITHIN it at any depth).
// Parameters: $areaId (Area id), $scope (Area id: the identity's scope).
OPTIONAL MATCH (a:Area {id: $areaId})-[:WITHIN*0..]->(:Area {id: $scope})
RETURN a IS NOT NULL AS inside
LIMIT 1
