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
        # One colour per question (the part after "·"); govgraph solid, its peer dashed, so pairs read at a glance.
        subjects = sorted({name.split(" · ", 1)[-1] for name in chosen})
        colours = {subject: plt.get_cmap("tab10")(i % 10) for i, subject in enumerate(subjects)}
        for name, data in sorted(chosen.items()):
            points = sorted(data["points"])
            peer = name.startswith(("direct", "@neo4j", "load · load_csv"))
            colour = colours[name.split(" · ", 1)[-1]] if len(subjects) > 1 else None
            ax.plot([n for n, _ in points], [c for _, c in points], "--" if peer else "-",
                    marker="s" if peer else "o", color=colour, label=name)
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
