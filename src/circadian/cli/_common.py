"""Shared CLI pieces: output options, ``--param`` parsing, tables and writing results."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import click

from circadian.errors import CircadianError


def output_options(formats: Sequence[str], default: str) -> Callable[[Callable], Callable]:
    """``--format``, ``--output`` and ``--force`` for a command."""

    def deco(f: Callable) -> Callable:
        f = click.option("--force", is_flag=True,
                         help="Overwrite --output if it exists.")(f)
        f = click.option("--output", "-o", type=click.Path(dir_okay=False),
                         default=None, help="Write to FILE instead of standard output.")(f)
        f = click.option("--format", "fmt", type=click.Choice(list(formats),
                         case_sensitive=False), default=default, show_default=True,
                         help="Output format.")(f)
        return f

    return deco


def param_option(f: Callable) -> Callable:
    return click.option(
        "--param", "params", multiple=True, metavar="NAME=VALUE",
        help="Override a model parameter (repeatable), e.g. --param tau=24.4.",
    )(f)


def emit(data: str | bytes, output: str | None, force: bool, inputs: Sequence[str] = ()) -> None:
    """Write the rendered result to stdout or, atomically, to ``output``."""
    if output is None or output == "-":
        if isinstance(data, bytes):  # click.get_binary_stream is deprecated (Click 9)
            from circadian.fileio import STDOUT, write_output

            write_output(STDOUT, data)
        else:
            click.echo(data, nl=not data.endswith("\n"))
        return
    from circadian.fileio import write_output

    write_output(output, data, force=force, inputs=list(inputs))
    click.echo(f"wrote {output}", err=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A fixed-width plain-text table."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    return buf.getvalue()


def dumps(obj: Any) -> str:
    """JSON with no NaN or infinity (they are errors, not output)."""
    try:
        return json.dumps(obj, indent=2, allow_nan=False) + "\n"
    except ValueError:
        raise CircadianError("the result contains a non-finite number; the model could not "
                             "give an answer for these inputs") from None
