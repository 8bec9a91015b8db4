"""``circadian simulate``: daily DLMO and CBTmin predicted from a light file."""

from __future__ import annotations

import click

from circadian.cli._common import csv_text, dumps, emit, output_options, param_option, table


@click.command()
@click.option("--model", "model_name", default="forger99", show_default=True,
              help="Model name (see `circadian models`).")
@click.option("--light", "light_path", required=True, type=click.Path(dir_okay=False),
              help="CSV with header time,lux (ISO 8601 times with offset or Z).")
@param_option
@click.option("--dose", "dose_specs", multiple=True, metavar="TIME=MG",
              help="An oral melatonin dose, e.g. 2026-12-02T17:00=0.5 (time local to --tz "
                   "unless it has an offset); repeat for more. Needs a model with melatonin "
                   "(hannay19melfit, breslow13fit, ...).")
@click.option("--tz", default="UTC", show_default=True, help="IANA zone for dates and times.")
@output_options(["table", "json", "csv"], "table")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Also draw phase markers and light to FILE.png or FILE.svg (needs the "
                   "'plot' extra).")
def simulate(model_name: str, light_path: str, params: tuple[str, ...],
             dose_specs: tuple[str, ...], tz: str, fmt: str, output: str | None, force: bool,
             plot_path: str | None) -> None:
    """Simulate MODEL under the light in a CSV file and print daily DLMO and CBTmin.

    The simulation starts entrained to the file's first 24 h repeated, so long files
    simply converge to what the light implies.
    """
    from circadian.light import read_light_csv
    from circadian.models import model_class, parse_param_overrides
    from circadian.simulate import simulate as run_sim
    from circadian.tz import get_zone

    zone = get_zone(tz, "--tz")
    if plot_path:
        from circadian.render import require_matplotlib
        from circadian.render.plot import format_for_path

        format_for_path(plot_path)  # fail before simulating: bad suffix or no matplotlib
        require_matplotlib()
    cls = model_class(model_name)
    model = cls(**parse_param_overrides(list(params), cls))
    light = read_light_csv(light_path)
    doses = [_dose(spec, zone, light) for spec in dose_specs]
    if doses and not model.has_melatonin:
        raise click.BadParameter(f"model {model.name} has no melatonin input; use one that "
                                 "has (hannay19melfit, breslow13fit, hannay19mel, breslow13)",
                                 param_hint="--dose")
    res = run_sim(model, light, doses=doses)
    days = res.daily(zone)  # type: ignore[union-attr]

    def iso(d):  # type: ignore[no-untyped-def]
        return d.isoformat(timespec="minutes") if d else None

    if fmt == "json":
        data = dumps({
            "model": model.name,
            "params": model.params.as_dict(),
            "tz": zone.key,
            "doses": [{"time": iso(d.time.astimezone(zone)), "mg": d.mg} for d in doses],
            "markers": [{"date": d.date.isoformat(), "dlmo": iso(d.dlmo),
                         "cbtmin": iso(d.cbtmin)} for d in days],
        })
    else:
        rows = [(d.date.isoformat(), iso(d.dlmo), iso(d.cbtmin)) for d in days]
        data = (csv_text if fmt == "csv" else table)(["date", "dlmo", "cbtmin"], rows)
        if fmt == "table":
            data = f"{model.name}, times in {zone.key}\n" + data
    emit(data, output, force, inputs=[light_path])
    if plot_path:
        from circadian.render.plot import save, simulation_figure

        save(simulation_figure(res, light, zone), plot_path, force, inputs=[light_path])
        click.echo(f"wrote {plot_path}", err=True)


def _dose(spec: str, zone, light):  # type: ignore[no-untyped-def]
    """``TIME=MG`` -> a :class:`~circadian.simulate.Dose` inside the light file's span."""
    from circadian.errors import CircadianError
    from circadian.simulate import Dose
    from circadian.tz import parse_local

    when, sep, mg_text = spec.rpartition("=")
    if not sep or not when.strip():
        raise click.BadParameter(f"{spec!r}: expected TIME=MG, e.g. 2026-12-02T17:00=0.5",
                                 param_hint="--dose")
    try:
        mg = float(mg_text.strip().removesuffix("mg").strip())
    except ValueError:
        raise click.BadParameter(f"{spec!r}: {mg_text!r} is not a dose in mg",
                                 param_hint="--dose") from None
    if not 0 < mg <= 100:
        raise click.BadParameter(f"{spec!r}: the dose must be more than 0 and at most 100 mg",
                                 param_hint="--dose")
    try:
        t = parse_local(when, zone, "--dose")
    except CircadianError as exc:
        raise click.BadParameter(f"{spec!r}: {exc.message}", param_hint="--dose") from None
    if not light.start <= t < light.end:
        raise click.BadParameter(f"{spec!r}: outside the light file "
                                 f"({light.start.isoformat()} to {light.end.isoformat()})",
                                 param_hint="--dose")
    return Dose(t, mg)
