// analysis_area: the area an analysis is limited to, to check it exists and name it.
// Answers: the area's id, name and labels, or no row when there is no such area.
// Parameters: $area (Area id).
MATCH (a:Area {id: $area})
RETURN a.id AS id, a.name AS name, labels(a) AS labels
