"""The package's top-level names resolve (they are loaded lazily)."""

import importlib

import circadian


def test_every_public_name_resolves():
    for name in circadian.__all__:
        assert getattr(circadian, name) is not None
    # importing the submodules must not shadow the functions
    importlib.import_module("circadian.simulate")
    assert callable(circadian.run_simulation) and callable(circadian.render_plan)


def test_library_use_without_the_cli():
    from datetime import UTC, datetime, time

    from circadian.light import daily_schedule

    light = daily_schedule(datetime(2026, 1, 1, tzinfo=UTC), 10, "UTC", time(23), time(7))
    res = circadian.run_simulation(circadian.get_model("forger99"), light)
    assert len(res.dlmo) >= 9
