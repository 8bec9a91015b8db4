"""The CLI's contract: exit 0 for success, 2 for bad input or usage, 1 for an internal error
(one short line and a hint to rerun with --debug, which shows the traceback); data on stdout,
warnings on stderr, so piped JSON/CSV/ICS stays valid; --output is atomic, never overwrites
without --force, never writes over an input, and "-" means stdout.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from circadian.cli import main
from cli_helpers import run_cli as run
from cli_helpers import strict_json

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"
TRIP = EX / "trip-sfo-lhr.toml"
ROTA = EX / "rota-nights-dst.csv"
LIGHT = EX / "actiwatch-light.csv"
PRC_DATA = ROOT / "src" / "circadian" / "data" / "prc" / "burgess2008_3mg.csv"


# --- exit statuses ---------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["models"], ["models", "show", "forger99"], ["melatonin", "info"], ["--version"], ["--help"],
    ["plan", "trip", str(TRIP)],
])
def test_success_exits_0(capsys, argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0 and out


@pytest.mark.parametrize("argv", [
    ["no-such-command"],
    ["plan", "trip", str(TRIP), "--no-such-option"],
    ["plan", "trip", str(TRIP), "--format", "xml"],
    ["plan", "trip"],  # neither a file nor --flight
    ["plan", "rota"],  # missing argument
    ["plan", "trip", str(TRIP), "--flight", "SFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45"],
    ["simulate"],  # --light is required
    ["prc", "--points", "many"],
    ["plan", "trip", str(EX)],  # a directory
])
def test_usage_errors_exit_2(capsys, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "Traceback" not in err and ("Error" in err or "error" in err)


@pytest.mark.parametrize("argv", [
    ["plan", "trip", "missing.toml"],
    ["plan", "rota", str(ROTA)],  # CSV without --tz
    ["plan", "rota", str(ROTA), "--tz", "Mars/Base"],
    ["simulate", "--light", str(LIGHT), "--param", "tau=99"],
    ["plan", "trip", str(TRIP), "--sleep", "7-23"],
])
def test_input_errors_exit_2_with_one_line(capsys, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("error: ")


def test_option_errors_name_the_option_not_the_file(capsys) -> None:
    _, _, err = run(capsys, "plan", "trip", str(TRIP), "--sleep", "7-23")
    assert err.startswith("error: --sleep: ") and str(TRIP) not in err
    _, _, err = run(capsys, "plan", "trip", str(TRIP), "--dose", "50")
    assert err.startswith("error: --dose: ")
    _, _, err = run(capsys, "plan", "trip", str(TRIP), "--param", "tau=99")
    assert err.startswith("error: --param tau=99: outside the accepted range")


@pytest.fixture()
def broken_planner(monkeypatch: pytest.MonkeyPatch) -> None:
    import circadian.planner.trip as planner

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("simulated bug\nwith a second line")

    monkeypatch.setattr(planner, "plan_trip", boom)


def test_internal_error_exits_1_with_a_hint(capsys, broken_planner: None) -> None:
    code, out, err = run(capsys, "plan", "trip", str(TRIP))
    assert code == 1 and out == ""
    assert err == ("internal error: RuntimeError: simulated bug with a second line "
                   "(rerun with --debug for details)\n")


def test_debug_shows_the_traceback(broken_planner: None) -> None:
    with pytest.raises(RuntimeError, match="simulated bug"):
        main(["--debug", "plan", "trip", str(TRIP)])


def test_debug_traceback_from_the_console_script(tmp_path: Path) -> None:
    code = ("import sys, circadian.planner.trip as t\n"
            "def boom(*a, **k): raise RuntimeError('simulated bug')\n"
            "t.plan_trip = boom\n"
            "from circadian.cli import main\n"
            "main(sys.argv[1:])\n")
    args = [sys.executable, "-c", code, "plan", "trip", str(TRIP)]
    plain = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "--debug" in plain.stderr
    debug = subprocess.run([*args[:3], "--debug", *args[3:]], capture_output=True, text=True,
                           timeout=120)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "RuntimeError: simulated bug" in debug.stderr


def test_circadian_errors_stay_short_with_debug(capsys) -> None:
    code, _, err = run(capsys, "--debug", "plan", "trip", "missing.toml")
    assert code == 2 and err == "error: missing.toml: no such file\n"


# --- stdout is data, stderr is warnings --------------------------------------------------------


def _check_stdout(fmt: str, out: str) -> None:
    if fmt == "json":
        strict_json(out)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO("\n".join(
            line for line in out.splitlines() if not line.startswith("#")))))
        assert len(rows) >= 2 and len({len(r) for r in rows}) == 1
    elif fmt == "ics":
        assert out.startswith("BEGIN:VCALENDAR") and out.rstrip().endswith("END:VCALENDAR")
    assert "warning:" not in out and "error:" not in out


STDOUT_CASES = [
    *[(["plan", "trip", str(TRIP)], f) for f in ("json", "csv", "ics", "text")],
    *[(["plan", "rota", str(ROTA), "--tz", "Europe/London"], f)
      for f in ("json", "csv", "ics", "text")],
    *[(["simulate", "--light", str(LIGHT)], f) for f in ("json", "csv", "table")],
    *[(["prc", "--points", "8"], f) for f in ("json", "csv", "table")],
    *[(["prc", "--stimulus", "melatonin", "--points", "8"], f) for f in ("json", "csv", "table")],
    *[(["prc", "fit", str(PRC_DATA)], f) for f in ("json", "csv", "table")],
    *[(["melatonin", "check", "--dose", "20", "-m", "warfarin"], f) for f in ("json", "text")],
    (["models", "show", "hannay19"], "json"),
]


@pytest.mark.parametrize(("argv", "fmt"), STDOUT_CASES,
                         ids=[f"{' '.join(a[:2])}-{f}" for a, f in STDOUT_CASES])
def test_stdout_is_clean_data_and_warnings_go_to_stderr(capsys, argv: list[str],
                                                        fmt: str) -> None:
    code, out, err = run(capsys, *argv, "--format", fmt)
    assert code == 0, err
    _check_stdout(fmt, out)
    for line in err.splitlines():
        assert line.startswith("warning: "), line


def test_plan_warnings_are_on_stderr_for_data_formats(capsys) -> None:
    code, out, err = run(capsys, "plan", "trip", str(TRIP), "--format", "json")
    data = strict_json(out)
    assert code == 0 and data["warnings"]  # type: ignore[index]
    for w in data["warnings"]:  # type: ignore[index]
        assert f"warning: {w}" in err
    # text reports carry them in the report itself, and nothing on stderr
    code, out, err = run(capsys, "plan", "trip", str(TRIP), "--format", "text")
    assert code == 0 and err == ""
    assert data["warnings"][0][:40] in " ".join(out.split())  # type: ignore[index]


# --- output files ----------------------------------------------------------------------------


def test_output_file_then_refuse_then_force(capsys, tmp_path: Path) -> None:
    out_file = tmp_path / "plan.json"
    code, out, err = run(capsys, "plan", "trip", str(TRIP), "--format", "json", "-o",
                         str(out_file))
    assert code == 0 and out == "" and f"wrote {out_file}" in err
    first = out_file.read_bytes()
    strict_json(first.decode())
    out_file.write_text("mine\n")
    code, out, err = run(capsys, "plan", "trip", str(TRIP), "--format", "json", "-o",
                         str(out_file))
    assert code == 2 and "already exists" in err and "--force" in err
    assert out_file.read_text() == "mine\n"
    code, _, err = run(capsys, "plan", "trip", str(TRIP), "--format", "json", "-o",
                       str(out_file), "--force")
    assert code == 0 and out_file.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]  # no temporary files


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hardlink"])
def test_output_is_never_an_input(capsys, tmp_path: Path, spelling: str) -> None:
    trip = tmp_path / "trip.toml"
    trip.write_bytes(TRIP.read_bytes())
    target = {"same": str(trip), "dotted": str(tmp_path / "." / "trip.toml")}.get(spelling)
    if spelling == "symlink":
        (tmp_path / "link.toml").symlink_to(trip)
        target = str(tmp_path / "link.toml")
    elif spelling == "hardlink":
        os.link(trip, tmp_path / "hard.toml")
        target = str(tmp_path / "hard.toml")
    code, _, err = run(capsys, "plan", "trip", str(trip), "--format", "json", "-o", target,
                       "--force")
    assert code == 2 and "output is also an input" in err
    assert trip.read_bytes() == TRIP.read_bytes()


@pytest.mark.parametrize("argv", [
    ["plan", "rota", "{inp}", "--tz", "Europe/London", "--format", "csv"],
    ["simulate", "--light", "{inp}", "--format", "csv"],
])
def test_other_commands_never_write_over_their_input(capsys, tmp_path: Path,
                                                     argv: list[str]) -> None:
    src = ROTA if argv[0] == "plan" else LIGHT
    inp = tmp_path / src.name
    inp.write_bytes(src.read_bytes())
    args = [a.replace("{inp}", str(inp)) for a in argv]
    code, _, err = run(capsys, *args, "-o", str(inp), "--force")
    assert code == 2 and "output is also an input" in err
    assert inp.read_bytes() == src.read_bytes()


def test_dash_means_stdout(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "plan", "trip", str(TRIP), "--format", "json", "-o", "-")
    assert code == 0 and "wrote" not in err
    strict_json(out)
    assert list(tmp_path.iterdir()) == []


def test_dash_means_stdout_for_binary_formats(capfdbinary, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["plan", "trip", str(TRIP), "--format", "ics", "-o", "-"])
        raise SystemExit(0)
    assert not exc.value.code
    assert capfdbinary.readouterr().out.startswith(b"BEGIN:VCALENDAR")
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_is_an_input_error(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "simulate", "--light", str(LIGHT), "-o",
                       str(tmp_path / "nope" / "out.csv"))
    assert code == 2 and "does not exist" in err


def test_write_failure_leaves_nothing_behind(capsys, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import circadian.fileio as fileio

    def fail(*a: object, **k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", fail)
    out_file = tmp_path / "plan.json"
    code, out, err = run(capsys, "plan", "trip", str(TRIP), "--format", "json", "-o",
                         str(out_file))
    assert code == 2 and "No space left on device" in err and out == ""
    assert list(tmp_path.iterdir()) == []
