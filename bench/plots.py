"""PNG plots of cost against scale (matplotlib, Agg backend: no display needed)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from bench.series import by_prefix, series  # noqa: E402

FIGURES = (
    ("load.png", "Loading: govgraph loader vs LOAD CSV", "seconds", ("load ·",)),
    ("api.png", "Network questions: through the API vs direct Cypher (p50)", "milliseconds", ("API ·", "direct ·")),
    ("peer.png", "Entity queries: govgraph vs @neo4j/graphql (p50)", "milliseconds",
     ("govgraph ·", "@neo4j/graphql ·")),
    ("analysis.png", "Analysis measures", "seconds", ("analysis ·",)),
)


def write(results: dict, out_dir: Path) -> list[Path]:
    """One PNG per family of costs that has data; log-log so a straight line is a power law."""
    all_series = series(results)
    written = []
    for filename, title, unit, prefixes in FIGURES:
        chosen = by_prefix(all_series, prefixes)
        if not chosen:
            continue
        fig, ax = plt.subplots(figsize=(9, 5.5), dpi=110)
        for name, data in sorted(chosen.items()):
            points = sorted(data["points"])
            # Direct Cypher and the peer dashed, govgraph solid, so each pair reads at a glance.
            style = "--" if name.startswith(("direct", "@neo4j", "load · load_csv")) else "-"
            ax.plot([n for n, _ in points], [c for _, c in points], style, marker="o", label=name)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("graph size (nodes)")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="upper left", ncol=2 if len(chosen) > 8 else 1)
        fig.tight_layout()
        path = out_dir / filename
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written
