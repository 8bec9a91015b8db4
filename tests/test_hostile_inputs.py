"""Every file of the hostile corpus (tests/data/bad/, described in its README.md) through the CLI.

Each must end in exit status 2 with exactly one line on stderr, starting ``error:``, naming the
file and the line, field or reason the README gives; no traceback, nothing on stdout, and no
output file (or temporary file) left behind when ``--output`` was given.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from circadian.cli import main

BAD = Path(__file__).resolve().parent / "data" / "bad"


def _table() -> dict[str, str]:
    """file -> expected text, from the README's table."""
    rows: dict[str, str] = {}
    for line in (BAD / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("file", "---"):
            continue
        assert cells[0] not in rows, f"{cells[0]} listed twice in README.md"
        rows[cells[0]] = cells[2]
    return rows


CASES = _table()


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def command(path: Path, output: Path | None) -> list[str]:
    out = ["--output", str(output)] if output is not None else []
    name = path.name
    if name.startswith("trip-"):
        return ["plan", "trip", str(path), "--format", "json", *out]
    if name.startswith("rota-"):
        tz = ["--tz", "Europe/London"] if path.suffix == ".csv" else []
        return ["plan", "rota", str(path), *tz, "--format", "json", *out]
    if name.startswith("light-"):
        return ["simulate", "--light", str(path), "--format", "json", *out]
    if name.startswith("prc-"):
        return ["prc", "fit", str(path)]  # prints to stdout only
    raise AssertionError(f"no command for {name}")


def check_error(code: int, out: str, err: str, path: Path, expected: str) -> None:
    assert code == 2, (code, err)
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert str(path) in lines[0]
    assert expected in lines[0], f"{expected!r} not in {lines[0]!r}"


def test_every_file_is_described() -> None:
    files = {p.name for p in BAD.iterdir() if p.name != "README.md"}
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_exits_2_naming_the_file(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = BAD / name
    outdir = tmp_path / "out"
    outdir.mkdir()
    output = None if name.startswith("prc-") else outdir / "plan.json"
    code, out, err = run(capsys, command(path, output))
    check_error(code, out, err, path, CASES[name])
    assert list(outdir.iterdir()) == []  # no output and no temporary file


@pytest.mark.parametrize("name", ["trip-dst-gap.toml", "rota-overlap.csv", "light-nan.csv"])
def test_existing_output_is_untouched_by_an_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "plan.json"
    output.write_text("keep me\n")
    argv = [*command(BAD / name, output), "--force"]
    code, _, err = run(capsys, argv)
    assert code == 2 and "Traceback" not in err
    assert output.read_text() == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


# --- huge files, generated here rather than committed ------------------------------------------


def test_huge_itinerary_is_refused_quickly(tmp_path: Path, capsys) -> None:
    path = tmp_path / "trip-huge.toml"
    row = '[[flight]]\nfrom = "SFO"\nto = "LHR"\ndepart = "2026-12-01 17:30"\n'
    path.write_text("# padding\n" * 600_000 + row)  # about 6 MB
    code, out, err = run(capsys, command(path, tmp_path / "o.json"))
    check_error(code, out, err, path, "too large")
    assert not (tmp_path / "o.json").exists()


def test_huge_rota_is_refused_quickly(tmp_path: Path, capsys) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("date,start,end\n" + "2027-03-01,08:00,16:00\n" * 270_000)  # about 6 MB
    code, out, err = run(capsys, ["plan", "rota", str(path), "--tz", "Europe/London"])
    check_error(code, out, err, path, "too large")


def test_huge_light_file_error_names_the_last_line(tmp_path: Path, capsys) -> None:
    # 100,000 good rows (about 2.3 MB: two years at 10 min) then one bad one
    path = tmp_path / "light-huge.csv"
    base = 1_800_000_000  # 2027-01-15, seconds since the epoch
    from datetime import UTC, datetime

    rows = [f"{datetime.fromtimestamp(base + 600 * i, UTC):%Y-%m-%dT%H:%MZ},{(i % 144) * 10}"
            for i in range(100_000)]
    path.write_text("time,lux\n" + "\n".join(rows) + "\n2099-01-01T00:00Z,lots\n")
    code, out, err = run(capsys, command(path, tmp_path / "o.json"))
    check_error(code, out, err, path, ":100002: lux 'lots' is not a number")


def test_one_line_error_even_when_the_parser_quotes_the_file(tmp_path: Path, capsys) -> None:
    # icalendar quotes the start of the file, CRLFs included, in its error message
    path = BAD / "trip-truncated.ics"
    code, _, err = run(capsys, command(path, None))
    assert code == 2 and len(err.splitlines()) == 1 and "\r" not in err


def test_error_messages_have_no_control_characters(capsys) -> None:
    for name in sorted(CASES):
        path = BAD / name
        _, _, err = run(capsys, command(path, None))
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", err), (name, err)


@pytest.mark.parametrize(("name", "header"), [
    ("trip-long-field.csv", "from,to,depart,arrive"),
    ("rota-long-field.csv", "date,start,end,label"),
    ("light-long-field.csv", "time,lux"),
    ("prc-long-field.csv", "hours_after_dlmo,shift_h"),
])
def test_a_field_over_the_csv_size_limit(tmp_path: Path, capsys, name: str, header: str) -> None:
    # csv refuses fields over 128 KB with its own csv.Error; it must become our error
    path = tmp_path / name
    path.write_text(f"{header}\n1,{'9' * 200_000}\n")
    code, out, err = run(capsys, command(path, None))
    check_error(code, out, err, path, "")
