// fold_list: a page of a root list and, for each of its nodes, the relationship fields the request selected
//   below it (api/folding.py): the whole selection in one statement instead of a query per level.
// Answers: the rows of the list query LIST (its own columns: labels and node),
//   in its order, each with `folded`: one answer per folded field, in the order of the plan
//   (fold_ties.cypher's map {ties, total}, or fold_tie_single.cypher's {labels, node, folded} or null).
// Parameters: those of the list query, and those of each folded field ($<slot>_limit, $<slot>_withTotal).
// Template: LIST a filled list query of api/lists.py's LIST_QUERIES; {{FAMILY}} the list's family label
//   (graph/ontology.py; it carries the id constraint); FOLD the fields' subqueries and FOLDED their
//   result variables, both assembled by api/folding.py from fold_ties.cypher and fold_tie_single.cypher.
CALL () {
{{LIST}}
}
CALL (node) {
  MATCH (n:{{FAMILY}} {id: node.id})
  {{FOLD}}
  RETURN [{{FOLDED}}] AS folded
}
RETURN *
