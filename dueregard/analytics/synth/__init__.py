"""Synthetic data generators (deterministic, seeded) for tests, the demo and benchmarks."""

from .workforce import write_workforce

__all__ = ["write_workforce"]
