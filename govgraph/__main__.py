"""`python -m govgraph` is the `govgraph` command."""
from govgraph.cli import app

app(prog_name="govgraph")
