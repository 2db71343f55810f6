// export_popolo_areas: every area with its labels, properties and parent, for Popolo export.
// Parameters: none.
MATCH (a:Area)
RETURN labels(a) AS labels, properties(a) AS props,
       COLLECT { MATCH (a)-[:WITHIN]->(p:Area) RETURN p.id ORDER BY p.id }[0] AS parent_id
ORDER BY a.id
