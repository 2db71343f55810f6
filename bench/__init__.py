"""Benchmarks: govgraph measured side by side with its peers, at several scales.

Speed claims in govgraph come from here, as ratios against a peer run in the
same process on the same machine (shared, noisy machines make absolute times
alone mean little): the loader against Neo4j's own LOAD CSV, the API against
the same Cypher run directly and against the Neo4j GraphQL Library, and the
analysis measures against their own growth with size. `govgraph bench` runs it
all and writes a report (Markdown, JSON, PNG plots) under bench/results/.
"""
