"""Every English word of a plan, generated from the planners' structured records.

Planners decide and record *what* and *why* (an :class:`~circadian.planner.schedule.Item`'s
kind, reason code and figures; message codes with their values); this module alone says it in
words: the note of each event (:func:`note`), the strategy lines of a summary, warnings and
notes. Renderers show these words as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from circadian.planner.clock import from_hours, zone
from circadian.planner.schedule import Item

# -- small formats ------------------------------------------------------------------------------


def hours_text(x: float) -> str:
    """A duration for people: "2 h", "1 h 30 min", "45 min"."""
    m = round(abs(x) * 60)
    if m < 60:
        return f"{m} min"
    return f"{m // 60} h {m % 60:02d} min" if m % 60 else f"{m // 60} h"


def clock_text(h: float, tz: str) -> str:
    """The local clock time of epoch hour ``h`` in ``tz``, "HH:MM"."""
    return from_hours(round(h * 60) / 60).astimezone(zone(tz)).strftime("%H:%M")


def days_word(n: float) -> str:
    """"1 day", "2 days", "1.5 days"."""
    v = round(n, 1)
    return f"{v:g} day" if v == 1 else f"{v:g} days"


@dataclass
class Context:
    """What words about an item need beyond the item: where the person is at a time, and the
    flight numbers by label (trip plans)."""

    zone_at: Callable[[float], str]
    flight_numbers: Mapping[str, str] = field(default_factory=dict)


# -- event notes ----------------------------------------------------------------------------------
_LIGHT_HOW = {
    "daylight": "go outside (daylight)",
    "light box": "use your light box",
    "bright indoor light": "sit in the brightest light you can find",
    "reading light": "switch on your reading light (or wear light glasses) and keep it close",
}
_AVOID_HOW = {"dark glasses": "wear dark glasses", "dim room": "keep lights dim"}


def _light(it: Item, ctx: Context) -> str:
    c = clock_text(it.cbtmin_h, it.zone) if it.cbtmin_h is not None else "?"
    verb = "advances" if it.action == "advance" else "delays"
    side = "after" if it.action == "advance" else "before"
    how = _LIGHT_HOW.get(it.source, "seek bright light")
    return (f"Seek bright light: {how}. Light now {verb} your body clock (it is {side} your "
            f"predicted body-temperature low at {c}).")


def _avoid(it: Item, ctx: Context) -> str:
    c = clock_text(it.cbtmin_h, it.zone) if it.cbtmin_h is not None else "?"
    how = _AVOID_HOW.get(it.source, "keep bright light out")
    side = "before" if it.action == "advance" else "after"
    other = "delay" if it.action == "advance" else "advance"
    return (f"Avoid bright light: {how}. Light now would {other} your body clock, the wrong "
            f"way ({side} your predicted body-temperature low at {c}).")


def _sleep(it: Item, ctx: Context) -> str:
    r = it.reason
    if r == "sleep_prep":
        o = it.num("shift_h") or 0.0
        word = "earlier" if o > 0 else "later"
        return (f"Sleep {hours_text(o)} {word} than usual (preparation day "
                f"{it.num('prep_day'):g} of {it.num('prep_days'):g}, moving toward {it.label} "
                "time).")
    if r == "sleep_local":
        return f"Sleep on {it.label} time."
    if r == "sleep_inflight":
        return ("Sleep on the plane (eye mask, earplugs); this is night time where you are "
                "heading.")
    if r == "sleep_inflight_own_night":
        return ("Sleep on the plane (eye mask, earplugs): this is your night on the sleep times "
                "you kept before the flight, and bed where you are heading is still hours away.")
    return "Sleep at your usual time."


def _nap(it: Item, ctx: Context) -> str:
    keep = f" Keep it to {round((it.num('nap_h') or 0.5) * 60)} min."
    if it.reason == "nap_after_arrival":
        return (f"Short nap after arriving: about {hours_text(it.num('slept_h') or 0.0)} of sleep "
                f"in the 24 h before landing ({it.label})." + keep)
    if it.reason == "nap_cut_short":
        return "Short nap: last night's sleep was cut short." + keep
    return _rota_text(it, ctx)


def _melatonin(it: Item, ctx: Context) -> str:
    dose = f"{it.dose_mg:g} mg melatonin (immediate release)"
    if it.reason == "mel_before_bed":
        return (f"Take {dose} 30 min before bed: this is still before your predicted melatonin "
                "onset, where it advances the body clock and helps you sleep (Burgess et al. "
                "2010; Cochrane review).")
    if it.reason == "mel_before_dlmo":
        lead = round((it.num("dlmo_lead_h") or 3.0) * 2) / 2
        text = (f"Take {dose}, about {lead:g} h before your predicted melatonin onset: it "
                "advances the body clock (Burgess et al. 2010).")
        nd = it.num("no_drive_h")
        if nd:
            text += (f" It can make you drowsy: do not drive or operate machinery for "
                     f"{nd:g} h after it.")
        return text
    return _rota_text(it, ctx)


def _caffeine(it: Item, ctx: Context) -> str:
    bed = clock_text(it.b, ctx.zone_at(it.b))
    return (f"No caffeine from now until you sleep at {bed} ({it.num('cutoff_h', 8.0):g} h "
            "before bed: caffeine's half-life is about 5 h, and even 6 h before bed it cut sleep "
            "by over 1 h, Drake et al. 2013).")


def _flight(it: Item, ctx: Context) -> str:
    number = ctx.flight_numbers.get(it.label, "")
    return f"{(number + ' ') if number else ''}{it.label}, {hours_text(it.length_h)} in the air."


def _commitment(it: Item, ctx: Context) -> str:
    return (f"{it.label}: fixed. The plan keeps you awake and free of other advice for it "
            "(and the hour before it).")


def _shift(it: Item, ctx: Context) -> str:
    kind = it.reason.removeprefix("shift_").replace("_", " ")
    return f"{kind}: {STRATEGY_NAMES.get(kind, '')}"


_NOTES: dict[str, Callable[[Item, Context], str]] = {
    "light": _light, "avoid_light": _avoid, "sleep": _sleep, "nap": _nap,
    "melatonin": _melatonin, "caffeine_cutoff": _caffeine, "flight": _flight,
    "commitment": _commitment, "shift": _shift,
}


def note(it: Item, ctx: Context) -> str:
    """The words of one plan item."""
    if it.reason.startswith("rota_"):
        return _rota_text(it, ctx)
    fn = _NOTES.get(it.kind)
    return fn(it, ctx) if fn is not None else ""


# -- rota notes -----------------------------------------------------------------------------------
STRATEGY_NAMES = {
    "run of nights": "compromise phase position", "isolated nights": "stay day-oriented",
    "early starts": "advance", "days": "habitual sleep", "evenings": "later sleep",
}
_STRATEGY_WHY = {
    "run of nights": (
        "3+ nights: partly delay the clock so its low point moves into day sleep (Smith & "
        "Eastman 2008): bright-light pulses early in each shift, dark glasses home, a fixed "
        "dark day sleep, late sleep on days off between nights, afternoon light brake"),
    "isolated nights": (
        "1-2 nights are too few for the clock to follow: don't adapt; keep the usual night "
        "sleep as an anchor, nap before the first night, short recovery sleep after the last, "
        "then a normal night's sleep (HSE HSG256; Folkard 2008)"),
    "early starts": (
        "early starts: go to bed earlier (at most 2 h), dim light in the 2 h before bed, bright "
        "light in the morning only after the model's body-clock low point (CBTmin), since light "
        "before it delays (Khalsa 2003)"),
    "days": "day shifts: keep your usual sleep, waking in time for the commute",
    "evenings": ("evening shifts: go to bed a little later (no earlier than 1 h after getting "
                 "home) and wake later"),
}


def strategy_why(block_kind: str) -> str:
    """Why a block of shifts gets its strategy, with the sources."""
    return _STRATEGY_WHY[block_kind]


_ROTA_FIXED = {
    "rota_asap": ("Sleep as soon as you are home: the gap before the next shift leaves no other "
                  "time for it"),
    "rota_day_sleep": ("Day sleep in a dark, quiet room, at the same time after every night of "
                       "this run (compromise phase position, Smith & Eastman 2008)"),
    "rota_isolated_day_sleep": ("Day sleep between two isolated nights: sleep soon after "
                                "getting home in a dark room"),
    "rota_hold_recovery": ("Short sleep after the last night; then late sleep on the days off "
                           "to hold the compromise phase position until the next nights"),
    "rota_habitual": "Usual night sleep",
    "rota_days_off_late": ("Late sleep on a day off between nights (compromise phase "
                           "position): keeps the body clock part-way adapted; dark room"),
    "rota_evening": "Later sleep after an evening shift",
    "rota_late_finish": "Night sleep, later than usual because the shift ends late",
    "rota_day": "Usual night sleep before a day shift",
    "rota_pre_nights_late": ("Go to bed late before the first night of a run: starts the delay "
                             "towards the compromise phase position"),
    "rota_anchor": ("Keep your usual night sleep before isolated nights (anchor): don't shift "
                    "your body clock"),
    "rota_brake": ("Afternoon 'light brake': outdoor light after waking falls after the "
                   "body-clock low point and stops the clock delaying too far (Smith & Eastman "
                   "2008); outdoors if it is still daylight, else bright indoor light"),
    "rota_light_after_recovery": ("Bright light (outdoors if it is still daylight) after the "
                                  "recovery sleep, after the body-clock low point: helps the "
                                  "clock back to day time"),
    "rota_light_after_isolated": ("Bright light (outdoors if it is still daylight) after your "
                                  "day sleep, after the body-clock low point: keeps the clock "
                                  "on day time between isolated nights"),
}
_COMMUTE_WHY = {
    "rota_dark_commute_run": ("keeps morning light, which advances the clock whenever it falls "
                              "after your body-clock low point, from pulling the clock back"),
    "rota_dark_commute_isolated": ("the model puts your body-clock low point after this shift, "
                                   "so morning light would delay it"),
}


def _rota_asap(it: Item, ctx: Context) -> str:
    start = "an early start" if it.reason.endswith("early") else "a morning shift"
    text = ("Sleep as soon as you can after the late finish: the next shift is "
            f"{start} at {clock_text(it.num('next_start_h') or 0.0, it.zone)}, so this sleep "
            f"cannot be later or full length ({it.num('sleep_h'):.1f} h, usual "
            f"{it.num('usual_h'):g} h); wake in time to get ready")
    if it.num("rest_h") is not None:
        text += (f". Only {it.num('rest_h'):.1f} h between the shifts: a quick return (HSE "
                 f"advises at least {it.num('min_rest_h'):g} h); take extra care on the next "
                 "shift and on the road")
    return text


def _rota_pulse(it: Item, ctx: Context) -> str:
    how = ("15 min at your light box" if it.source == "light box" else
           "15 min in the brightest light at work; a light box does it better")
    return (f"Bright-light pulse at work ({how}) in the first half of the night, before the "
            "body-clock low point: delays the clock towards the compromise position (Smith & "
            "Eastman 2008)")


def _rota_dim(it: Item, ctx: Context) -> str:
    if it.num("from_home"):
        when = "from getting home until bed"
    elif (it.num("hours") or 0.0) >= 2.0 - 1e-6:
        when = "for 2 h before bed"
    else:
        when = f"from {clock_text(it.a, it.zone)} until bed"
    return (f"Dim light {when}: bright evening light would delay the clock before an early "
            "start (NIOSH shift-work training for nurses)")


def _rota_early_light(it: Item, ctx: Context) -> str:
    where = "at work or on the way" if it.num("at_work") else "after waking"
    if it.cbtmin_h is None:
        return f"Bright light {where}: advances the clock for early starts"
    return (f"Bright light {where}, starting after the model's body-clock low point (CBTmin "
            f"{clock_text(it.cbtmin_h, it.zone)}): advances the clock for early starts; light "
            "before CBTmin would delay it (Khalsa 2003)")


def _rota_text(it: Item, ctx: Context) -> str:
    r = it.reason
    if r in _ROTA_FIXED:
        return _ROTA_FIXED[r]
    if r in _COMMUTE_WHY:
        return (f"Dark glasses on the way home and dim light until bed: {_COMMUTE_WHY[r]} "
                "(Crowley 2003; Smith & Eastman 2008). Take them off to drive if they are too "
                "dark for safe driving.")
    if r.startswith("rota_asap_before_"):
        return _rota_asap(it, ctx)
    simple = {
        "rota_nap_awake_limit": lambda: (
            f"Nap before the shift: you would otherwise be awake over "
            f"{it.num('max_awake_h'):g} h by its start"),
        "rota_recovery": lambda: (
            f"Short recovery sleep (about {it.num('recovery_h'):g} h) after the last night so "
            "you can sleep normally tonight"),
        "rota_early": lambda: (
            f"Earlier night before an early start: bedtime up to {it.num('early_bed_max_h'):g} h "
            "earlier, wake in time to get ready"),
        "rota_nap_before_nights": lambda: (
            f"Nap before the first night ({it.num('nap_h'):g} h), ending {it.num('prep_h'):g} h "
            "before you leave so grogginess has passed (planned naps before night work: AASM "
            "2007)"),
        "rota_mel_before_day_sleep": lambda: (
            f"Melatonin {it.dose_mg:g} mg (immediate release) at home ~30 min before day sleep, "
            "never before driving: helps day sleep and the delay (AASM 2007: Guideline; Burgess "
            "2008 PRC)"),
        "rota_pulse": lambda: _rota_pulse(it, ctx),
        "rota_dim_before_early": lambda: _rota_dim(it, ctx),
        "rota_light_early_start": lambda: _rota_early_light(it, ctx),
    }
    return simple[r]() if r in simple else ""


# -- trip messages ------------------------------------------------------------------------------
def departed() -> str:
    return "The first flight has already left: there are no preparation days."


def prep_past(left: int, wanted: int) -> str:
    return (f"Only {left} of your {wanted} preparation nights are still ahead; the plan uses "
            "those.")


def dlmo_off_model(off_h: float, dlmo: Any) -> str:
    return (f"Measured DLMO {dlmo:%H:%M} is {hours_text(off_h)} "
            f"{'later' if off_h > 0 else 'earlier'} than the model predicts for your sleep times; "
            "the plan starts from your measured phase, but the model expects it to drift toward "
            "its own prediction, which is what it aims for.")


def message(code: str, values: Mapping[str, Any]) -> str:
    """A warning from a planner's message record (code and values)."""
    return {"departed": departed, "prep_past": prep_past,
            "dlmo_off_model": dlmo_off_model}[code](**values)


def light_only_plan(why: str) -> str:
    return f"Light-only plan: melatonin is left out ({why})."


def not_adapted_final(place: str, max_days: int) -> str:
    return (f"The model does not predict you adapted to {place} time within {max_days} days of "
            "arriving.")


def not_adapted_stop(place: str) -> str:
    return (f"You are not predicted to adapt to {place} time before leaving it; the plan keeps "
            "shifting toward it anyway.")


def antidromic(place: str, clock: str) -> str:
    return (f"After arriving in {place} your body-temperature low is predicted at {clock} local "
            "time, so morning light there would delay your clock, the wrong way (antidromic "
            f"re-entrainment, Eastman & Burgess 2009): avoid bright light before {clock} and "
            "seek it after.")


def home_zone_differs(home: str, start: str) -> str:
    return (f"Your home time zone ({home}) differs from where the trip starts ({start}); the "
            f"plan assumes your body clock is on {home} time.")


def short_stop(layover: bool, name: str, hours: float) -> str:
    return (f"Short {'layover' if layover else 'stop'} in {name}, {hours_text(hours)}: too "
            "short to adapt to; the plan keeps shifting toward your next destination.")


def kept_home(place: str, m_without: float, m_with: float) -> str:
    return (f"Short trip to {place}: staying on home time is predicted to give less "
            f"misalignment with local time ({m_without:.0f} h summed over days) than adapting "
            f"({m_with:.0f} h), so the plan keeps your home sleep times there where it can.")


def no_faster(days: int, days_base: int) -> str:
    return ("The model does not predict this plan to adapt faster than doing nothing "
            f"({days} vs {days_base} days); it may still ease the transition.")


def _names(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def commitments_cost(names: list[str], days: int, days_free: int) -> str:
    return (f"Keeping you awake and free for {_names(names)} costs "
            f"{days_word(days - days_free)} of adaptation: the plan adapts in {days_word(days)}, "
            f"{days_word(days_free)} without {'it' if len(names) == 1 else 'them'}.")


def commitments_free(names: list[str]) -> str:
    return (f"The plan keeps you awake and free for {_names(names)}; the model predicts "
            f"{'it does' if len(names) == 1 else 'they do'} not slow your adaptation.")


def melatonin_not_simulated() -> str:
    return ("Melatonin's own shift is not in the predicted days to adapt (this model has no "
            "melatonin input), so they are conservative; Revell et al. 2006 found 0.5 mg added "
            "about 0.3 h a day to a 1 h/day advance. A model with melatonin (hannay19melfit) "
            "simulates it.")


def days_to_adapt_definition(target_clock: str, model: str) -> str:
    return (f"Days to adapt: nights after arrival until the predicted DLMO stays within 1 h of "
            f"its target ({target_clock} local time), model {model}.")


# -- trip summaries -------------------------------------------------------------------------------
def _compare(opts: Mapping[str, tuple[float, float]]) -> str:
    """"advancing adapts in 2 days, delaying in 3 days" from the direction scores."""
    adv, dly = opts["advance"][0], opts["delay"][0]
    a = "advancing does not adapt in time" if adv >= 1e6 else f"advancing adapts in {adv:.0f} days"
    if dly >= 1e6:
        return f"{a}, delaying does not adapt in time"
    return f"{a}, delaying {'adapts ' if adv >= 1e6 else ''}in {dly:.0f} days"


def _way(direction: str) -> str:
    return "earlier" if direction == "advance" else "later"


def trip_strategy(prim: Any, opts: Mapping[str, tuple[float, float]], n_prep: int,
                  days: int | None, days_base: int | None, kept_home_place: str | None,
                  home: str) -> str:
    """The strategy line of a single-destination trip (or a short trip kept on home time)."""
    if kept_home_place:
        return (f"Short trip to {kept_home_place}: stay on home time ({home}; the model predicts "
                "less misalignment with local time than adapting and re-adapting). Days to "
                f"adapt refer to being on {home} time after the return"
                + (f": {days} with the plan, {days_base} without." if days is not None else "."))
    if prim is None:
        return "Stay on home time."
    place = prim.place.city or prim.place.name or prim.place.code
    if prim.direction == "none":
        return f"{place} time is within 1 h of yours: sleep at local time."
    word = "Advance (shift earlier)" if prim.direction == "advance" else "Delay (shift later)"
    parts = [f"{word} by {hours_text(abs(prim.shift_h))} to {place} time."]
    if n_prep:
        parts.append(f"Move sleep 1 h a day {_way(prim.direction)} over {n_prep} preparation "
                     f"{'day' if n_prep == 1 else 'days'}, then sleep on local time.")
    side = "after" if prim.direction == "advance" else "before"
    parts.append(f"Seek bright light in the hours {side} your predicted body-temperature low and "
                 "avoid it on the other side.")
    if len(opts) == 2:
        parts.append(f"Model comparison: {_compare(opts)}.")
    if days is not None:
        parts.append(f"Predicted: adapted {days_word(days)} after arrival"
                     + (f" (without a plan: {days_word(days_base)})." if days_base is not None
                        else " (without a plan: not within the horizon)."))
    return " ".join(parts)


def _stay_text(stop: Any) -> str:
    if stop.arrive is None or stop.depart is None:
        return ""
    d, rest = divmod(round((stop.depart - stop.arrive).total_seconds() / 3600.0), 24)
    return f" ({d} d {rest} h)" if d else f" ({rest} h)"


def _route_stop(i: int, route: tuple, opts: Mapping[str, tuple[float, float]],
                prep_gain: Mapping[int, tuple[float, float]]) -> str:
    s = route[i]
    stay = _stay_text(s)
    if s.role in ("layover", "stop"):
        nxt = next((x.place for x in route[i + 1:] if x.role == "adapted"), None)
        return (f"{s.place}{stay}: a {s.role}, too short to adapt to"
                + (f"; keep shifting toward {nxt} time." if nxt else "."))
    if s.role == "home_time":
        return (f"{s.place}{stay}: short trip, stay on home time ({route[0].place}): the model "
                "predicts less misalignment with local time than adapting and re-adapting.")
    in_time = "before leaving" if s.depart is not None else "within 21 days"
    if s.direction == "none":
        line = f"{s.place}{stay}: within 1 h of the time before, sleep at local time"
    else:
        word = "advance (shift earlier)" if s.direction == "advance" else "delay (shift later)"
        line = f"{s.place}{stay}: {word} by {hours_text(abs(s.shift_h))}"
        if len(opts) == 2 and min(v[0] for v in opts.values()) >= 1e6:
            ing = "advancing" if s.direction == "advance" else "delaying"
            line += f" (model: neither way adapts in time; {ing} leaves less misalignment)"
        elif len(opts) == 2:
            line += f" (model comparison: {_compare(opts)})"
    base = s.days_to_adapt_without_plan
    if s.days_to_adapt is not None:
        line += (f"; predicted adapted {days_word(s.days_to_adapt)} after arrival (without a "
                 f"plan: {'not ' + in_time if base is None else days_word(base)})")
    elif s.direction != "none":
        line += f"; not predicted to adapt {in_time}"
        if s.depart is not None:
            line += ": the plan keeps shifting toward it"
    if i in prep_gain:
        nxt = next((x for x in route[i + 1:] if x.role == "adapted"), None)
        if nxt is not None:
            line += (f"; on the last nights there, sleep moves toward {nxt.place} time (less "
                     f"misalignment over the trip: {prep_gain[i][0]:.0f} h against "
                     f"{prep_gain[i][1]:.0f} h)")
    return line + "."


def route_strategy(route: tuple, options: Mapping[int, Mapping[str, tuple[float, float]]],
                   n_prep: int, targets: list, prep_gain: Mapping[int, tuple[float, float]]
                   ) -> str:
    """The strategy of a trip with stops: the whole route, then what happens at each place."""
    parts = ["Route: " + " → ".join(s.place for s in route) + "."]
    parts += [_route_stop(i, route, options.get(i, {}), prep_gain) for i in range(1, len(route))]
    first = targets[0] if targets else None
    if n_prep and first is not None and first.direction != "none":
        parts.append(f"Before leaving, move sleep 1 h a day {_way(first.direction)} over "
                     f"{n_prep} preparation {'day' if n_prep == 1 else 'days'} toward "
                     f"{first.place.city or first.place.code} time; then sleep on local time of "
                     "each place adapted to.")
    ways = {s.direction for s in route if s.role == "adapted" and s.direction != "none"}
    if ways == {"advance"}:
        parts.append("Seek bright light in the hours after your predicted body-temperature low "
                     "and avoid it on the other side.")
    elif ways == {"delay"}:
        parts.append("Seek bright light in the hours before your predicted body-temperature low "
                     "and avoid it on the other side.")
    elif ways:
        parts.append("Seek bright light after your predicted body-temperature low while "
                     "advancing and before it while delaying; avoid it on the other side.")
    return " ".join(parts)


# -- rota messages --------------------------------------------------------------------------------
def pulses_dropped(n: int) -> str:
    return (f"{n} light {'pulse' if n == 1 else 'pulses'} left out because the model puts the "
            "body-clock low point (CBTmin) before them: light after CBTmin would advance the "
            "clock, not delay it.")


def rota_melatonin(code: str) -> str:
    return {
        "mel_user_declined": "Melatonin is not in the plan: you chose not to use it.",
        "mel_not_for_this_rota": (
            "No melatonin in this plan: it is only planned before day sleeps between nights of "
            "a run of 3+ nights; for isolated nights or after the last night it would delay the "
            "clock the wrong way."),
    }[code]


def rota_melatonin_not_allowed(verdict: Any) -> str:
    why = "; ".join(f"{f.canonical_name}: {f.reason}" for f in verdict.findings
                    if f.kind != "dose" and f.level != "ok")
    return (f"Melatonin before day sleep is left out of the plan ({verdict.verdict}: {why}). "
            + " ".join(verdict.messages))


def rota_melatonin_not_simulated(model: str) -> str:
    return (f"Melatonin's own shift is not in the predicted body clock ({model} has no "
            "melatonin input); a model with melatonin (hannay19melfit) simulates it.")


def block_note(st: Any, with_h: float, without_h: float) -> str:
    b = st.block
    first, last = b.shifts[0], b.shifts[-1]
    span = (f"{first.local_start():%Y-%m-%d}" if first is last else
            f"{first.local_start():%Y-%m-%d} to {last.local_start():%Y-%m-%d}")
    n = len(b.shifts)
    return (f"{b.kind.capitalize()} {span} ({n} shift{'s' if n != 1 else ''}): {st.name} — "
            f"{st.why}. Work in the biological night: {with_h:.1f} h with the plan, "
            f"{without_h:.1f} h without.")


def low_alertness(label: str, day: str, kss: float, hours: float, clock: str,
                  night: bool) -> str:
    advice = ("plan a nap before the shift and be careful driving home (nap first or use "
              "public transport)" if night else
              "protect your sleep before it and be careful driving")
    return f"{label} {day}: predicted KSS ≥{kss:g} for {hours:.1f} h from {clock}; {advice}."


def rota_strategy(kinds: list[str], mis: float, mis0: float, night_mis: float,
                  night_mis0: float, has_nights: bool, has_run: bool) -> str:
    names = [f"{k}: {STRATEGY_NAMES[k]}" for k in dict.fromkeys(
        k for k in ("run of nights", "isolated nights", "early starts", "days", "evenings")
        if k in kinds)]
    return (
        "; ".join(names) + ". Work inside the biological night (CBTmin -7 h to +3 h): "
        f"{mis:.1f} h with the plan vs {mis0:.1f} h sleeping ad lib"
        + (f" (night shifts: {night_mis:.1f} h vs {night_mis0:.1f} h)" if has_nights else "")
        + ". Days to adapt = nights of the longest run until the body-clock low point (CBTmin) "
        "falls after the shift ends" + ("" if has_run else " (no run of nights: not applicable)")
        + ".")


def rota_home_zone(tz: str, home: str) -> str:
    return (f"Your usual sleep times are taken as {tz} wall-clock times (the rota's zone), not "
            f"{home}.")


def plan_check(problem: str) -> str:
    return f"Plan check: {problem} (the gaps in the rota leave no room)."


def daylight_from_zone(tz: str) -> str:
    city = tz.rsplit("/", 1)[-1].replace("_", " ")
    return (f"Daylight (whether light advice is met outdoors) is worked out for {city}, the "
            "principal place of the rota's time zone; give your location for where you live.")
