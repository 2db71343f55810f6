"""`govgraph analyze` and the network questions on the command line.

    govgraph analyze                          # measures of the whole city, written back onto organisations
    govgraph centrality betweenness --top 10  # any measure, any projection, an area, a date
    govgraph brokers --area S01               # Gould–Fernandez brokerage roles across sectors
    govgraph cut-points                       # organisations and ties whose loss cuts compounds off their street
    govgraph communities                      # Louvain communities and modularity
    govgraph sites --kind canteen --radius 800 --count 3   # where to build next
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from graph.algorithms import measures
from graph.algorithms.brokerage import ROLES
from graph.analysis import planning
from graph.analysis.analyst import Analyst
from graph.analysis.projections import PROJECTIONS, AnalysisError, NodeKey
from graph.store import db

console = Console()

PROJECTION_HELP = f"projection: {', '.join(PROJECTIONS)}"
AREA_HELP = "limit to this area (id) and the areas below it"
AS_OF_HELP = "only ties valid on this date, YYYY-MM-DD (default: today)"


def _date(text: str | None) -> date | None:
    from graph.errors import UserError

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--as-of: expected a date YYYY-MM-DD, got {text!r}") from None


@contextmanager
def _connected() -> Iterator[tuple[Any, str | None]]:
    """A driver on the configured Neo4j; analysis errors become user errors (one clear line, exit 1)."""
    from graph.errors import UserError

    conn = db.connection()
    with db.driver(conn) as drv:
        try:
            yield drv, conn.database
        except AnalysisError as error:
            raise UserError(str(error)) from None


def _name(graph: Any, node: NodeKey) -> str:
    return graph.nodes[node].get("name") or node[1]


def _method(measure: measures.Measure) -> str:
    return measure.method + (f", k={measure.k}" if measure.k else "")


def register(app: typer.Typer, friendly: Callable[..., Any]) -> None:
    @app.command("analyze")
    @friendly
    def analyze(as_of: str = typer.Option(None, "--as-of", help=AS_OF_HELP),
                k: int = typer.Option(None, "--k", help="betweenness from k sampled pivots (default: exact unless "
                                                        "the network is too large)"),
                write: bool = typer.Option(True, "--write/--no-write", help="store the measures on the nodes"),
                top: int = typer.Option(10, help="organisations to show")) -> None:
        """Compute every measure of the city's organisation network and write them back as node properties."""
        from graph.analysis.writeback import analyze_city

        with _connected() as (drv, database):
            done = analyze_city(drv, database, _date(as_of), k, write)
        answer = done.profile
        values = answer.value.values
        table = Table(title=f"most between organisations (graph version {done.graph_version})")
        for column in ("organisation", "kind", "degree", "betweenness", "pagerank", "constraint", "community",
                       "brokerage"):
            table.add_column(column, overflow="fold")
        ranked = sorted(values, key=lambda n: (-(values[n]["betweenness"] or 0), n))[:top]
        for node in ranked:
            row = values[node]
            table.add_row(_name(answer.graph, node), answer.graph.nodes[node]["kind"], str(row["degree"]),
                          f"{row['betweenness'] or 0:.4f}", f"{row['pagerank'] or 0:.4f}",
                          "-" if row["constraint"] is None else f"{row['constraint']:.3f}",
                          str(row["community"]), str(row["brokerage_total"]))
        console.print(table)
        for metric, method in sorted(done.methods.items()):
            console.print(f"  {metric}: {method}")
        verb = "written to" if write else "computed for (not written)"
        console.print(f"measures {verb} {done.organizations} organisations; modularity {done.modularity:.3f}; "
                      f"{done.seconds:.2f} s{' (from memory)' if done.cached else ''}")

    @app.command("centrality")
    @friendly
    def centrality(metric: str = typer.Argument(..., help=f"one of {', '.join(measures.METRICS)}"),
                   projection: str = typer.Option("organizations", help=PROJECTION_HELP),
                   area: str = typer.Option(None, help=AREA_HELP),
                   as_of: str = typer.Option(None, "--as-of", help=AS_OF_HELP),
                   top: int = typer.Option(20, help="nodes to show"),
                   k: int = typer.Option(None, "--k", help="betweenness or closeness from k sampled pivots")) -> None:
        """Rank the nodes of a projection by a centrality or structural-hole measure."""
        with _connected() as (drv, database):
            answer = Analyst(drv, database).ask("centrality", projection, area, _date(as_of), metric=metric,
                                                **({"k": k} if k is not None else {}))
        measure = answer.value
        table = Table(title=f"{metric} on {projection} ({_method(measure)})")
        for column in ("rank", "id", "name", "kind", metric):
            table.add_column(column, overflow="fold")
        for rank, (node, value) in enumerate(measure.top(top), 1):
            table.add_row(str(rank), node[1], _name(answer.graph, node), answer.graph.nodes[node]["kind"],
                          f"{value:.6g}")
        console.print(table)
        for note in measure.notes:
            console.print(f"  note: {note}")

    @app.command("brokers")
    @friendly
    def brokers(projection: str = typer.Option("organizations", help=PROJECTION_HELP),
                area: str = typer.Option(None, help=AREA_HELP),
                as_of: str = typer.Option(None, "--as-of", help=AS_OF_HELP),
                role: str = typer.Option("total", help=f"rank by: {', '.join(ROLES)} or total"),
                top: int = typer.Option(20, help="nodes to show")) -> None:
        """Gould–Fernandez brokerage roles across sectors (party, government, owners, property, resident units …)."""
        from graph.errors import UserError

        if role not in (*ROLES, "total"):
            raise UserError(f"--role: expected one of {', '.join(ROLES)} or total, got {role!r}")
        with _connected() as (drv, database):
            answer = Analyst(drv, database).ask("brokerage", projection, area, _date(as_of))
        counts = {node: roles.as_dict() for node, roles in answer.value.items()}
        ranked = sorted((n for n in counts if counts[n][role]), key=lambda n: (-counts[n][role], n))[:top]
        table = Table(title=f"brokers on {projection}, by {role}")
        for column in ("id", "name", "sector", *ROLES, "total"):
            table.add_column(column, overflow="fold")
        for node in ranked:
            table.add_row(node[1], _name(answer.graph, node), answer.graph.nodes[node]["sector"],
                          *(str(counts[node][r]) for r in (*ROLES, "total")))
        console.print(table)

    @app.command("cut-points")
    @friendly
    def cut_points(area: str = typer.Option(None, help=AREA_HELP),
                   as_of: str = typer.Option(None, "--as-of", help=AS_OF_HELP),
                   top: int = typer.Option(20, help="points and ties to show")) -> None:
        """Organisations and ties whose loss cuts compounds off from their street (single points of failure)."""
        with _connected() as (drv, database):
            answer = Analyst(drv, database).ask("single_points", "governance", area, _date(as_of))
        found, graph = answer.value, answer.graph
        table = Table(title=f"single points of failure ({found.streets} streets checked)")
        for column in ("organisation", "kind", "compounds cut off", "residents", "nodes separated"):
            table.add_column(column, overflow="fold")
        for point in [p for p in found.points if p.node[0] == "Organization"][:top]:
            table.add_row(_name(graph, point.node), graph.nodes[point.node]["kind"],
                          str(len(point.compounds_cut_off)), str(point.residents_cut_off), str(point.nodes_separated))
        console.print(table)
        ties = Table(title="ties whose loss cuts compounds off")
        for column in ("between", "and", "kinds", "compounds cut off", "residents"):
            ties.add_column(column, overflow="fold")
        for tie in [t for t in found.ties if t.compounds_cut_off][:top]:
            ties.add_row(_name(graph, tie.source), _name(graph, tie.target), ";".join(tie.kinds),
                         str(len(tie.compounds_cut_off)), str(tie.residents_cut_off))
        console.print(ties)
        console.print(f"{len(found.compounds_unreached)} compounds have no path to their street at all")

    @app.command("communities")
    @friendly
    def communities(projection: str = typer.Option("organizations", help=PROJECTION_HELP),
                    area: str = typer.Option(None, help=AREA_HELP),
                    as_of: str = typer.Option(None, "--as-of", help=AS_OF_HELP),
                    resolution: float = typer.Option(1.0, help="Louvain resolution (>1: smaller communities)"),
                    top: int = typer.Option(10, help="communities to show")) -> None:
        """Louvain communities of a projection (seeded, so the same answer every run)."""
        with _connected() as (drv, database):
            answer = Analyst(drv, database).ask("communities", projection, area, _date(as_of),
                                                resolution=resolution)
        found, graph = answer.value, answer.graph
        table = Table(title=f"{len(found.groups)} communities, modularity {found.modularity:.3f}")
        for column in ("community", "size", "sectors", "largest members"):
            table.add_column(column, overflow="fold")
        for index, group in enumerate(found.groups[:top]):
            sectors: dict[str, int] = {}
            for node in group:
                sectors[graph.nodes[node]["sector"]] = sectors.get(graph.nodes[node]["sector"], 0) + 1
            hubs = sorted(group, key=lambda n: (-graph.degree(n), n))[:3]
            table.add_row(str(index), str(len(group)),
                          ", ".join(f"{s} {n}" for s, n in sorted(sectors.items(), key=lambda i: -i[1])),
                          ", ".join(_name(graph, n) for n in hubs))
        console.print(table)

    @app.command("sites")
    @friendly
    def sites(kind: str = typer.Option(..., help=f"facility kind: {', '.join(planning.FACILITY_KINDS)}"),
              radius: float = typer.Option(1000.0, help="metres a facility serves (15-minute circle: 800-1000)"),
              count: int = typer.Option(3, help="new facilities to place"),
              area: str = typer.Option(None, help=AREA_HELP),
              objective: str = typer.Option("residents", help="maximise residents or compounds covered")) -> None:
        """Where `count` new facilities would cover the most uncovered compounds and residents (greedy)."""
        with _connected() as (drv, database):
            plan, _ = planning.recommend_sites(drv, database, kind, radius, count, area, objective)
        console.print(f"{plan.compounds} compounds ({plan.residents} residents); {plan.facilities} existing "
                      f"{kind} facilities cover {plan.covered_before} compounds ({plan.residents_covered_before} "
                      f"residents) within {plan.radius_m:.0f} m")
        table = Table(title=f"new {kind} sites")
        for column in ("pick", "compound", "id", "compounds gained", "residents gained", "covered after"):
            table.add_column(column, overflow="fold")
        for pick in plan.picks:
            table.add_row(str(pick.rank), pick.site.name, pick.site.id, str(len(pick.compounds_gained)),
                          str(pick.residents_gained), f"{pick.compounds_covered}/{plan.compounds}")
        console.print(table)
        console.print(f"still uncovered: {plan.uncovered_after} compounds, {plan.residents_uncovered_after} residents"
                      + (f"; {len(plan.unplaced)} compounds have no coordinates" if plan.unplaced else ""))
