"""Growth-ratio timing for the regex timing property (robust on a loaded 2-core machine).

A linear stage takes ~4x longer on 4x the text; a quadratic one ~16x. Time is this process's CPU time (other
processes on the machine do not count), the ratio is taken between the fastest of several runs at each size (load
only ever adds time), each run repeating the call enough times to last a few milliseconds (timer resolution), so
one slow stretch of the machine neither passes a quadratic stage nor fails a linear one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SIZES = (10_000, 40_000)
# Fail above this growth from 10k to 40k characters: linear is 4, n·log n ~5, quadratic 16 (measured on this
# machine: linear stages 3-6 under load, the old quadratic patterns 14-19).
MAX_GROWTH = 10.0
# Runs per size; the fastest counts.
RUNS = 3
# Each run repeats the call until it lasts at least this long at the smallest size (the same count at every size).
MIN_RUN_SECONDS = 0.004
# A stage this fast at the largest size is linear enough whatever its ratio (timer noise on tiny times).
NEGLIGIBLE_SECONDS = 0.002


def _run(fn: Callable[[str], object], text: str, loops: int) -> float:
    start = time.process_time()
    for _ in range(loops):
        fn(text)
    return time.process_time() - start


def growth(fn: Callable[[str], object], shape: Callable[[int], str], sizes: tuple[int, ...] = SIZES) -> float:
    """Time ``fn(shape(n))`` at the smallest and largest size and return time(largest) / time(smallest).

    The sizes are run in turn ``RUNS`` times (a slow stretch of the machine then hits both, not only one) and
    the fastest run of each counts. Returns 1.0 when even the largest input is negligible.
    """
    small, large = shape(sizes[0]), shape(sizes[-1])
    fn(small)  # warm caches (compiled patterns, catalogs)
    single = _run(fn, small, 1)
    loops = max(1, int(MIN_RUN_SECONDS / max(single, 1e-7)) + 1)
    t_small = t_large = float("inf")
    for _ in range(RUNS):
        t_small = min(t_small, _run(fn, small, loops))
        t_large = min(t_large, _run(fn, large, loops))
    if t_large / loops < NEGLIGIBLE_SECONDS:
        return 1.0
    return t_large / t_small
