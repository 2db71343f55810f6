"""`python -m graph` is the `govgraph` command."""
from graph.cli import app

app(prog_name="govgraph")
