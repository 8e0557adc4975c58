"""The cleaning engine, one module per concern; the public API is re-exported by pipelines.core.cleaning."""
