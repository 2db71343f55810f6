"""Running the real `govgraph` command from tests, as a user would."""
from __future__ import annotations

import os
import subprocess
import sys


def govgraph(*args: str, input: str | None = None, timeout: float = 600,
             columns: int = 200) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, input=input,
                          timeout=timeout, env={**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"})
