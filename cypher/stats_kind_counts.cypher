// stats_kind_counts: how many nodes of each kind label have each value of their `kind` property
// (e.g. PartyOrganization / compound_party_organization), the figures the article gives.
// Parameters: $families: the family labels (from graph/ontology.py), left out when naming the kind.
MATCH (n)
WHERE n.kind IS NOT NULL
RETURN [label IN labels(n) WHERE NOT label IN $families][0] AS label, n.kind AS kind, count(*) AS nodes
ORDER BY label, kind
