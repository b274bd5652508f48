"""Tests of bench/ (the benchmark's parts, on the seeds)."""
