"""Deterministic synthetic data for demos and benchmarks, plus the PC4 geodata file."""
