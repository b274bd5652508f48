"""``python -m bench`` (``make bench``): measure ingestion, queries, replies, fan-out and memory against limits.

Prints one table and writes ``bench/results/latest.json``. ``--scale`` multiplies every corpus and store size
(0.1 runs in about a minute), ``--only`` picks figure families, ``--runs`` sets how many runs each figure is
the median of. Corpora and synthetic stores are cached in ``bench/.cache/`` (git-ignored); scratch databases
go to a temporary directory that is removed at the end. Nothing here is a test: numbers on a shared machine
are noisy, which is why every figure is a median.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.context import Context
from bench.report import RESULTS, Figure, machine_info, reference_ms, steal_seconds, steal_share, table, write_json

FAMILIES = ("ingest", "queries", "roundtrip", "fanout", "memory", "charts")


def _runner(family: str) -> Callable[[Context], list[Figure]]:
    if family == "ingest":
        from bench.ingest import run
    elif family == "queries":
        from bench.queries import run
    elif family == "roundtrip":
        from bench.roundtrip import run
    elif family == "fanout":
        from bench.fanout import run
    elif family == "charts":
        from bench.charts import run
    else:
        from bench.memory import run
    return run


def _families(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in FAMILIES]
    if unknown or not names:
        choices = ", ".join(FAMILIES)
        raise argparse.ArgumentTypeError(f"unknown figure family {', '.join(unknown)}; choose from {choices}")
    return names


def _positive(kind: type) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=_positive(float), default=1.0, help="multiply corpus and store sizes")
    parser.add_argument("--only", type=_families, default=list(FAMILIES),
                        help=f"comma-separated families: {','.join(FAMILIES)}")
    parser.add_argument("--runs", type=_positive(int), default=3, help="runs per figure (the median is kept)")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="where the JSON goes")
    parser.add_argument("--postgres", metavar="URL", default=os.environ.get("BENCH_POSTGRES_URL"),
                        help="also measure the queries on this PostgreSQL server (a scratch schema; default "
                             "$BENCH_POSTGRES_URL)")
    args = parser.parse_args(argv)

    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.monotonic()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="energybridge-bench-") as work:
        ctx = Context(scale=args.scale, runs=int(args.runs), work=Path(work), postgres=args.postgres)
        speed: dict[str, float] = {}
        steal: dict[str, float | None] = {}
        for family in FAMILIES:
            if family in args.only:
                speed[family] = reference_ms()
                ctx.log(f"{family} ... (machine reference task: {speed[family]:.0f} ms)")
                steal0, family_started = steal_seconds(), time.monotonic()
                figures.extend(_runner(family)(ctx))
                steal[family] = steal_share(steal0, steal_seconds(), time.monotonic() - family_started)
        speed["end"] = reference_ms()
        ctx.details["machine_reference_ms"] = speed
        ctx.details["hypervisor_steal_share"] = steal
    seconds = time.monotonic() - started
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    print()
    print(table(figures))
    profile = ctx.details.get("ingest", {}).get("stages_ms_per_article")
    if profile:
        from bench.ingest import stage_table

        print("\nWhere ingest time goes (one process, the smaller corpus):\n")
        print(stage_table(profile))
    print("\nMachine speed while each family ran (a fixed CPU task, best of 3, ms; lower is faster): "
          + ", ".join(f"{name} {ms:.0f}" for name, ms in speed.items()))
    if any(share is not None for share in steal.values()):
        print("Cores' time taken by the hypervisor (steal) while each family ran: "
              + ", ".join(f"{name} {share:.0%}" for name, share in steal.items() if share is not None))
    print(f"\n{command.strip()} — {seconds:.0f} s on {_machine_line()}")
    write_json(
        args.out, command=command.strip(), started=started_at, seconds=seconds, machine=machine_info(),
        settings={"scale": args.scale, "runs": int(args.runs), "only": args.only, "postgres": bool(args.postgres)},
        figures=figures,
        details=ctx.details,
    )
    print(f"wrote {args.out}")
    return 0


def _machine_line() -> str:
    m = machine_info()
    return f"{m['cores']} cores, {m['memory_mb']:,} MB, Python {m['python']}, SQLite {m['sqlite']}"


if __name__ == "__main__":
    sys.exit(main())
