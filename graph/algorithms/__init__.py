"""Network algorithms on NetworkX graphs, written the way NetworkX's `algorithms/` are: one concept per
module, each with its reference and an example. This package imports only networkx, numpy, scipy and the
standard library — nothing of govgraph's database, ontology or API — so it can be read, tested and reused
on any graph (nodes are any hashable; ties may carry a ``weight``).

========================= ===============================================================================
module                    concept
========================= ===============================================================================
measures                  the node measures by name (`METRICS`, `compute`) and their shared conventions
centrality                degree, strength, PageRank
betweenness               Brandes' betweenness as sparse matrix products, exact or pivot-sampled
closeness                 Wasserman–Faust closeness by bit-parallel search, exact or pivot-sampled
eigenvector               eigenvector centrality, one component at a time
structural_holes          Burt's constraint and effective size
communities               seeded Louvain communities and modularity
brokerage                 Gould–Fernandez brokerage roles across groups
cutpoints                 articulation points and bridges, and what their loss cuts off from a root
structure                 a graph as sparse matrices with its connected components (shared)
_bfs, _measure            searches run side by side and pivot sampling; the `Measure` result (internal)
========================= ===============================================================================

Arguments that cannot be answered (an unknown metric, k < 1, a resolution <= 0) raise ValueError; the
analysis layer (graph/analysis/) checks them first and says which argument of the question was at fault.
"""
