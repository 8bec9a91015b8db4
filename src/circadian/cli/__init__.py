"""The ``circadian`` command: a click group with one module per command group.

The CLI only parses, calls the library and renders. User errors (:class:`CircadianError`) end
in one line on stderr and exit 2; anything else is an internal error, exit 1, with a hint to
rerun with ``--debug`` for the traceback.
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from circadian import __version__
from circadian.errors import CircadianError

# name -> "module:attribute"; imported lazily so `circadian --help` stays fast.
_COMMANDS: dict[str, str] = {
    "models": "circadian.cli.models:models",
    "simulate": "circadian.cli.simulate:simulate",
    "prc": "circadian.cli.prc:prc",
    "melatonin": "circadian.cli.melatonin:melatonin",
    "plan": "circadian.cli.plan:plan",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        mod_name, attr = target.split(":")
        return getattr(import_module(mod_name), attr)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="circadian")
@click.option("--debug", is_flag=True, help="Show the full traceback on an internal error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Plan light, dark, melatonin and sleep for flights and rotas with circadian models.

    Not medical advice: talk to a clinician before using melatonin or changing sleep
    around a medical condition.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _one_line(text: str) -> str:
    """Messages go out as one line (a file's content quoted in a parser error may hold CRs)."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``circadian`` console script."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="circadian", standalone_mode=False)
    except CircadianError as exc:
        click.echo(f"error: {_one_line(str(exc))}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - last-resort handler for the CLI
        if debug:
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {_one_line(str(exc))} "
            "(rerun with --debug for details)",
            err=True,
        )
        sys.exit(1)
