"""Benchmarks (``python -m bench`` / ``make bench``: see ``bench/__main__.py``) and evaluation scripts
(``python -m bench.langid_eval``)."""
