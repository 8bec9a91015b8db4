"""``circadian melatonin``: the safety check and the evidence on dose.

Thin renderer over :mod:`circadian.melatonin_safety`: exit status 0 whatever the verdict.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from circadian.melatonin_safety import (
    DOSE_EVIDENCE,
    LEGAL_STATUS_NOTE,
    MAX_EVIDENCE_DOSE_MG,
    NOT_MEDICAL_ADVICE,
    PURPOSES,
    SafetyVerdict,
    check,
)


@click.group("melatonin")
def melatonin() -> None:
    """Melatonin: safety check against medicines and conditions, and the evidence on dose.

    Not medical advice: ask a pharmacist or doctor before taking melatonin.
    """


@melatonin.command("check")
@click.option("--dose", "dose_mg", type=float, default=None, metavar="MG",
              help="Dose you plan to take [mg] (default: 0.5 mg immediate release).")
@click.option("--medication", "-m", "medications", multiple=True, metavar="NAME",
              help="A medicine you take (repeat, or separate with commas). Brands are fine.")
@click.option("--condition", "-c", "conditions", multiple=True, metavar="NAME",
              help="A health condition or situation, e.g. pregnant, epilepsy (repeatable).")
@click.option("--age", type=int, default=None, help="Age in years.")
@click.option("--purpose", type=click.Choice(PURPOSES), default="jet lag", show_default=True,
              help="What the melatonin is for.")
@click.option("--allow-high-dose", is_flag=True,
              help=f"Keep a dose above {MAX_EVIDENCE_DOSE_MG:g} mg instead of capping it.")
@click.option("--opt-in-melatonin", "--opt-in", "opt_in", is_flag=True,
              help="You have checked with a clinician: keep melatonin despite cautions "
                   "(the same flag as in `circadian plan`).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def check_cmd(
    dose_mg: float | None,
    medications: tuple[str, ...],
    conditions: tuple[str, ...],
    age: int | None,
    purpose: str,
    allow_high_dose: bool,
    opt_in: bool,
    fmt: str,
) -> None:
    """Check a melatonin dose against your medicines, conditions and age.

    Prints the verdict (ok / caution / not advised) with each reason and its source.
    """
    verdict = check(dose_mg, medications, conditions, age, purpose,
                    allow_high_dose=allow_high_dose, opt_in=opt_in)
    if fmt == "json":
        out = asdict(verdict)
        out["legal_note"] = LEGAL_STATUS_NOTE
        out["not_medical_advice"] = NOT_MEDICAL_ADVICE
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(verdict))


def _text(v: SafetyVerdict) -> str:
    requested = "none given" if v.requested_dose_mg is None else f"{v.requested_dose_mg:g} mg"
    lines = [
        f"Verdict: {v.verdict.upper()}",
        f"Dose: {v.recommended_dose_mg:g} mg immediate release (requested: {requested})",
        f"Melatonin in the plan: {'yes' if v.melatonin_allowed else 'no'}",
    ]
    if v.findings:
        lines.append("Findings:")
        for f in v.findings:
            shown = f" (you wrote {f.matched_input!r})" if f.matched_input else ""
            lines.append(f"  [{f.level}] {f.canonical_name}{shown}: {f.reason}")
            lines.append(f"      source: {f.source}")
    else:
        lines.append("Findings: none")
    lines += [f"- {m}" for m in v.messages]
    lines += ["", f"Legal status: {LEGAL_STATUS_NOTE}", NOT_MEDICAL_ADVICE]
    return "\n".join(lines)


@melatonin.command("info")
def info() -> None:
    """Print the evidence on melatonin dose and timing, with sources."""
    click.echo("Melatonin dose: what the studies show")
    for statement, source in DOSE_EVIDENCE:
        click.echo(f"- {statement}\n  ({source})")
    click.echo(f"\nLegal status: {LEGAL_STATUS_NOTE}")
    click.echo(NOT_MEDICAL_ADVICE)
