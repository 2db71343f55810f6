"""What a benchmark run is asked to do (`Settings`), and how a section says it cannot run here (`Skipped`).

Shared by the runner and by every section it runs, so that neither imports the other's module.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).parent / "results"

Say = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    scales: tuple[float, ...] = (1.0, 10.0, 50.0)
    out: Path = RESULTS
    quick: bool = False
    seed: int = 2020
    import_dir: Path | None = None
    allow_clear: bool = False
    peer: bool = True

    # Bounded loops: how many samples and requests each measurement takes.
    @property
    def latency_iterations(self) -> int:
        return 5 if self.quick else 30

    def latency_iterations_for(self, nodes: int) -> int:
        """Fewer sequential samples on a province, where a city-wide question takes seconds (p95 of 10 still
        says something; 30 of them would take the API section alone past half an hour)."""
        return min(self.latency_iterations, 30 if nodes < 200_000 else 15 if nodes < 1_000_000 else 10)

    @property
    def throughput_clients(self) -> tuple[int, ...]:
        return (8, 32)

    @property
    def throughput_requests(self) -> int:
        """Requests per throughput run (each run also stops at throughput_seconds)."""
        return 64 if self.quick else 3_000

    @property
    def throughput_seconds(self) -> float:
        return 30.0 if self.quick else 15.0


class Skipped(Exception):
    """A section that cannot run here; its message says why."""
