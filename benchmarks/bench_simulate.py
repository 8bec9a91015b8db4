"""Simulator speed: one person and a batch of 10,000 for 30 days of 16 h light / 8 h dark.

Targets (issue 2): Forger99 one person under 5 ms, 10,000 people under 1.5 s; other models
within 2x. Run: python benchmarks/bench_simulate.py
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

import numpy as np

from circadian.integrate import run, step_grid
from circadian.light import LightSchedule
from circadian.models import MODELS, get_model
from circadian.simulate import DEFAULT_DT_H, simulate
from circadian.timebase import to_hours

T0 = datetime(2026, 1, 1, tzinfo=UTC)
DAYS = 30


def light_16_8() -> LightSchedule:
    h0 = to_hours(T0)
    t = [h0]
    lux = []
    for d in range(DAYS):
        t += [h0 + 24 * d + 16, h0 + 24 * (d + 1)]
        lux += [700.0, 0.0]
    return LightSchedule(np.array(t), np.array(lux))


def best_of(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def bench_model(name: str, light: LightSchedule) -> str:
    m = get_model(name)
    y0 = m.default_state()
    simulate(m, light, initial=y0)  # load the compiled code
    grid = step_grid(light.t_h[0], light.t_h[-1], DEFAULT_DT_H, light.t_h)
    lux = light.sample(grid[:-1])
    P1 = m.params.as_array()[None, :]
    tg = np.array([m.cbtmin_angle])
    one_best, one_med = best_of(lambda: run(m, P1, y0[None, :], grid, lux, targets=tg), 50)
    full_best, _ = best_of(lambda: simulate(m, light), 20)
    taus = np.random.default_rng(1).normal(m.params.tau, 0.2, 10_000)  # type: ignore[attr-defined]
    Y = np.repeat(y0[None, :], taus.size, axis=0)
    simulate(m, light, vary={"tau": taus[:10]}, initial=Y[:10])
    batch_best, _ = best_of(lambda: simulate(m, light, vary={"tau": taus}, initial=Y), 3)
    return (f"{name:<14} {one_best * 1e3:>9.2f} ms (med {one_med * 1e3:.2f})"
            f" {full_best * 1e3:>21.2f} ms {batch_best:>14.3f} s")


def main() -> None:
    import numba

    light = light_16_8()
    print(f"{DAYS} days, 16 h light (700 lux) / 8 h dark, step {DEFAULT_DT_H} h, "
          f"{numba.get_num_threads()} threads")
    print(f"{'model':<14} {'1 person':>22} {'1 person incl. entrain':>24} {'10,000 people':>16}")
    for name in MODELS:
        print(bench_model(name, light), flush=True)
    print("targets: forger99 < 5 ms per person, < 1.5 s per 10,000; others within 2x")


if __name__ == "__main__":
    main()
