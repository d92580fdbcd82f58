"""Benchmarks (run on purpose, not by pytest): python -m benchmarks.bench_analysis."""
