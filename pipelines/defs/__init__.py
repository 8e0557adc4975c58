"""Dagster definitions: assets, checks, jobs and resources. Thin: the work is in pipelines.core and friends."""
