"""Wall time of planning a two-leg trip in a new process (what a user waits for).

Target: under 2 s for the whole command (interpreter start, imports, loading the compiled
model, planning, rendering); plan_trip itself well under 1 s.

Runs ``circadian plan trip examples/trip-multileg.toml`` in a fresh interpreter several times
and prints the median. If the ``plan trip`` command is not available yet, times the equivalent
``python -c "... plan_trip(...)"`` instead and says so.
Run: python benchmarks/bench_plan_trip.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "trip-multileg.toml"
BUDGET_S = 2.0

_FALLBACK = (
    "import sys\n"
    "from circadian.itinerary import read_itinerary\n"
    "from circadian.person import Person, person_from_mapping\n"
    "from circadian.planner.trip import plan_trip\n"
    "trip, p, _ = read_itinerary(sys.argv[1])\n"
    "plan = plan_trip(trip, person_from_mapping(p) if p else Person())\n"
    "print(len(plan.events), 'events')\n"
)


def _cli_available() -> bool:
    r = subprocess.run([sys.executable, "-m", "circadian", "plan", "trip", "--help"],
                       capture_output=True, text=True, cwd=ROOT)
    return r.returncode == 0


def _time(cmd: list[str]) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"command failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return dt


def main(runs: int = 5) -> None:
    if _cli_available():
        cmd = [sys.executable, "-m", "circadian", "plan", "trip", str(EXAMPLE)]
        what = f"circadian plan trip {EXAMPLE.relative_to(ROOT)}"
    else:
        cmd = [sys.executable, "-c", _FALLBACK, str(EXAMPLE)]
        what = (f"python -c 'plan_trip(read_itinerary({EXAMPLE.relative_to(ROOT)}))' "
                "(the `plan trip` CLI command is not available yet)")
    _time(cmd)  # warm the OS file cache and numba's on-disk cache
    times = [_time(cmd) for _ in range(runs)]
    med = statistics.median(times)
    print(f"{what}: median {med:.2f} s over {runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}); budget {BUDGET_S:g} s: "
          f"{'OK' if med < BUDGET_S else 'OVER'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
