"""iCalendar (RFC 5545) plan: one VEVENT per plan event, in the event's own zone.

- DTSTART/DTEND carry ``TZID=<IANA zone>`` (UTC events are written with ``Z``) and a VTIMEZONE
  is included for every zone used (in name order), covering the whole calendar years of the
  plan.
- UIDs are stable so that importing a regenerated plan updates events instead of duplicating
  them. A UID is the SHA-1 of (plan title, event kind, label, local start date in the event's
  zone, n-th such event that date). The start *time* is deliberately left out: when a plan is
  regenerated (a delayed flight, a new setting) its windows move by minutes or hours, and a
  time-based UID would leave the old window in the calendar next to the new one. The title is
  the plan's identity: two plans with the same title and dates share UIDs.
- SEQUENCE is the number of whole minutes from 2020-01-01 UTC to DTSTAMP, so a plan generated
  later always carries a higher revision number than the one it replaces: calendar programs
  that compare SEQUENCE (RFC 5545 3.8.7.4) on import then take the new times instead of keeping
  the old ones. (It stays within RFC 5545's 32-bit INTEGER until the year 6100.)
- Advice (light, dark, melatonin, caffeine) is TRANSPARENT (free); sleep, naps, flights and
  shifts are OPAQUE (busy). Light, dark and melatonin events get a reminder before they start.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Timezone, vText
from icalendar import Event as VEvent

from circadian import __version__
from circadian.errors import CircadianError
from circadian.export import event_title, notes_with_disclaimer, to_local
from circadian.plan import Plan

PRODID = f"-//circadian-planner//circadian {__version__}//EN"
UID_DOMAIN = "circadian-planner"
ALARM_BEFORE = timedelta(minutes=15)
ALARM_KINDS = frozenset({"light", "avoid_light", "melatonin"})
BUSY_KINDS = frozenset({"sleep", "nap", "flight", "shift"})
#: SEQUENCE counts minutes from here to DTSTAMP
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
SHORT_NOTICE = (
    "Not medical advice: from published body-clock models. Check with a clinician before "
    "using melatonin."
)


def render(plan: Plan, stamp: datetime | None = None) -> bytes:
    """The plan as an iCalendar file; ``stamp`` (aware) is the DTSTAMP, default now."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    sequence = max(0, int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))
    identity = plan.title or "circadian plan"

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", identity)
    # an X- property is not escaped unless it is typed as TEXT; the notes contain new lines
    cal.add("x-wr-caldesc", vText("\n\n".join(notes_with_disclaimer(plan))))

    located = []
    for i, ev in enumerate(plan.events):
        where = f"event {i}"
        start = to_local(ev.start, ev.tz, where)
        end = to_local(ev.end, ev.tz, where)
        if end < start:
            raise CircadianError("event ends before it starts", where)
        located.append((start, i, end, ev))
    if located:
        # VTIMEZONEs first and in name order (add_missing_timezones() follows set order).
        years = [dt.year for start, _, end, _ in located for dt in (start, end)]
        first, last = date(min(years), 1, 1), date(max(years) + 1, 1, 1)
        for tzid in sorted({ev.tz for *_, ev in located} - {"UTC"}):
            cal.add_component(Timezone.from_tzid(tzid, first_date=first, last_date=last))

    seen: Counter[tuple[str, str, date]] = Counter()
    for start, _, end, ev in sorted(located, key=lambda item: item[:2]):
        key = (ev.kind, ev.label, start.date())
        seen[key] += 1
        uid = _uid(identity, ev.kind, ev.label, start.date(), seen[key])

        title = event_title(ev)
        desc = "\n\n".join(p for p in (ev.note, SHORT_NOTICE) if p)
        vevent = VEvent()
        vevent.add("uid", uid)
        vevent.add("dtstamp", stamp)
        vevent.add("sequence", sequence)
        vevent.add("dtstart", _unambiguous(start))
        vevent.add("dtend", _unambiguous(end))
        vevent.add("summary", title)
        vevent.add("description", desc)
        vevent.add("categories", ["circadian", ev.kind])
        vevent.add("transp", "OPAQUE" if ev.kind in BUSY_KINDS else "TRANSPARENT")
        if ev.kind in ALARM_KINDS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", -ALARM_BEFORE)
            vevent.add_component(alarm)
        cal.add_component(vevent)

    cal.add_missing_timezones()  # safety net: a no-op when every TZID is covered above
    return cal.to_ical()


def _unambiguous(local: datetime) -> datetime:
    """A wall time in the second pass of a fall-back hour would read back as the first one
    (RFC 5545 3.3.5), an hour early: such instants are written in UTC instead."""
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return local.astimezone(UTC)
    return local


def _uid(identity: str, kind: str, label: str, day: date, n: int) -> str:
    raw = "\x1f".join((identity, kind, label, day.isoformat(), str(n)))
    return f"{hashlib.sha1(raw.encode('utf-8')).hexdigest()}@{UID_DOMAIN}"
