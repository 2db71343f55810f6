// schema: the constraints and indexes govgraph needs, derived from graph/ontology.py.
// Answers: nothing; applied idempotently by `govgraph db init` and before every load or serve.
// Parameters: none. Regenerate with `govgraph db schema --write`; a test checks it matches the ontology.

CREATE CONSTRAINT area_id IF NOT EXISTS FOR (n:Area) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT facility_id IF NOT EXISTS FOR (n:Facility) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT case_id IF NOT EXISTS FOR (n:Case) REQUIRE n.id IS UNIQUE;
CREATE INDEX area_name IF NOT EXISTS FOR (n:Area) ON (n.name);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX facility_name IF NOT EXISTS FOR (n:Facility) ON (n.name);
CREATE INDEX project_name IF NOT EXISTS FOR (n:Project) ON (n.name);
CREATE INDEX case_name IF NOT EXISTS FOR (n:Case) ON (n.name);
CREATE INDEX partyorganization_kind IF NOT EXISTS FOR (n:PartyOrganization) ON (n.kind);
CREATE INDEX governmentbody_kind IF NOT EXISTS FOR (n:GovernmentBody) ON (n.kind);
CREATE INDEX residentunit_kind IF NOT EXISTS FOR (n:ResidentUnit) ON (n.kind);
CREATE INDEX association_kind IF NOT EXISTS FOR (n:Association) ON (n.kind);
CREATE INDEX facility_kind IF NOT EXISTS FOR (n:Facility) ON (n.kind);
CREATE INDEX project_kind IF NOT EXISTS FOR (n:Project) ON (n.kind);
CREATE FULLTEXT INDEX name_fulltext IF NOT EXISTS FOR (n:Area|Organization|Person|Facility|Project) ON EACH [n.name, n.name_en]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
CREATE CONSTRAINT graphmeta_id IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE;
