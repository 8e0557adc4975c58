"""The quality gate: Great Expectations suites from expectations/ run on DataFrames read from DuckDB."""
