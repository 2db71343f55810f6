// case_export_names: the organisations and areas a case export names by name (承办部门, 所属网格 …), so its
//   rows can be tied to them by id (loaders/case_exports.py).
// Answers: one row per Organization or Area whose name is in $names: `name`, `id`, `labels`.
// Parameters: $names (list of strings).
CALL () {
  MATCH (n:Organization) WHERE n.name IN $names RETURN n
  UNION
  MATCH (n:Area) WHERE n.name IN $names RETURN n
}
RETURN n.name AS name, n.id AS id, labels(n) AS labels
