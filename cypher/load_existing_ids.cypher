// load_existing_ids: which of these ids already name a node of one family in the graph, and its labels.
// Used by the loaders before writing: references to nodes not in the files, a node's kind unchanged,
// and which single-valued ties (Ref columns) may need replacing.
// Parameters: $ids (list of strings). Template: {{FAMILY}} is filled from graph/ontology.py only.
UNWIND $ids AS id
MATCH (n:{{FAMILY}} {id: id})
RETURN n.id AS id, labels(n) AS labels
