// load_existing_parents: the parent each of these nodes has in the graph along one hierarchy (WITHIN for areas,
// SUB_ORGANIZATION_OF for organisations). Used by the loaders before writing, one level at a time, to refuse a
// file that would make the hierarchy cyclic with what the graph holds (an existing parent moved under its own
// child).
// Parameters: $ids (list of strings). Template: {{FAMILY}} and {{TYPE}} are filled from graph/ontology.py only.
UNWIND $ids AS id
MATCH (n:{{FAMILY}} {id: id})-[:{{TYPE}}]->(parent:{{FAMILY}})
RETURN n.id AS id, parent.id AS parent
