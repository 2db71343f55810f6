"""PNG plots of cost against scale (matplotlib, Agg backend: no display needed)."""
from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after matplotlib.use: the backend must be chosen first
from matplotlib import font_manager

from bench.series import by_prefix, series

# Question names may be Chinese (三无 compounds); these fonts draw them when the machine has one
# (e.g. Debian's fonts-noto-cjk), else the glyphs show as boxes.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "AR PL UMing CN", "Droid Sans Fallback")

FIGURES = (
    ("load.png", "Loading: govgraph loader vs LOAD CSV", "seconds", ("load ·",)),
    ("api.png", "Network questions: through the API vs direct Cypher (p50)", "milliseconds", ("API ·", "direct ·")),
    ("peer.png", "Entity queries: govgraph vs @neo4j/graphql (p50)", "milliseconds",
     ("govgraph ·", "@neo4j/graphql ·")),
    ("analysis.png", "Analysis measures", "seconds", ("analysis ·",)),
)


def _fonts() -> list[str]:
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans"] + [name for name in CJK_FONTS if name in installed]


def write(results: dict, out_dir: Path) -> list[Path]:
    """One PNG per family of costs that has data; log-log so a straight line is a power law."""
    all_series = series(results)
    written = []
    with warnings.catch_warnings(), plt.rc_context({"font.family": _fonts()}):
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        for filename, title, unit, prefixes in FIGURES:
            path = _figure(all_series, out_dir, filename, title, unit, prefixes)
            if path is not None:
                written.append(path)
    return written


def _figure(all_series: dict, out_dir: Path, filename: str, title: str, unit: str,
            prefixes: tuple[str, ...]) -> Path | None:
    chosen = by_prefix(all_series, prefixes)
    if not chosen:
        return None
    fig, ax = plt.subplots(figsize=(12, 6), dpi=100)
    # One colour per question (the part after "·"); govgraph solid, its peer dashed, so pairs read at a glance.
    subjects = sorted({name.split(" · ", 1)[-1] for name in chosen})
    colours = {subject: plt.get_cmap("tab20")(i % 20) for i, subject in enumerate(subjects)}
    for name, data in sorted(chosen.items()):
        points = sorted(data["points"])
        peer = name.startswith(("direct", "@neo4j", "load · load_csv"))
        ax.plot([n for n, _ in points], [c for _, c in points], "--" if peer else "-", marker="s" if peer else "o",
                color=colours[name.split(" · ", 1)[-1]], label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("graph size (nodes)")
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)  # beside, not over, the data
    fig.tight_layout()
    path = out_dir / filename
    fig.savefig(path)
    plt.close(fig)
    return path
