"""Figures, their table and ``bench/results/latest.json``; statistics helpers; machine information."""

from __future__ import annotations

import json
import math
import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    """One measured number, the limit it is compared with and the target it must meet.

    ``limit`` is a reference ceiling measured in the same run (raw insert rate, bare SQL, a do-nothing bot,
    Telegram's 30 msg/s...) and ``ratio`` is ``value / limit``. ``target`` is the issue's goal, met when
    ``value`` compares to it with ``op`` ("<", "<=", ">=", "==").
    """

    family: str
    name: str
    value: float
    unit: str
    limit: float | None = None
    limit_label: str = ""
    target: float | None = None
    op: str = ""
    runs: list[float] = field(default_factory=list)  # the value of every run (the figure is their median)
    detail: str = ""  # shown in the table: companion numbers (p50, p99, counts...)
    extra: dict[str, Any] = field(default_factory=dict)  # kept in the JSON only

    @property
    def ratio(self) -> float | None:
        if self.limit is None or self.limit == 0:
            return None
        return self.value / self.limit

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return {
            "<": self.value < self.target,
            "<=": self.value <= self.target,
            ">=": self.value >= self.target,
            "==": self.value == self.target,
        }[self.op]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = _round(self.ratio) if self.ratio is not None else None
        data["met"] = self.met
        data["value"] = _round(self.value)
        data["runs"] = [_round(v) for v in self.runs]
        return data


def _round(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    digits = max(0, 3 - int(math.floor(math.log10(abs(value)))))
    return round(value, digits)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def fmt(value: float | None) -> str:
    """A number with three significant digits (thousands separated), '' for None."""
    if value is None:
        return ""
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def machine_info() -> dict[str, Any]:
    """Cores, memory, CPU model, Python, SQLite and platform of this machine."""
    memory_mb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mb = round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "memory_mb": memory_mb,
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def reference_ms() -> float:
    """Milliseconds of a fixed CPU task (Python string work and an in-memory SQLite sort), best of 3.

    Timed before each figure family and at the end: on a shared VM whose speed drifts, it says how fast the
    machine was while each family ran (a slower reference beside a slower figure is the machine, not the code).
    """
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        words = sorted(str(i * 7919 % 100_003) for i in range(100_000))
        con = sqlite3.connect(":memory:")
        try:
            con.execute("CREATE TABLE t (w TEXT)")
            con.executemany("INSERT INTO t VALUES (?)", ((w,) for w in words))
            con.execute("SELECT w FROM t ORDER BY w DESC").fetchall()
        finally:
            con.close()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def steal_seconds() -> float | None:
    """CPU seconds the hypervisor has given to others while this VM's cores wanted to run, since boot (the
    ``steal`` column of ``/proc/stat``); None where the kernel does not report it."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def steal_share(before: float | None, after: float | None, seconds: float) -> float | None:
    """The share of all cores' time over ``seconds`` of wall time that was stolen between two readings."""
    if before is None or after is None or seconds <= 0:
        return None
    return max(0.0, after - before) / ((os.cpu_count() or 1) * seconds)


def table(figures: Sequence[Figure]) -> str:
    """The figures as one Markdown table (readable in a terminal too)."""
    header = ["figure", "value", "unit", "limit (measured)", "ratio", "target", "met", "detail"]
    rows = []
    for f in figures:
        limit = f"{fmt(f.limit)} {f.limit_label}".strip() if f.limit is not None else f.limit_label
        target = f"{f.op} {fmt(f.target)}" if f.target is not None else ""
        met = "" if f.met is None else ("yes" if f.met else "NO")
        ratio = fmt(f.ratio)
        rows.append([f.name, fmt(f.value), f.unit, limit, ratio, target, met, f.detail])
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    right = {1, 4}

    def line(cells: list[str]) -> str:
        padded = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def write_json(path: Path, *, command: str, settings: dict[str, Any], machine: dict[str, Any],
               figures: Sequence[Figure], details: dict[str, Any], started: str, seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "command": command,
        "started_at": started,
        "duration_s": round(seconds, 1),
        "machine": machine,
        "settings": settings,
        "figures": [f.to_json() for f in figures],
        "details": details,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
