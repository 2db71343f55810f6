// kind_counts: how many nodes carry each label and how many relationships have each type?
// Answers: one row per label or type: `what` ('label' or 'type'), `name`, `count`.
//   One pass over the nodes and one over the relationships; GraphMeta bookkeeping is left out.
// Parameters: none.
MATCH (n)
WHERE NOT 'GraphMeta' IN labels(n)  // by name: no warning on a graph that has none yet
UNWIND labels(n) AS name
RETURN 'label' AS what, name, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'type' AS what, type(r) AS name, count(*) AS count
