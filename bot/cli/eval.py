"""``energybridge eval [--eval-dir DIR] [--json PATH]``: extraction quality per field on the evaluation sets
(``bench.eval``: countries, language, dates, projects, figures, people), printed and written to JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("eval")
@click.option("--eval-dir", type=click.Path(path_type=Path), default=None,
              help="the evaluation sets (default: ../shared/eval beside the checkout)")
@click.option("--json", "json_path", type=click.Path(path_type=Path), default=None,
              help="where to write the numbers (default: bench/results/eval.json)")
@click.option("--fast", is_flag=True, help="read the first 3,000 KazNERD sentences only")
@click.option("--no-people", is_flag=True, help="skip the people sets")
def eval_command(eval_dir: Path | None, json_path: Path | None, fast: bool, no_people: bool) -> int:
    """Print precision, recall and F1 per field and write them to JSON."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "bench" / "eval.py").is_file() and str(checkout) not in sys.path:
        sys.path.insert(0, str(checkout))  # bench/ sits beside bot/ in a checkout; it is not an installed package
    try:
        from bench import eval as quality
    except ImportError as exc:
        raise click.UsageError("eval runs from a source checkout (the bench package is not installed)") from exc
    directory = eval_dir or quality.EVAL_ROOT
    if not directory.is_dir():
        raise click.UsageError(f"no evaluation sets at {directory}")
    return quality.report(directory, json_path or quality.RESULTS, fast=fast, people=not no_people)
