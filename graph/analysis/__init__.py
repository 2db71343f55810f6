"""Network questions on the graph: projections pulled from Neo4j, answered with graph/algorithms, cached.

============== ================================================================================
module         job
============== ================================================================================
projections    which nodes and ties make each network (organisations, people, areas, governance),
               read with one query per relationship kind; AnalysisError, AreaNotFound
steps          analysis written once as steps (read, work, wait), run over a sync or an async driver
cache          the single-flight cache of answers, kept per graph version
analyst        the questions (centrality, brokerage, communities, single points, profile):
               Analyst (sync) and AsyncAnalyst (the API) run the same steps
planning       facility sites by greedy maximum coverage, cached as the questions are
writeback      `govgraph analyze`: every measure of the city written onto its organisations
network_export a projection with its measures as GraphML or GEXF
service_levels cases measured against the street's service promise
============== ================================================================================

Layering: this package reads Neo4j through graph/store and domain facts from graph/ontology.py, and hands
graph/algorithms plain NetworkX graphs; it raises graph.errors classes (AnalysisError is a BadInput).
"""
