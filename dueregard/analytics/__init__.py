"""The evidence engine: a pure library (no Django) for disaggregated equality statistics."""
