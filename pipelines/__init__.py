"""claimtrail: clean scraped news text, extract numeric claims, publish a gated DuckDB warehouse."""
