// GraphiQL served by govgraph itself (strawberry's page loads it from a CDN, which an intranet cannot reach).
import React from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/graphiql.css";

const fetcher = createGraphiQLFetcher({ url: "/graphql" });
// In the fragment, not the query string: a GET of /graphql?query=… is a GraphQL request, answered with JSON.
const params = new URLSearchParams(location.hash.replace(/^#/, ""));
const root = createRoot(document.getElementById("graphiql")!);
// "Open in GraphiQL" from an explorer panel passes the query it sent and its variables.
const query = params.get("query") ?? undefined;
const variables = params.get("variables") ?? undefined;
root.render(
  <GraphiQL fetcher={fetcher} query={query} variables={variables} defaultEditorToolsVisibility={true} />,
);
