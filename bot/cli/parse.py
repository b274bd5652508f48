"""``energybridge parse FILE|DIR...``: the parsed article(s) as JSON, without a database."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from ingest.model import IngestError
from ingest.reader import text_path

# Below this many files one process parses them all: a pool's start-up costs more than it saves.
POOL_MIN_FILES = 8


def _iter_files(paths: tuple[str, ...]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def _parse_one(path: str) -> dict:
    from ingest.pipeline import parse as parse_file

    try:
        return parse_file(path).to_json()
    except IngestError as exc:
        return {"file": text_path(Path(path).name), "error": exc.reason}


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON output (the default)")
@click.option("--pretty", is_flag=True, help="indent a single object")
def parse(files: tuple[str, ...], as_json: bool, pretty: bool) -> int:
    """Parse article files and print JSON (one object; JSON Lines for several files)."""
    del as_json  # JSON is the only output; the flag is accepted for scripts that pass it
    paths = [str(p) for p in _iter_files(files)]
    if len(files) == 1 and len(paths) == 1 and not Path(files[0]).is_dir():
        result = _parse_one(paths[0])
        if "error" in result:
            print(f"energybridge parse: {text_path(paths[0])}: {result['error']}", file=sys.stderr)
            return 2
        print(json.dumps(result, ensure_ascii=False, indent=2 if pretty else None))
        return 0
    if len(paths) < POOL_MIN_FILES:
        for item in map(_parse_one, paths):
            print(json.dumps(item, ensure_ascii=False), flush=True)
    else:
        with ProcessPoolExecutor() as pool:
            for item in pool.map(_parse_one, paths, chunksize=16):
                print(json.dumps(item, ensure_ascii=False), flush=True)
    return 0
