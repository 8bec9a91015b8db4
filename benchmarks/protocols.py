"""Models against published protocols and light PRCs: the README's "Researchers" tables.

    python benchmarks/protocols.py                # protocol outcomes, predicted vs measured
    python benchmarks/protocols.py --prc          # light PRCs: RMSE and peak errors
    python benchmarks/protocols.py --sensitivity  # Eastman 2005: what each assumption does

Protocols and their encodings: circadian.protocols; light PRC protocols: circadian.prc_compare.
A model without melatonin input is shown only on arms without melatonin ("-").
"""

from __future__ import annotations

import argparse

from circadian.models import get_model
from circadian.protocols import burgess2003, eastman2005, published

MODELS = ("forger99", "jewett99", "hannay19", "hannay19tp", "hannay19melfit", "hannay19melcal",
          "breslow13fit")


def _md(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def protocol_table() -> str:
    models = [get_model(m) for m in MODELS]
    rows = []
    for p in published().values():
        unit = "" if p.measurement.kind == "advance" else " (clock h)"
        cells = [f"{p.title}{unit}", f"{p.measured.mean_h:.1f} ± {p.tolerance_h:.1f}"]
        for m in models:
            if p.has_melatonin and not m.has_melatonin:
                cells.append("-")
                continue
            v = p.predict(m)
            flag = "" if abs(v - p.measured.mean_h) <= p.tolerance_h + 1e-9 else " ✗"
            cells.append(f"{v:+.2f}{flag}" if unit == "" else f"{v:.2f}{flag}")
        rows.append(cells)
    return _md(["protocol (DLMO advance, h)", "measured ± tol", *MODELS], rows)


def increment_table() -> str:
    from circadian.melatonin_fit import advance_targets

    models = [get_model(m) for m in MODELS if get_model(m).has_melatonin]
    rows = [[t.protocol.title, f"{t.increment_h:+.1f}"]
            + [f"{t.model_increment(m):+.2f}" for m in models] for t in advance_targets()]
    return _md(["melatonin minus placebo (h)", "measured", *[m.name for m in models]], rows)


def prc_table() -> str:
    from circadian.prc_compare import compare_to_published

    rows = []
    for name in ("sthilaire2012_1h", "ruger2013_480nm"):
        for m in MODELS:
            c = compare_to_published(get_model(m), name)
            rows.append([name, m, f"{c.rmse_h:.2f}",
                         f"{c.model_advance.shift_h:+.2f} ({c.advance_error_h:+.2f})",
                         f"{c.model_delay.shift_h:+.2f} ({c.delay_error_h:+.2f})",
                         f"{c.peak_to_trough_ratio:.2f}"])
    return _md(["published PRC", "model", "RMSE h", "peak advance (error)",
                "peak delay (error)", "peak-to-trough / data"], rows)


def sensitivity_table() -> str:
    light = ("forger99", "jewett99", "hannay19", "hannay19tp")
    cases = [
        ("as encoded (day 700 lux)", lambda s: eastman2005(s)),
        ("room light 150 lux all day", lambda s: eastman2005(s, day_lux=150)),
        ("room light 40 lux all day", lambda s: eastman2005(s, day_lux=40)),
        ("home and day 150 lux", lambda s: eastman2005(s, day_lux=150, home_lux=150)),
        ("light boxes 2500 lux", lambda s: eastman2005(s, box_lux=2500)),
        ("final DLMO one day later", lambda s: eastman2005(s, final_assessment_delay_days=1)),
        ("assessment in 40 lux", lambda s: eastman2005(s, assessment_lux=40)),
        ("sleep shift only (Burgess 2003 dim arm)", lambda s: burgess2003("dim")),
    ]
    rows = []
    for label, build in cases:
        for s in (1.0, 2.0):
            if "Burgess" in label and s == 2.0:
                continue
            p = build(s)
            rows.append([label, f"{s:g} h/day", f"{p.measured.mean_h:.1f}"]
                        + [f"{p.predict(get_model(m)):+.2f}" for m in light])
    return _md(["Eastman 2005 variant", "arm", "measured", *light], rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prc", action="store_true")
    ap.add_argument("--sensitivity", action="store_true")
    a = ap.parse_args()
    if a.prc:
        print(prc_table())
    elif a.sensitivity:
        print(sensitivity_table())
    else:
        print(protocol_table())
        print()
        print(increment_table())


if __name__ == "__main__":
    main()
