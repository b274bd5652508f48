"""The ``energybridge`` command line: parse, ingest, query, db, run, chat, ask."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ingest.model import IngestError

Handler = Callable[[argparse.Namespace], int]


def _iter_files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def _parse_one(path: str) -> dict:
    from ingest.pipeline import parse

    try:
        return parse(path).to_json()
    except IngestError as exc:
        return {"file": Path(path).name, "error": exc.reason}


def cmd_parse(args: argparse.Namespace) -> int:
    """Print the parsed article(s) as JSON (one object; JSON Lines for several files)."""
    files = [str(p) for p in _iter_files(args.files)]
    if len(args.files) == 1 and len(files) == 1 and not Path(args.files[0]).is_dir():
        result = _parse_one(files[0])
        if "error" in result:
            print(f"energybridge parse: {files[0]}: {result['error']}", file=sys.stderr)
            return 2
        print(json.dumps(result, ensure_ascii=False, indent=2 if args.pretty else None))
        return 0
    workers = 1 if len(files) < 8 else None
    if workers == 1:
        results: Iterator[dict] = map(_parse_one, files)
        for item in results:
            print(json.dumps(item, ensure_ascii=False), flush=True)
    else:
        with ProcessPoolExecutor() as pool:
            for item in pool.map(_parse_one, files, chunksize=16):
                print(json.dumps(item, ensure_ascii=False), flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="energybridge", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse article files and print JSON")
    p.add_argument("files", nargs="+", help="files or directories")
    p.add_argument("--json", action="store_true", help="JSON output (the default)")
    p.add_argument("--pretty", action="store_true", help="indent a single object")
    p.set_defaults(handler=lambda a, _s: cmd_parse(a), needs_settings=False)
    for module in ("scan.cli", "bot.cli_bot"):
        try:
            mod = __import__(module, fromlist=["add_commands"])
        except ModuleNotFoundError as exc:
            if exc.name not in (module, module.split(".")[0]):
                raise
            continue
        mod.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = None
    if getattr(args, "needs_settings", True):
        from bot.settings import load_settings

        settings = load_settings()
        if settings is None:
            return 2
    try:
        return int(args.handler(args, settings) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
