"""``circadian melatonin check`` and ``info``: verdict printed, exit 0 whatever the verdict."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from circadian.cli import cli, main
from circadian.melatonin_safety import LEGAL_STATUS_NOTE, NOT_MEDICAL_ADVICE


def _run(*args: str):
    return CliRunner().invoke(cli, ["melatonin", *args])


def test_check_not_advised_still_exits_zero() -> None:
    result = _run("check", "--dose", "0.5", "--medication", "Coumadin", "--condition", "pregnant")
    assert result.exit_code == 0, result.output
    assert "Verdict: NOT ADVISED" in result.output
    assert "warfarin" in result.output and "pregnancy" in result.output
    assert "source: " in result.output and "Cochrane" in result.output
    assert "Melatonin in the plan: no" in result.output
    assert LEGAL_STATUS_NOTE in result.output
    assert NOT_MEDICAL_ADVICE in result.output


def test_check_ok_and_default_dose() -> None:
    result = _run("check")
    assert result.exit_code == 0
    assert "Verdict: OK" in result.output
    assert "Dose: 0.5 mg" in result.output


def test_check_high_dose_is_capped() -> None:
    result = _run("check", "--dose", "10", "--age", "40")
    assert result.exit_code == 0
    assert "Verdict: CAUTION" in result.output
    assert "Dose: 5 mg" in result.output and "no extra phase shift" in result.output


def test_check_json_parses() -> None:
    result = _run(
        "check",
        "--dose",
        "3",
        "-m",
        "warfrin",
        "-m",
        "sertraline",
        "-c",
        "lupus",
        "--age",
        "30",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["verdict"] == "not advised"
    assert data["recommended_dose_mg"] == 3
    assert data["melatonin_allowed"] is False
    kinds = {f["canonical_name"]: f["kind"] for f in data["findings"]}
    assert kinds["warfarin"] == "medication"
    assert kinds["autoimmune disease"] == "condition"
    assert "unknown" in kinds.values()
    assert data["legal_note"] == LEGAL_STATUS_NOTE
    assert data["not_medical_advice"] == NOT_MEDICAL_ADVICE


def test_check_opt_in() -> None:
    data = json.loads(_run("check", "-m", "ibuprofen", "--opt-in", "--format", "json").output)
    assert data["verdict"] == "caution" and data["melatonin_allowed"] is True


def test_bad_dose_is_one_line_error_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["melatonin", "check", "--dose", "-1"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: dose:") and err.count("\n") == 1


def test_info_prints_dose_evidence() -> None:
    result = _run("info")
    assert result.exit_code == 0
    for source in ("Burgess et al. 2010", "Revell et al. 2006", "Lewy et al. 2002", "Cochrane"):
        assert source in result.output
    assert NOT_MEDICAL_ADVICE in result.output
