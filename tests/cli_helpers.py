"""Shared test helpers: run the ``circadian`` command in-process, read JSON strictly."""

from __future__ import annotations

import json

import pytest

from circadian.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``circadian ARGV`` as the console script does: (exit status, stdout, stderr)."""
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def strict_json(text: str) -> object:
    """``json.loads`` that fails on NaN or infinity (they must never reach an output)."""

    def bad(x: str) -> None:
        raise AssertionError(f"non-finite number {x} in JSON output")

    return json.loads(text, parse_constant=bad)
