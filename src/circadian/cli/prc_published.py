"""``circadian prc --published NAME``: a published PRC's points, and a model beside them."""

from __future__ import annotations

import click

from circadian.cli._common import csv_text, dumps, emit, table


def published_command(name: str, model_name: str, params: list[str], fmt: str,
                      output: str | None, force: bool) -> None:
    """Render the points of published PRC ``name``; for a light PRC also ``model_name``'s
    shift at each point by that study's protocol (see :mod:`circadian.prc_compare`)."""
    from circadian.empirical_prc import PUBLISHED, load_points, published_prc

    entry = PUBLISHED.get(name)
    if entry is None:
        raise click.BadParameter(f"unknown published PRC {name!r}; known: "
                                 f"{', '.join(sorted(PUBLISHED))}", param_hint="--published")
    if entry.kind != "light":
        x, y = load_points(name)
        fit = published_prc(name)
        rows = [(f"{a:.2f}", f"{b:+.2f}") for a, b in zip(x, y, strict=True)]
        _emit(fmt, output, force, name, entry.citation, ["hours_after_dlmo", "shift_h"], rows,
              {"peak_advance": list(fit.peak_advance()), "peak_delay": list(fit.peak_delay())},
              [f"two-harmonic fit: advance {fit.peak_advance().shift_h:+.2f} h, delay "
               f"{fit.peak_delay().shift_h:+.2f} h"])
        return
    from circadian.models import model_class, parse_param_overrides
    from circadian.prc_compare import compare_to_published

    cls = model_class(model_name)
    model = cls(**parse_param_overrides(params, cls))
    c = compare_to_published(model, name)
    xname = "pulse_centre_after_dlmo" if entry.x_reference == "centre" else \
        "pulse_onset_after_dlmo"
    rows = [(f"{a:.2f}", f"{b:+.2f}", f"{m:+.2f}")
            for a, b, m in zip(c.x_h, c.data_h, c.model_h, strict=True)]
    summary = {
        "model": model.name, "model_lux": round(c.model_lux, 1),
        "model_lux_note": entry.model_lux_note, "rmse_h": round(c.rmse_h, 3),
        "peak_advance": {"published": list(c.data_advance), "model": list(c.model_advance)},
        "peak_delay": {"published": list(c.data_delay), "model": list(c.model_delay)},
        "assumed_drift_h": -0.54,
    }
    lines = [
        f"{model.name} given {c.model_lux:.0f} lux for {c.duration_h:g} h"
        + (f" ({entry.model_lux_note})" if entry.model_lux_note else ""),
        "shifts raw (drift included): model = drift-free shift - 0.54 h, the papers' assumed drift",
        f"RMSE {c.rmse_h:.2f} h; peak advance {c.model_advance.shift_h:+.2f} h (published fit "
        f"{c.data_advance.shift_h:+.2f} h); peak delay {c.model_delay.shift_h:+.2f} h "
        f"(published fit {c.data_delay.shift_h:+.2f} h)",
    ]
    _emit(fmt, output, force, name, entry.citation, [xname, "shift_h", "model_shift_h"], rows,
          summary, lines)


def _emit(fmt: str, output: str | None, force: bool, name: str, citation: str,
          hdr: list[str], rows: list[tuple[str, ...]], summary: dict, lines: list[str]) -> None:
    if fmt == "json":
        pts = [dict(zip(hdr, (float(v) for v in r), strict=True)) for r in rows]
        emit(dumps({"published": name, "source": citation, "points": pts, **summary}), output,
             force)
    elif fmt == "csv":
        emit(csv_text(hdr, rows), output, force)
    else:
        emit(f"{name}: {citation}\n" + table(hdr, rows) + "\n" + "\n".join(lines) + "\n",
             output, force)
