"""govgraph's API against the Neo4j GraphQL Library, on equivalent entity queries over the same database.

Three queries a GraphQL client of the governance graph sends, written for
each schema so that both return the same things — the same page size, the
same fields, the same order (by name), totals counted, the name filter
served by the same CJK full-text index (`name_fulltext`):

- page: a page of organisations, each with its area and its first members (with their role);
- name: organisations whose name matches a word, through the full-text index;
- nested: organisations → their members → each member's other posts (two levels down).

Before timing, each pair is run once and their answers compared (totals and
item counts at every level), so the report says whether like is compared
with like.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

from bench import http_load, servers
from bench.http_load import GraphQLRequest
from bench.settings import Settings, Skipped
from bench.stats import ratio
from bench.target import Target
from graph.store import queries

PAGE = 20
MEMBERS = 20
NESTED = 10

GOVGRAPH = {
    "page": """
query Page($first: Int!, $members: Int!) {
  organizations(first: $first, sort: NAME) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name basedIn { id name }
      members(first: $members) { totalCount edges { role node { id name } } } } }
  }
}""",
    "name": """
query ByName($text: String!, $first: Int!) {
  organizations(text: $text, first: $first, sort: RELEVANCE) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name basedIn { id name } } }
  }
}""",
    "nested": """
query Nested($first: Int!) {
  organizations(first: $first, sort: NAME) {
    edges { node { id name
      members(first: $first) { edges { role node { id name
        posts(first: $first) { edges { role node { id name } } } } } } } }
  }
}""",
}

PEER = {
    "page": """
query Page($first: Int!, $members: Int!) {
  organizationsConnection(first: $first, sort: [{ name: ASC }, { id: ASC }]) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name area { id name }
      membersConnection(first: $members, sort: [{ node: { name: ASC } }, { node: { id: ASC } }]) {
        totalCount edges { properties { role } node { id name } } } } }
  }
}""",
    "name": """
query ByName($text: String!, $first: Int!) {
  organizationsByName(phrase: $text, first: $first,
                      sort: [{ score: DESC }, { node: { name: ASC } }, { node: { id: ASC } }]) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { score node { id name area { id name } } }
  }
}""",
    "nested": """
query Nested($first: Int!) {
  organizationsConnection(first: $first, sort: [{ name: ASC }, { id: ASC }]) {
    edges { node { id name
      membersConnection(first: $first, sort: [{ node: { name: ASC } }, { node: { id: ASC } }]) {
        edges { properties { role } node { id name
        organizationsConnection(first: $first, sort: [{ node: { name: ASC } }, { node: { id: ASC } }]) {
          edges { properties { role } node { id name } } } } } } } }
  }
}""",
}

DESCRIPTIONS = {
    "page": f"a page of {PAGE} organisations with area and first {MEMBERS} members",
    "name": f"organisations matching a word (full-text), first {PAGE}",
    "nested": f"{NESTED} organisations → {NESTED} members → {NESTED} posts each",
}


def requests(word: str) -> dict[str, tuple[GraphQLRequest, GraphQLRequest]]:
    """name → (govgraph request, peer request) with the same arguments."""
    variables = {"page": {"first": PAGE, "members": MEMBERS}, "name": {"text": word, "first": PAGE},
                 "nested": {"first": NESTED}}
    return {name: (GraphQLRequest(name, GOVGRAPH[name], variables[name]), GraphQLRequest(name, PEER[name],
                                                                                       variables[name]))
            for name in GOVGRAPH}


def shape(data: object) -> object:
    """What both answers must agree on: totals, and the ids in order at every level; not field names."""
    if isinstance(data, dict):
        edges = data.get("edges")
        if edges is not None:
            return {"total": data.get("totalCount"), "items": [shape(e.get("node")) for e in edges]}
        # Only lists (connections) are compared below a node: a single-valued tie is a dict in govgraph
        # (basedIn) and a one-item list in the peer (area), and both are checked by the page's ids.
        inner = [shape(v) for v in data.values() if isinstance(v, dict) and "edges" in v]
        if "id" in data:
            return {"id": data["id"], "ties": inner}
        return inner[0] if len(inner) == 1 else inner
    return None


def parameters(target: Target) -> dict:
    records, _, _ = target.driver.execute_query(queries.query("bench_entity_parameters"), sample=20_000,
                                                database_=target.conn.database)
    if not records:
        raise Skipped("no organisations in the graph")
    return {"word": records[0]["word"], "organizations_with_word_in_sample": records[0]["organizations"]}


async def _first_answers(api_url: str, peer_url: str, pairs: dict) -> tuple[dict, dict[str, str]]:
    """Each side's first answer to each query; a query either side cannot answer (an error, or nothing within
    http_load.REQUEST_TIMEOUT) is set aside with the reason, so the other queries are still compared."""
    answers, unanswered = {}, {}
    async with http_load.client() as http:
        for name, (ours, theirs) in pairs.items():
            for side, url, request in (("govgraph", api_url, ours), ("@neo4j/graphql", peer_url, theirs)):
                try:
                    answers.setdefault(name, []).append(await http_load.post(http, url, request))
                except http_load.GraphQLFailure as failure:
                    unanswered[name] = f"{side} gave no answer: {failure}"
                    answers.pop(name)
                    break
    return answers, unanswered


async def _compare(api_url: str, peer_url: str, pairs: dict, settings: Settings, iterations: int) -> dict:
    queries: list[dict] = []
    answers, unanswered = await _first_answers(api_url, peer_url, pairs)
    for name, reason in unanswered.items():
        queries.append({"query": name, "description": DESCRIPTIONS[name], "unanswered": reason})
    pairs = {name: pair for name, pair in pairs.items() if name in answers}
    for name, (ours, theirs) in pairs.items():
        # Interleaved, so drift in the machine's load hits both sides alike.
        # in turn, a request to each per iteration: both meet the same load of the shared machine
        govgraph, peer = await http_load.sample_alternately([(api_url, ours), (peer_url, theirs)], iterations)
        same = shape(answers[name][0]) == shape(answers[name][1])
        queries.append({"query": name, "description": DESCRIPTIONS[name], "govgraph": govgraph, "peer": peer,
                        "ratio_p50": ratio(govgraph["p50_ms"], peer["p50_ms"]),
                        "ratio_p95": ratio(govgraph["p95_ms"], peer["p95_ms"]), "same_answer": same})
    throughput = []
    for clients in settings.throughput_clients if pairs else ():
        ours = await http_load.throughput(api_url, [p[0] for p in pairs.values()], clients,
                                          settings.throughput_requests, settings.throughput_seconds)
        theirs = await http_load.throughput(peer_url, [p[1] for p in pairs.values()], clients,
                                            settings.throughput_requests, settings.throughput_seconds)
        throughput.append({"clients": clients, "govgraph": ours, "peer": theirs,
                           "ratio_requests_per_s": ratio(ours["requests_per_s"], theirs["requests_per_s"])})
    return {"queries": queries, "throughput": throughput}


def run(target: Target, api_base: str, settings: Settings, log_dir: Path) -> dict:
    if not settings.peer:
        raise Skipped("--no-peer")
    missing = servers.node_missing()
    if missing:
        raise Skipped(missing)
    chosen = parameters(target)
    pairs = requests(chosen["word"])
    with servers.graphql_peer(target.env(), log_dir) as peer_url:
        iterations = settings.latency_iterations_for(target.size()["nodes"])
        result = asyncio.run(_compare(f"{api_base}/graphql", peer_url, pairs, settings, iterations))
    return {"parameters": chosen, **result}
