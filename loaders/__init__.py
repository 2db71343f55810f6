"""Loading the files organisation departments keep: CSV, Excel workbooks and Popolo JSON.

    from loaders import load_paths, LoadError
    report = load_paths(["data/"], driver)          # raises LoadError (with .problems) and writes nothing on bad input

See docs/model.md for the file format of every kind.
"""
from loaders.load import LoadReport, load_paths
from loaders.problems import LoadError, Problem
from loaders.write import Counts

__all__ = ["Counts", "LoadError", "LoadReport", "Problem", "load_paths"]
