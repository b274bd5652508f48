"""The ``energybridge`` command line (Click): one module per sub-command, registered here.

``energybridge`` with no sub-command does what ``make run`` does: the real bot when ``TELEGRAM_BOT_TOKEN`` is set,
else the console chat on the local Bot API emulator. Every command exits 0 on success, 2 with one line on stderr for
a bad argument or setting, 1 for a failure of the store.
"""

from __future__ import annotations

import os
import sys

import click

from bot.cli import ask, chat, db, eval, export, ingest, parse, query, run, sources
from bot.cli.common import CliState, settings_of
from bot.settings import Settings


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> int | None:
    """Energy Bridge: energy cooperation news in seven languages, as a Telegram bot."""
    if ctx.invoked_subcommand is not None:
        return None
    settings = settings_of(ctx)
    if settings.telegram_bot_token:
        return run.run_bot(settings)
    click.echo("No TELEGRAM_BOT_TOKEN set: starting the console chat on the local Bot API emulator.\n")
    return ctx.invoke(chat.chat, lang=settings.default_language)


for _command in (parse.parse, ingest.ingest, query.query, export.export, db.db, run.run, chat.chat, ask.ask,
                 sources.sources, eval.eval_command):
    cli.add_command(_command)


def main(argv: list[str] | None = None, *, settings: Settings | None = None) -> int:
    """Run the CLI and return its exit code (``settings`` replaces the environment's, for tests)."""
    try:
        result = cli.main(args=argv, prog_name="energybridge", standalone_mode=False, obj=CliState(settings))
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        return 0
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "energybridge"
        click.echo(f"{command}: {exc.format_message()} (see --help)", err=True)
        return 2
    except click.Abort:
        return 130
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        click.echo(f"energybridge: {exc.format_message()}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return int(result or 0)

