"""Preloaded by the forkserver that parser processes are forked from (``scan.runner``): importing this module
loads and warms the whole parser once, so every parser process starts warm.

A cold parser process spends ~0.8 s of CPU before its first article (imports ~0.3 s; language models, CLDR
month and country names, catalog regexes ~0.5 s), once per process and ingest: 1.6 s of a 1,000-file ingest on
two cores. Forked from a warm server, a worker starts in milliseconds, and the server lives as long as the
process that ingests (the bot scans ``SEEDS_DIR`` every few seconds), so it warms up only once.
"""

from __future__ import annotations

import gc

from scan.work import die_with_parent, warm_up

die_with_parent()  # the server must not outlive the process that ingests (nor must its parsers: see there)
warm_up()
# The warm objects are never freed: moved out of the collector's view, a forked parser's collections do not walk
# (and so copy, page by page) the whole inherited heap (the fork advice of the ``gc.freeze`` documentation).
gc.freeze()
