"""Benchmarks: run all with `make bench` (python -m benchmarks), or one by its script."""
