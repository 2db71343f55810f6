// export_popolo_organizations: every organisation with its labels, properties, parent organisation
// and the area it is based in, for Popolo export.
// Parameters: none.
MATCH (o:Organization)
RETURN labels(o) AS labels, properties(o) AS props,
       COLLECT { MATCH (o)-[:SUB_ORGANIZATION_OF]->(p:Organization) RETURN p.id ORDER BY p.id }[0] AS parent_id,
       COLLECT { MATCH (o)-[:BASED_IN]->(a:Area) RETURN a.id ORDER BY a.id }[0] AS area_id
ORDER BY o.id
