// bench_import_probe: can the server read a file we put in its import folder with LOAD CSV?
// Parameters: $url — a file:/// URL relative to the import folder. Returns `rows`, the rows read (1 for the probe file).
LOAD CSV WITH HEADERS FROM $url AS row
RETURN count(row) AS rows
