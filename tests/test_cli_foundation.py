"""CLI of the foundation commands: models, simulate, prc (shapes are public interfaces)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import run_cli as run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LIGHT = EXAMPLES / "actiwatch-light.csv"


def test_models_list_and_show(capsys):
    code, out, _ = run(capsys, "models")
    assert code == 0
    for name in ("forger99", "jewett99", "hannay19", "hannay19tp"):
        assert name in out
    code, out, _ = run(capsys, "models", "show", "HANNAY19", "--format", "json")
    data = json.loads(out)
    assert data["model"] == "hannay19"
    tau = next(p for p in data["params"] if p["name"] == "tau")
    assert tau["unit"] == "h" and tau["source"] and tau["meaning"]


def test_simulate_json_shape_and_tz(capsys):
    code, out, err = run(capsys, "simulate", "--model", "forger99", "--light", str(LIGHT),
                         "--format", "json", "--tz", "America/Chicago")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"model", "params", "markers"}
    assert data["model"] == "forger99" and data["params"]["tau"] == 24.2
    assert len(data["markers"]) >= 18
    first = data["markers"][3]
    assert set(first) == {"date", "dlmo", "cbtmin"}
    assert first["dlmo"].endswith("-06:00")  # Chicago in February
    # one DLMO a day, evening clock times for this regular sleeper
    assert all(m["dlmo"] is None or m["dlmo"][:10] == m["date"] for m in data["markers"])


def test_simulate_param_override_changes_phase(capsys):
    _, a, _ = run(capsys, "simulate", "--light", str(LIGHT), "--format", "json")
    _, b, _ = run(capsys, "simulate", "--light", str(LIGHT), "--format", "json",
                  "--param", "tau=24.3")
    # CBTmin (early morning) stays on its date when the clock runs later; DLMO may not
    da = {m["date"]: m["cbtmin"] for m in json.loads(a)["markers"] if m["cbtmin"]}
    db = {m["date"]: m["cbtmin"] for m in json.loads(b)["markers"] if m["cbtmin"]}
    last = sorted(set(da) & set(db))[-1]
    assert db[last] > da[last]  # a longer intrinsic period entrains later


@pytest.mark.parametrize("args, message", [
    (["--model", "nope"], "unknown model"),
    (["--param", "tau=fast"], "not a number"),
    (["--param", "speed=1"], "unknown parameter"),
    (["--param", "tau=99"], "outside the accepted range"),
])
def test_simulate_bad_options_exit_2(capsys, args, message):
    code, out, err = run(capsys, "simulate", "--light", str(LIGHT), *args)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


@pytest.mark.parametrize("content, message", [
    ("time,lux\n2026-01-01T00:00Z,5\n2026-01-01T01:00Z,-3\n", ":3: lux must be"),
    ("time,lux\n2026-01-01T00:00Z,5\n2026-01-01T01:00,5\n", ":3: time"),
    ("time,lux\n2026-01-01T02:00Z,5\n2026-01-01T01:00Z,5\n", ":3: time"),
    ("time,lux\n2026-01-01T00:00Z,lots\n", ":2: lux 'lots' is not a number"),
    ("when,brightness\n", "expected header"),
])
def test_bad_light_files_name_the_row(capsys, tmp_path, content, message):
    f = tmp_path / "light.csv"
    f.write_text(content)
    code, _, err = run(capsys, "simulate", "--light", str(f))
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1


def test_prc_json_shape(capsys):
    code, out, _ = run(capsys, "prc", "--model", "hannay19", "--duration", "6.7", "--lux",
                       "10000", "--format", "json", "--points", "24")
    assert code == 0
    data = json.loads(out)
    assert data["model"] == "hannay19" and len(data["points"]) == 24
    p = data["points"][0]
    assert set(p) >= {"hours_after_dlmo", "hours_after_cbtmin", "shift_h"}
    shifts = [q["shift_h"] for q in data["points"]]
    assert max(shifts) > 1 and min(shifts) < -1


def test_prc_negative_lux_is_an_error(capsys):
    code, _, err = run(capsys, "prc", "--lux", "-5")
    assert code == 2 and "lux" in err


def test_python_dash_m_works():
    r = subprocess.run([sys.executable, "-m", "circadian", "models"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0 and "forger99" in r.stdout


def test_installed_as_circadian_planner_and_not_beside_arcascope():
    from importlib.metadata import PackageNotFoundError, distribution

    assert distribution("circadian-planner").version
    with pytest.raises(PackageNotFoundError):  # the unrelated PyPI `circadian` (same import)
        distribution("circadian")
