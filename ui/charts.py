"""/trend's chart: articles per week or month, one line per language or outlet, as a PNG.

Matplotlib's object API with the Agg canvas (no pyplot and its global figure registry); the caller runs
``trend_png`` in a worker thread, off the event loop, and one chart is drawn at a time. Labels come from the
catalogs and CLDR in the reader's language; DejaVu Sans, shipped with matplotlib, has the Cyrillic and Latin
letters of all seven languages (ә ғ ң ө ү һ і ӣ ҳ ҷ ə ğ ş). The figure is 800 x 450 pixels in 64 colours: its PNG
is ~20-45 kB (a noisy chart of 138 months and six lines: 27 kB), far under Telegram's photo limits.

``ChartCache`` keeps the last charts drawn keyed by subject, language, options and the store's version
(``storage.trends.store_version``): a chart is redrawn only after articles change.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Hashable

from babel.dates import format_date
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

from storage.trends import OTHER, Granularity, SeriesBy, Trend
from ui.i18n import Tr

# 8 x 4.5 inches at 100 dpi: 800 x 450 pixels, the width Telegram shows a photo at on most phones.
FIGSIZE = (8.0, 4.5)
DPI = 100
PALETTE_COLOURS = 64
# Tick labels on the time axis: more overlap at this width.
MAX_TICKS = 8
# One chart drawn at a time per process: matplotlib's figures are independent, but its font and text-layout caches
# are shared and not documented as thread-safe; the bot draws in worker threads, and the two cores gain nothing
# from drawing two charts at once.
_DRAWING = threading.Lock()
# Charts kept by a ChartCache: a few subjects x languages; each is ~50 kB.
CACHE_SIZE = 64


def series_label(t: Tr, key: str, by: SeriesBy) -> str:
    if key == OTHER:
        return t("Other")
    if by == SeriesBy.LANGUAGE:
        return t.language_name(key)
    return key or t("unknown source")


def trend_png(t: Tr, trend: Trend, title: str, by: SeriesBy) -> bytes:
    """Draw ``trend`` (one line per series, largest first) titled ``title``; return the PNG's bytes."""
    with _DRAWING:
        return _draw(t, trend, title, by)


def _draw(t: Tr, trend: Trend, title: str, by: SeriesBy) -> bytes:
    figure = Figure(figsize=FIGSIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    # Fixed margins that fit the rotated date labels and the axis titles: matplotlib's constrained layout
    # measured every label to place them and took half of the drawing time (~400 of ~850 ms on a busy machine).
    figure.subplots_adjust(left=0.08, right=0.98, top=0.92, bottom=0.22)
    ax = figure.add_subplot()
    x = list(range(len(trend.periods)))
    for key, counts in trend.series.items():
        ax.plot(x, counts, marker="o" if len(x) <= 40 else None, markersize=3, linewidth=1.8,
                label=series_label(t, key, by))
    ax.set_title(title, fontsize=13)
    ax.set_ylabel(t("Articles"))
    ax.set_xlabel(t("Week") if trend.granularity == Granularity.WEEK else t("Month"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    if x:
        step = max(1, -(-len(x) // MAX_TICKS))
        ticks = x[::step]
        pattern = "d MMM y" if trend.granularity == Granularity.WEEK else "MMM y"
        ax.set_xticks(ticks, [format_date(trend.periods[i], pattern, locale=t.locale) for i in ticks],
                      rotation=30, ha="right", fontsize=8)
        ax.set_xlim(-0.5, len(x) - 0.5)
    ax.grid(True, alpha=0.3)
    if trend.series:
        ax.legend(title=t("Language") if by == SeriesBy.LANGUAGE else t("Outlet"), fontsize=8, title_fontsize=8,
                  loc="upper left")
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    # A palette of PALETTE_COLOURS instead of 24-bit colour: the antialiased lines of a noisy chart made a PNG of
    # ~160 kB in full colour, ~45 kB in 64 colours, and the chart looks the same.
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").quantize(colors=PALETTE_COLOURS).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class ChartCache:
    """The last ``size`` charts drawn, least recently used dropped first (thread-safe)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
