"""``circadian prc``: the phase response curve a model predicts; ``prc fit`` fits data."""

from __future__ import annotations

import click

from circadian.cli._common import csv_text, dumps, emit, output_options, param_option, table
from circadian.cli.prc_fit import fit


@click.group(invoke_without_command=True)
@click.option("--model", "model_name", default=None,
              help="Model name [default: forger99 for light, hannay19melfit for melatonin].")
@click.option("--stimulus", type=click.Choice(["light", "melatonin"]), default="light",
              show_default=True)
@click.option("--duration", "duration_h", type=float, default=6.7, show_default=True,
              help="Light pulse duration [h].")
@click.option("--lux", type=float, default=10_000.0, show_default=True,
              help="Light pulse illuminance [lux].")
@click.option("--dose", "doses", type=float, multiple=True,
              help="Melatonin dose [mg] (repeat to compare doses side by side).")
@click.option("--points", "n_points", type=int, default=48, show_default=True,
              help="Number of pulse times over the cycle.")
@click.option("--published", "published", default=None, metavar="NAME",
              help="Show a published PRC's points (sthilaire2012_1h, ruger2013_480nm, "
                   "burgess2008_3mg, burgess2010_0.5mg); for a light PRC also the model's "
                   "curve for that study's protocol at the same points, with RMSE and peaks.")
@param_option
@output_options(["table", "json", "csv"], "table")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Also draw the curve to FILE.png or FILE.svg, with the published data when "
                   "there are any (needs the 'plot' extra).")
@click.pass_context
def prc(ctx: click.Context, model_name: str | None, stimulus: str, duration_h: float, lux: float,
        doses: tuple[float, ...], n_points: int, published: str | None,
        params: tuple[str, ...], fmt: str, output: str | None, force: bool,
        plot_path: str | None) -> None:
    """Print the phase response curve MODEL predicts (advances positive).

    Light: Khalsa et al. 2003 protocol (entrained, dim background, one pulse centred at each
    circadian time, shift measured against a control). `circadian prc fit DATA.csv` fits a
    curve to your own data instead.
    """
    if ctx.invoked_subcommand is not None:
        return
    from circadian.models import model_class, parse_param_overrides

    if plot_path:
        from circadian.render import require_matplotlib
        from circadian.render.plot import format_for_path

        format_for_path(plot_path)  # fail before computing: bad suffix or no matplotlib
        require_matplotlib()
    if published is not None:
        from circadian.cli.prc_published import published_command

        published_command(published, model_name or "forger99", list(params), fmt, output,
                          force)
        return
    if stimulus == "melatonin":
        from circadian.cli.prc_melatonin import melatonin_prc_command

        melatonin_prc_command(model_name or "hannay19melfit", doses, list(params), n_points, fmt,
                              output, force)
        if plot_path:
            _plot_melatonin(model_name or "hannay19melfit", doses, list(params), n_points,
                            plot_path, force)
        return
    model_name = model_name or "forger99"
    if doses:
        raise click.UsageError("--dose goes with --stimulus melatonin")
    from circadian.prc import KHALSA_2003, KHALSA_2003_PEAK_TO_TROUGH_H, phase_response_curve

    cls = model_class(model_name)
    model = cls(**parse_param_overrides(list(params), cls))
    r = phase_response_curve(model, lux=lux, duration_h=duration_h, n_points=n_points)
    pts = [
        {"hours_after_dlmo": round(float(a), 3), "hours_after_cbtmin": round(float(b), 3),
         "shift_h": round(float(s), 3)}
        for a, b, s in zip(r.hours_after_dlmo, r.hours_after_cbtmin, r.shift_h, strict=True)
    ]
    if fmt == "json":
        data = dumps({
            "model": model.name, "stimulus": "light", "lux": lux, "duration_h": duration_h,
            "params": model.params.as_dict(), "points": pts,
            "peak_to_trough_h": round(r.peak_to_trough, 3),
            "reference": {"source": KHALSA_2003,
                          "peak_to_trough_h": KHALSA_2003_PEAK_TO_TROUGH_H},
        })
    else:
        rows = [(p["hours_after_dlmo"], p["hours_after_cbtmin"], p["shift_h"]) for p in pts]
        hdr = ["hours_after_dlmo", "hours_after_cbtmin", "shift_h"]
        if fmt == "csv":
            data = csv_text(hdr, rows)
        else:
            adv, dl = r.peak_advance, r.peak_delay
            data = (
                f"{model.name}: {lux:g} lux for {duration_h:g} h (advances positive)\n"
                + table(hdr, [(f"{a:+.2f}", f"{b:+.2f}", f"{s:+.2f}") for a, b, s in rows])
                + f"\npeak advance {adv[1]:+.2f} h at CBTmin{adv[0]:+.1f} h; peak delay "
                f"{dl[1]:+.2f} h at CBTmin{dl[0]:+.1f} h; peak-to-trough {r.peak_to_trough:.2f} h"
                f"\nKhalsa et al. 2003 (6.7 h, ~10,000 lux): peak-to-trough "
                f"{KHALSA_2003_PEAK_TO_TROUGH_H} h\n"
            )
    emit(data, output, force)
    if plot_path:
        from circadian.render.plot import prc_figure, save

        save(prc_figure(r), plot_path, force)
        click.echo(f"wrote {plot_path}", err=True)


def _plot_melatonin(model_name: str, doses: tuple[float, ...], params: list[str], n_points: int,
                    plot_path: str, force: bool) -> None:
    """Draw the melatonin PRCs (recomputed: a fraction of a second) with Burgess's data."""
    from circadian.models import model_class, parse_param_overrides
    from circadian.prc_melatonin import melatonin_prc
    from circadian.render.plot import melatonin_prc_figure, save

    cls = model_class(model_name)
    model = cls(**parse_param_overrides(params, cls))
    curves = [melatonin_prc(model, d, n_points=n_points) for d in (doses or (0.5,))]
    save(melatonin_prc_figure(curves), plot_path, force)
    click.echo(f"wrote {plot_path}", err=True)


prc.add_command(fit)
