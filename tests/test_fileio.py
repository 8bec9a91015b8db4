"""write_output: atomic, no clobbering without --force, never over an input, no partial files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from circadian import fileio
from circadian.errors import CircadianError
from circadian.fileio import write_output


def _listing(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir())


def test_writes_text_as_utf8_bytes_and_bytes_verbatim(tmp_path: Path) -> None:
    write_output(tmp_path / "a.txt", "Flight SFO→LHR\n")
    write_output(tmp_path / "b.ics", b"BEGIN:VCALENDAR\r\n")
    assert (tmp_path / "a.txt").read_bytes() == "Flight SFO→LHR\n".encode()
    assert (tmp_path / "b.ics").read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert _listing(tmp_path) == ["a.txt", "b.ics"]


def test_new_file_mode_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_output(tmp_path / "plan.json", "{}")
    finally:
        os.umask(old)
    assert (tmp_path / "plan.json").stat().st_mode & 0o777 == 0o640


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    out.write_text("old")
    with pytest.raises(CircadianError, match="--force") as err:
        write_output(out, "new")
    assert err.value.where == str(out)
    assert out.read_text() == "old"
    assert _listing(tmp_path) == ["plan.ics"]


def test_force_overwrites_and_keeps_the_files_mode(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    out.write_text("old")
    out.chmod(0o600)
    write_output(out, "new", force=True)
    assert out.read_text() == "new"
    assert out.stat().st_mode & 0o777 == 0o600
    assert _listing(tmp_path) == ["plan.ics"]


@pytest.mark.parametrize("spelling", ["same", "dotdot", "symlink", "hardlink"])
def test_refuses_to_write_over_an_input_even_with_force(tmp_path: Path, spelling: str) -> None:
    (tmp_path / "sub").mkdir()
    inp = tmp_path / "trip.toml"
    inp.write_text("input")
    out = {
        "same": inp,
        "dotdot": tmp_path / "sub" / ".." / "trip.toml",
        "symlink": tmp_path / "link.toml",
        "hardlink": tmp_path / "hard.toml",
    }[spelling]
    if spelling == "symlink":
        out.symlink_to(inp)
    if spelling == "hardlink":
        os.link(inp, out)
    with pytest.raises(CircadianError, match="also an input file"):
        write_output(out, "output", force=True, inputs=[Path("-"), str(inp)])
    assert inp.read_text() == "input"


def test_other_inputs_do_not_block(tmp_path: Path) -> None:
    inp = tmp_path / "trip.toml"
    inp.write_text("input")
    write_output(tmp_path / "plan.ics", "x", inputs=[inp, "-"])
    assert (tmp_path / "plan.ics").read_text() == "x"


def test_dash_means_stdout_for_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_output("-", "hello\n", inputs=["-"])
    assert capsys.readouterr().out == "hello\n"
    assert _listing(tmp_path) == []


def test_dash_means_stdout_for_bytes(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    write_output("-", b"BEGIN:VCALENDAR\r\n")
    assert capsysbinary.readouterr().out == b"BEGIN:VCALENDAR\r\n"


def test_missing_directory_and_directory_target(tmp_path: Path) -> None:
    with pytest.raises(CircadianError, match="does not exist"):
        write_output(tmp_path / "nope" / "plan.ics", "x")
    with pytest.raises(CircadianError, match="is a directory"):
        write_output(tmp_path, "x", force=True)


@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("force", [False, True])
def test_error_while_writing_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, force: bool
) -> None:
    out = tmp_path / "plan.ics"
    if force:
        out.write_text("old")

    def broken_fsync(fd: int) -> None:
        raise exc

    monkeypatch.setattr(os, "fsync", broken_fsync)
    expected = CircadianError if isinstance(exc, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        write_output(out, "new content", force=force)
    assert _listing(tmp_path) == (["plan.ics"] if force else [])
    if force:
        assert out.read_text() == "old"


def test_error_while_renaming_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.ics"
    out.write_text("old")

    def broken_replace(src: str, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(CircadianError, match="cannot write file: Permission denied"):
        write_output(out, "new", force=True)
    assert _listing(tmp_path) == ["plan.ics"]
    assert out.read_text() == "old"


def test_file_created_meanwhile_is_not_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.ics"
    real_fsync = os.fsync

    def racing_fsync(fd: int) -> None:  # another program creates the file mid-write
        if not out.exists():
            out.write_text("theirs")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", racing_fsync)
    with pytest.raises(CircadianError, match="already exists"):
        write_output(out, "ours")
    assert out.read_text() == "theirs"
    assert _listing(tmp_path) == ["plan.ics"]


def test_no_hard_links_falls_back_to_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: object) -> None:
        raise OSError(fileio.errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_output(tmp_path / "plan.ics", "x")
    assert (tmp_path / "plan.ics").read_text() == "x"
    assert _listing(tmp_path) == ["plan.ics"]


def test_rejects_other_data_types(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_output(tmp_path / "x", 3)  # type: ignore[arg-type]
    assert _listing(tmp_path) == []
