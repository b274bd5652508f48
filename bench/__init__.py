"""Offline benchmarks and evaluation scripts for Energy Bridge (run with ``python -m bench.<name>``)."""
