// export_popolo_persons: every person with their properties, for Popolo export (personal ones are
// dropped by the exporter unless asked for).
// Parameters: none.
MATCH (p:Person)
RETURN labels(p) AS labels, properties(p) AS props
ORDER BY p.id
