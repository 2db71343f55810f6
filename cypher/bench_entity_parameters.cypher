// bench_entity_parameters: arguments for the entity-query benchmark that match real data at any scale:
// a word that occurs in many organisation names (the last two characters of the commonest name ending,
// e.g. 党委 or 社区), for the name filter.
// Parameters: $sample (organisations to look at; bounds the work on a province-sized graph).
MATCH (o:Organization)
WITH o LIMIT $sample
WITH right(o.name, 2) AS word, count(*) AS organizations
ORDER BY organizations DESC, word
LIMIT 1
RETURN word, organizations
