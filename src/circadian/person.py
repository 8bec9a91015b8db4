"""The traveller or shift worker: habitual sleep, measured phase and preferences.

Sleep times are local wall-clock times at home (``home_tz``) and may cross midnight. The
defaults (23:00-07:00, 8 h) are a typical adult schedule; the 3-14 h bound on habitual sleep
covers the range seen in population surveys (e.g. Roenneberg et al. 2007, Munich ChronoType
Questionnaire, *J. Biol. Rhythms* 22:429) with room to spare, and catches swapped times.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any, Literal

from circadian.errors import CircadianError
from circadian.tz import get_zone

Chronotype = Literal["early", "intermediate", "late"]
CHRONOTYPES: tuple[str, ...] = ("early", "intermediate", "late")
_CHRONOTYPE_ALIASES = {
    "early": "early", "morning": "early", "lark": "early",
    "intermediate": "intermediate", "neither": "intermediate", "average": "intermediate",
    "late": "late", "evening": "late", "owl": "late",
}  # fmt: skip

MIN_SLEEP_H = 3.0
MAX_SLEEP_H = 14.0
MAX_PREP_DAYS = 7
MAX_DOSE_MG = 10.0


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True, slots=True)
class Person:
    """Habits and preferences of one person.

    ``sleep_start``/``sleep_end``: habitual bed and wake times (local at home, may cross
    midnight). ``dlmo``: measured dim-light melatonin onset (local at home), if known.
    ``melatonin``: willing to take melatonin; ``opt_in_melatonin``: has explicitly opted in
    (needed where it is prescription-only or with a condition/medication listed).
    ``melatonin_dose_mg`` [mg]; ``prep_days``: days before departure available to pre-adapt
    (0-7); ``light_box``: owns a light box; ``age`` [years].
    """

    sleep_start: time = time(23, 0)
    sleep_end: time = time(7, 0)
    home_tz: str | None = None
    dlmo: time | None = None
    chronotype: Chronotype | None = None
    melatonin: bool = True
    melatonin_dose_mg: float | None = None
    medications: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    prep_days: int = 3
    light_box: bool = False
    opt_in_melatonin: bool = False
    age: int | None = None

    def __post_init__(self) -> None:
        _check_sleep_length(self.sleep_start, self.sleep_end, None)
        if self.home_tz is not None:
            get_zone(self.home_tz, "home_tz")
        if self.chronotype is not None and self.chronotype not in CHRONOTYPES:
            raise CircadianError(
                f"chronotype must be one of {', '.join(CHRONOTYPES)}, got {self.chronotype!r}"
            )
        if not (isinstance(self.prep_days, int) and 0 <= self.prep_days <= MAX_PREP_DAYS):
            raise CircadianError(f"prep_days must be 0-{MAX_PREP_DAYS}, got {self.prep_days!r}")
        if self.melatonin_dose_mg is not None and not (0 < self.melatonin_dose_mg <= MAX_DOSE_MG):
            raise CircadianError(
                f"melatonin dose must be above 0 and at most {MAX_DOSE_MG:g} mg, "
                f"got {self.melatonin_dose_mg!r}"
            )
        if self.age is not None and not (0 < self.age <= 120):
            raise CircadianError(f"age must be 1-120 years, got {self.age!r}")

    @property
    def sleep_duration_h(self) -> float:
        """Habitual time in bed [h], allowing for windows that cross midnight."""
        return ((_minutes(self.sleep_end) - _minutes(self.sleep_start)) % 1440) / 60.0

    @property
    def sleep_midpoint(self) -> time:
        """Local clock time halfway through the habitual sleep window."""
        mid = (_minutes(self.sleep_start) + round(self.sleep_duration_h * 30)) % 1440
        return time(mid // 60, mid % 60)


def chronotype_note(person: Person) -> str | None:
    """What a given chronotype does to a plan: nothing beyond what the sleep times say.

    The models set the body clock from habitual sleep (and a measured DLMO when given): a
    chronotype questionnaire mostly tells when someone sleeps on free days, which the sleep
    times already give, so the planners do not guess a phase from the label. Saying so keeps
    the setting from being silently ignored. "intermediate" is what the plans assume anyway.
    """
    if person.chronotype is None or person.chronotype == "intermediate":
        return None
    head = f"Chronotype '{person.chronotype}' does not change the plan: the body clock is set"
    if person.dlmo is not None:
        return f"{head} from your measured DLMO ({person.dlmo:%H:%M})."
    return (f"{head} from your habitual sleep, {person.sleep_start:%H:%M}-"
            f"{person.sleep_end:%H:%M}. Give the sleep times you keep on free days (--sleep) or "
            "a measured DLMO (--dlmo) if they differ.")


def _check_sleep_length(start: time, end: time, where: str | None) -> None:
    length = ((_minutes(end) - _minutes(start)) % 1440) / 60.0
    if not MIN_SLEEP_H <= length <= MAX_SLEEP_H:
        raise CircadianError(
            f"sleep window {start:%H:%M}-{end:%H:%M} lasts {length:g} h; "
            f"expected {MIN_SLEEP_H:g}-{MAX_SLEEP_H:g} h (bedtime first, then wake time)",
            where,
        )


_CLOCK = re.compile(
    r"""^(?:
        (?P<h4>\d{2})(?P<m4>\d{2})            # 2300
      | (?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?  # 23:00, 7.15, 7h15, 23
    )\s*(?P<ap>[ap]\.?m\.?)?$""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_clock_time(text: str | time, where: str | None = None) -> time:
    """Parse a local clock time: ``"23:00"``, ``"7:15"``, ``"2300"``, ``"23"``, ``"11pm"``.

    A ``datetime.time`` (a TOML local time) is accepted as is; ``"24:00"`` means midnight.
    """
    if isinstance(text, time):
        if text.tzinfo is not None:
            raise CircadianError("give a local clock time without a UTC offset", where)
        return text.replace(second=0, microsecond=0)
    if not isinstance(text, str):
        raise CircadianError(
            f'expected a clock time as text such as "07:30", got {type(text).__name__} {text!r}',
            where,
        )
    m = _CLOCK.match(text.strip())
    if not m:
        raise CircadianError(f"cannot read {text!r} as a clock time (expected e.g. 07:30)", where)
    h = int(m["h4"] if m["h4"] is not None else m["h"])
    mi = int(m["m4"] or m["m"] or 0)
    ap = (m["ap"] or "").lower().replace(".", "")
    if ap:
        if not 1 <= h <= 12:
            raise CircadianError(f"{text!r}: hour must be 1-12 with am/pm", where)
        h = h % 12 + (12 if ap == "pm" else 0)
    if h == 24 and mi == 0:
        h = 0
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        raise CircadianError(f"{text!r} is not a valid clock time (00:00-23:59)", where)
    return time(h, mi)


_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|to|until)\s*", re.IGNORECASE)


def parse_sleep_window(text: str, where: str | None = None) -> tuple[time, time]:
    """Parse a habitual sleep window such as ``"23:00-07:00"``, ``"23:30–07:15"``, ``"2300-0700"``.

    Returns ``(bedtime, wake time)``; the window may cross midnight and must last 3-14 h.
    """
    if not isinstance(text, str):
        raise CircadianError(
            f'sleep must be text such as "23:00-07:00", got {type(text).__name__} {text!r}', where
        )
    s = text.strip()
    if not s:
        raise CircadianError('empty sleep window (expected e.g. "23:00-07:00")', where)
    parts = _RANGE_SPLIT.split(s)
    if len(parts) != 2 or not all(parts):
        raise CircadianError(
            f"cannot read {text!r} as a sleep window (expected bedtime-wake, e.g. 23:00-07:00)",
            where,
        )
    start = parse_clock_time(parts[0], where)
    end = parse_clock_time(parts[1], where)
    _check_sleep_length(start, end, where)
    return start, end


PERSON_KEYS: tuple[str, ...] = (
    "sleep", "dlmo", "chronotype", "melatonin", "dose_mg", "medications", "conditions",
    "prep_days", "light_box", "age", "home_tz", "opt_in_melatonin",
)  # fmt: skip


def _field(where: str | None, key: str) -> str:
    return f"{where}, person.{key}" if where else f"person.{key}"


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise CircadianError(f"expected true or false, got {value!r}", where)
    return value


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise CircadianError(f"expected a whole number, got {value!r}", where)
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise CircadianError(f"expected a list of names, got {value!r}", where)
    return tuple(v.strip() for v in value if v.strip())


def person_from_mapping(d: Mapping[str, Any], where: str | None = None) -> Person:
    """Build a :class:`Person` from a TOML/JSON ``[person]`` table; errors name the key.

    Keys: sleep ("23:00-07:00"), dlmo ("21:00"), chronotype (early/intermediate/late),
    melatonin (bool), dose_mg, medications (list), conditions (list), prep_days (0-7),
    light_box (bool), age, home_tz (IANA name), opt_in_melatonin (bool).
    """
    if not isinstance(d, Mapping):
        raise CircadianError(f"[person] must be a table of settings, got {d!r}", where)
    kw: dict[str, Any] = {}
    for key, value in d.items():
        w = _field(where, str(key))
        if key not in PERSON_KEYS:
            norm = re.sub(r"[-_ ]", "", str(key).lower())
            close = [k for k in PERSON_KEYS if k.replace("_", "") == norm]
            known = ", ".join(PERSON_KEYS)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {known})"
            raise CircadianError(f"unknown setting {key!r}{hint}", w)
        if key == "sleep":
            kw["sleep_start"], kw["sleep_end"] = parse_sleep_window(value, w)
        elif key == "dlmo":
            kw["dlmo"] = parse_clock_time(value, w)
        elif key == "chronotype":
            c = _CHRONOTYPE_ALIASES.get(value.strip().lower()) if isinstance(value, str) else None
            if c is None:
                raise CircadianError(
                    f"chronotype must be one of {', '.join(CHRONOTYPES)}, got {value!r}", w
                )
            kw["chronotype"] = c
        elif key in ("melatonin", "light_box", "opt_in_melatonin"):
            kw[key] = _bool(value, w)
        elif key == "dose_mg":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise CircadianError(f"expected a number of milligrams, got {value!r}", w)
            if not (math.isfinite(value) and 0 < value <= MAX_DOSE_MG):
                raise CircadianError(f"dose must be above 0 and at most {MAX_DOSE_MG:g} mg", w)
            kw["melatonin_dose_mg"] = float(value)
        elif key in ("medications", "conditions"):
            kw[key] = _strings(value, w)
        elif key == "prep_days":
            n = _int(value, w)
            if not 0 <= n <= MAX_PREP_DAYS:
                raise CircadianError(f"prep_days must be 0-{MAX_PREP_DAYS}, got {n}", w)
            kw["prep_days"] = n
        elif key == "age":
            n = _int(value, w)
            if not 0 < n <= 120:
                raise CircadianError(f"age must be 1-120 years, got {n}", w)
            kw["age"] = n
        elif key == "home_tz":
            kw["home_tz"] = get_zone(value, w).key
    try:
        return Person(**kw)
    except CircadianError as e:
        raise CircadianError(e.message, where) from None
