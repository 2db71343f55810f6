// export_popolo_memberships: every SERVES_IN tie as a Popolo membership: who, where, and its properties.
// Parameters: none.
MATCH (p:Person)-[r:SERVES_IN]->(o:Organization)
RETURN r.id AS id, p.id AS person_id, o.id AS organization_id, properties(r) AS props
ORDER BY r.id
