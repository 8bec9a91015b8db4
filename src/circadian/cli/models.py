"""``circadian models``: list the models and show every parameter with unit and source."""

from __future__ import annotations

import click

from circadian.cli._common import dumps, table


@click.group(invoke_without_command=True)
@click.pass_context
def models(ctx: click.Context) -> None:
    """List the circadian models (``circadian models show NAME`` for parameters)."""
    if ctx.invoked_subcommand is None:
        from circadian.models import MODELS

        rows = [(name, cls.title, cls.citation.split(").")[0] + ")")
                for name, cls in MODELS.items()]
        click.echo(table(["name", "model", "source"], rows), nl=False)


@models.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def show(name: str, fmt: str) -> None:
    """Print every parameter of model NAME with value, unit, meaning and source."""
    from circadian.models import get_model

    m = get_model(name)
    info = m.describe()
    if fmt == "json":
        click.echo(dumps({
            "model": m.name, "title": m.title, "citation": m.citation,
            "markers": m.marker_note, "state": list(m.state_names),
            "params": [{"name": p.name, "value": p.value, "unit": p.unit, "meaning": p.meaning,
                        "source": p.source, "range": [p.lo, p.hi]} for p in info],
        }), nl=False)
        return
    click.echo(f"{m.name}: {m.title}")
    click.echo(f"source: {m.citation}")
    click.echo(f"state: {', '.join(m.state_names)}")
    click.echo(f"phase markers: {m.marker_note}\n")
    rows = [(p.name, f"{p.value:g}", p.unit, f"[{p.lo:g}, {p.hi:g}]", p.meaning) for p in info]
    click.echo(table(["parameter", "value", "unit", "range", "meaning"], rows), nl=False)
    click.echo("\nsources:")
    for src in sorted({p.source for p in info}):
        click.echo(f"  - {src}")
