"""Synthetic reports with known values, rendered into every format the warehouse reads.

Tests and benchmarks build a `ReportSpec` (every printed cell known), render it, ingest the
result, and compare the staging cells with `expected_cells(spec)`.
"""

from benchmarks.corpus.spec import ReportSpec, expected_cells, random_spec

__all__ = ["ReportSpec", "expected_cells", "random_spec"]
