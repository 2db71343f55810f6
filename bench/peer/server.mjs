// The peer govgraph's API is benchmarked against: the Neo4j GraphQL Library
// (@neo4j/graphql 7) served by Apollo Server 5 over the same Neo4j, with type
// definitions for the same labels and relationship types govgraph writes
// (graph/ontology.py): Organization / Area / Person with BASED_IN, SERVES_IN
// and WITHIN. Read-only (no mutations), no personal properties.
//
// Settings come from the environment, as for govgraph: NEO4J_URI, NEO4J_USER,
// NEO4J_PASSWORD, NEO4J_DATABASE; PEER_HOST (default 127.0.0.1) and PEER_PORT
// (default 4000; 0 picks a free port). Prints one line `ready <url>` on stdout
// once it listens, so the benchmark knows where to send requests.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Area @node @mutation(operations: []) {
    id: ID!
    name: String!
    name_en: String
    admin_code: String
    population: Int
    parent: [Area!]! @relationship(type: "WITHIN", direction: OUT)
    children: [Area!]! @relationship(type: "WITHIN", direction: IN)
    organizations: [Organization!]! @relationship(type: "BASED_IN", direction: IN)
  }

  type Organization
    @node
    @mutation(operations: [])
    @fulltext(indexes: [{ indexName: "name_fulltext", queryName: "organizationsByName", fields: ["name"] }]) {
    id: ID!
    name: String!
    name_en: String
    kind: String
    area: [Area!]! @relationship(type: "BASED_IN", direction: OUT)
    members: [Person!]! @relationship(type: "SERVES_IN", direction: IN, properties: "ServesIn")
  }

  type Person @node @mutation(operations: []) {
    id: ID!
    name: String!
    gender: String
    party_member: Boolean
    organizations: [Organization!]! @relationship(type: "SERVES_IN", direction: OUT, properties: "ServesIn")
  }

  type ServesIn @relationshipProperties {
    role: String
    part_time: Boolean
    on_behalf_of: String
    start_date: Date
    end_date: Date
  }
`;

const env = process.env;
const driver = neo4j.driver(
  env.NEO4J_URI ?? "bolt://127.0.0.1:7687",
  neo4j.auth.basic(env.NEO4J_USER ?? "neo4j", env.NEO4J_PASSWORD ?? ""),
);
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();
const server = new ApolloServer({ schema, includeStacktraceInErrorResponses: false });
const sessionConfig = env.NEO4J_DATABASE ? { database: env.NEO4J_DATABASE } : undefined;
const { url } = await startStandaloneServer(server, {
  listen: { host: env.PEER_HOST ?? "127.0.0.1", port: Number(env.PEER_PORT ?? 4000) },
  context: async () => ({ sessionConfig }),
});
console.log(`ready ${url}`);

async function shutdown() {
  await server.stop();
  await driver.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
