"""Published circadian protocols as plain schedules, each with the outcome its study measured.

A :class:`Protocol` is what a group of subjects lived through, written as the inputs every model
takes: a :class:`~circadian.light.LightSchedule` (lux at the eye, 0 asleep in the dark) and the
melatonin :class:`~circadian.simulate.Dose` s, from ``start`` to ``end``, plus the
:class:`Measurement` rule that reads the outcome off a simulation (which DLMO before, which
after) and the :class:`Measured` group result. Schedules start with habitual days at home, so
``simulate(model, p.light, doses=p.doses)`` entrains on the first 24 h as it does for any light
file; population runs pass ``vary=`` as usual and read the outcome with
:meth:`Measurement.read_batch`.

Times are UTC with local clock = UTC (no daylight-saving change falls in a protocol). Habitual
sleep is 23:00-07:00 unless a builder says otherwise; the papers used each subject's own
times, and the models' outcome depends on the times only through the light pattern relative to
them.

What the sources fix and what we chose: the abstracts give the schedule structure, light levels
and durations, doses and the outcome (cited in each builder). Whatever an abstract does not
give is a documented *assumption*, listed in ``Protocol.assumptions`` and as a keyword of the
builder, so that its effect can be measured (``benchmarks/protocols.py --sensitivity``):

- room light awake outside the bright-light sessions (``day_lux``; default the project's
  habitual 700 lux, :data:`circadian.light.HABITUAL_WAKE_LUX`) and in the gaps between pulses
  (``gap_lux``: the "< 60 lux" of the abstracts, taken as 40 lux);
- phase assessments in dim light (5 lux, :data:`circadian.light.DIM_LUX`) from 7 h before the
  bedtime of that evening until bedtime + 1 h, the first on the evening before treatment day 1,
  the last on the evening of the last treatment day;
- sleep in darkness (0 lux).

The measured DLMO shift is read as (baseline DLMO - final DLMO) after removing the whole days
between the assessments, advances positive (:class:`Measurement`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from circadian.errors import CircadianError
from circadian.light import DIM_LUX, HABITUAL_WAKE_LUX, LightSchedule
from circadian.models.base import Model
from circadian.simulate import BatchResult, Dose, SimulationResult, simulate
from circadian.timebase import from_hours, to_hours

#: Day 0 of every protocol (a Monday; any date without a clock change would do).
DAY0 = datetime(2026, 1, 5, tzinfo=UTC)
#: Habitual sleep [h of the day]: bed 23:00, wake 07:00.
HABITUAL_BED_H, HABITUAL_WAKE_H = 23.0, 7.0
#: Days at home on the habitual schedule before the baseline assessment (the first is used to
#: entrain the model).
HOME_DAYS = 3
#: Bright light boxes in the Rush protocols [lux] ("~5000 lux": Eastman 2005, Revell 2006,
#: Crowley & Eastman 2015).
LIGHT_BOX_LUX = 5000.0
#: Room light between bright pulses [lux]: "< 60 lux" (Eastman 2005; Revell 2006) -> 40 lux.
GAP_LUX = 40.0
#: Dim light of a phase assessment [h before bedtime, h after bedtime].
ASSESSMENT_WINDOW_H = (7.0, 1.0)

EASTMAN_2005 = (
    "Eastman CI, Gazda CJ, Burgess HJ, Crowley SJ, Fogg LF (2005). Advancing circadian rhythms "
    "before eastward flight: a strategy to prevent or reduce jet lag. Sleep 28(1):33-44 "
    "(PMC1249488)"
)
REVELL_2006 = (
    "Revell VL, Burgess HJ, Gazda CJ, Smith MR, Fogg LF, Eastman CI (2006). Advancing human "
    "circadian rhythms with afternoon melatonin and morning intermittent bright light. "
    "J Clin Endocrinol Metab 91(1):54-59 (PubMed 16263827)"
)
BURGESS_2003 = (
    "Burgess HJ, Crowley SJ, Gazda CJ, Fogg LF, Eastman CI (2003). Preflight adjustment to "
    "eastward travel: 3 days of advancing sleep with and without morning bright light. "
    "J Biol Rhythms 18(4):318-328 (PMC1262683)"
)
CROWLEY_2015 = (
    "Crowley SJ, Eastman CI (2015). Phase advancing human circadian rhythms with morning "
    "bright light, afternoon melatonin, and gradually shifted sleep: can we reduce morning "
    "bright light duration? Sleep Med 16(2):288-297 (PMC4344919)"
)
PSYCHOPHARM_2013 = (
    "Biological Rhythms Research Laboratory, Rush University (2013). Melatonin in the "
    "afternoons of a gradually advancing sleep schedule enhances the circadian rhythm phase "
    "advance. Psychopharmacology 225(4):825-837, doi:10.1007/s00213-012-2869-8 (PubMed "
    "23001190)"
)
SMITH_EASTMAN_2008 = (
    "Smith MR, Eastman CI (2008). Night shift performance is improved by a compromise "
    "circadian phase position: study 3. Circadian phase after 7 night shifts with an "
    "intervening weekend off. Sleep 31(12):1639-1645 (PubMed 19090319)"
)


@dataclass(frozen=True)
class Measured:
    """A group result as published [h]: the mean, and SD / n / median where given."""

    mean_h: float
    sd_h: float | None = None
    n: int | None = None
    median_h: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Measurement:
    """How a study read its outcome off the DLMOs.

    ``kind == "advance"``: the DLMO nearest ``before`` (baseline assessment) and the one nearest
    ``after`` (final assessment), ``after - before`` being whole days; the outcome is the
    advance [h] = (baseline DLMO - before) - (final DLMO - after), positive when the final DLMO
    is earlier in the day. ``kind == "clock_time"``: the local clock time [h] of the DLMO
    nearest ``after``, written within 12 h of that anchor's clock time (e.g. 4.5 for 04:30).
    """

    kind: str
    after: datetime
    before: datetime | None = None
    rule: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("advance", "clock_time"):
            raise CircadianError(f"unknown measurement kind {self.kind!r}")
        if self.kind == "advance":
            if self.before is None:
                raise CircadianError("an advance needs a baseline anchor time")
            days = (self.after - self.before) / timedelta(days=1)
            if days <= 0 or abs(days - round(days)) > 1e-9:
                raise CircadianError("the two assessment anchors must be whole days apart")

    def read(self, dlmo: Sequence[datetime]) -> float:
        """The outcome [h] from one simulation's DLMO times (nan when a DLMO is missing)."""
        h = np.array([[to_hours(t) for t in dlmo]], dtype=float).reshape(1, -1)
        return float(self.read_batch(h)[0])

    def read_batch(self, dlmo_h: NDArray[np.float64]) -> NDArray[np.float64]:
        """The outcome [h] for each row of epoch-hour DLMOs (N, k), NaN-padded (as
        :class:`~circadian.simulate.BatchResult.dlmo_h`)."""
        dlmo_h = np.atleast_2d(np.asarray(dlmo_h, dtype=float))
        a1 = to_hours(self.after)
        d1 = _nearest_offset(dlmo_h, a1)
        if self.kind == "clock_time":
            clock = (a1 % 24.0)
            return clock + d1
        d0 = _nearest_offset(dlmo_h, to_hours(self.before))  # type: ignore[arg-type]
        return d0 - d1


def _nearest_offset(dlmo_h: NDArray[np.float64], anchor_h: float) -> NDArray[np.float64]:
    """Per row, the (DLMO - anchor) [h] of the DLMO nearest the anchor; nan if none within
    12 h."""
    d = dlmo_h - anchor_h
    d = np.where(np.isfinite(d), d, np.inf)
    i = np.argmin(np.abs(d), axis=1)
    out = d[np.arange(d.shape[0]), i]
    return np.where(np.abs(out) <= 12.0, out, np.nan)


@dataclass(frozen=True)
class Protocol:
    """A published protocol: its schedule, the measurement rule and the measured result.

    ``tolerance_h`` is the agreement we ask of a model that is meant to reproduce it: about
    twice the standard error of the published group mean (SD / sqrt(n)), at least 0.4 h, or
    wider where the schedule rests on assumptions (said in each builder).
    """

    key: str
    title: str
    citation: str
    light: LightSchedule
    doses: tuple[Dose, ...]
    measurement: Measurement
    measured: Measured
    tolerance_h: float
    assumptions: tuple[str, ...] = field(default=())

    @property
    def start(self) -> datetime:
        return self.light.start

    @property
    def end(self) -> datetime:
        return self.light.end

    @property
    def has_melatonin(self) -> bool:
        return bool(self.doses)

    def simulate(self, model: Model, *, with_doses: bool = True,
                 **kwargs: object) -> SimulationResult | BatchResult:
        """Run ``model`` through the protocol (keywords go to :func:`simulate`, e.g. ``vary``).

        ``with_doses=False`` runs the same schedule without the melatonin (the placebo arm);
        a model without a melatonin input needs it when the protocol has doses.
        """
        doses = self.doses if with_doses else ()
        if doses and not model.has_melatonin:
            raise CircadianError(f"{self.key} gives melatonin but {model.name} has no melatonin "
                                 "input: pass with_doses=False for the placebo arm")
        return simulate(model, self.light, doses=doses, **kwargs)  # type: ignore[arg-type]

    def predict(self, model: Model, *, with_doses: bool = True) -> float:
        """The outcome [h] the model predicts, read by the study's rule."""
        res = self.simulate(model, with_doses=with_doses, record=False)
        if isinstance(res, BatchResult):
            return float(self.measurement.read_batch(res.dlmo_h)[0])
        return self.measurement.read(res.dlmo)

    def error(self, model: Model, *, with_doses: bool = True) -> float:
        """Predicted minus measured [h]."""
        return self.predict(model, with_doses=with_doses) - self.measured.mean_h


# -- schedule building blocks ---------------------------------------------------------------------
def _h(day: int, hour: float) -> float:
    """Epoch hours of ``hour`` o'clock on protocol day ``day``."""
    return to_hours(DAY0) + 24.0 * day + hour


def _home(first_day: int, last_day: int, lux: float) -> list[tuple[float, float, float]]:
    """Habitual days at home: awake at ``lux``, asleep 23:00-07:00 in the dark."""
    out = [(_h(first_day, 0.0), _h(last_day + 1, 0.0), lux)]
    for d in range(first_day - 1, last_day + 1):
        out.append((_h(d, HABITUAL_BED_H), _h(d + 1, HABITUAL_WAKE_H), 0.0))
    return out


def _pulses(t0: float, pattern: Sequence[tuple[float, float]], lux: float
            ) -> list[tuple[float, float, float]]:
    """Bright pulses (start after ``t0`` [h], duration [h]) at ``lux``."""
    return [(t0 + a, t0 + a + d, lux) for a, d in pattern]


#: Four 30-min pulses with 30-min gaps, 3.5 h from waking (Eastman 2005; Revell 2006;
#: Crowley & Eastman 2015 "2 h group").
INTERMITTENT_4X30 = ((0.0, 0.5), (1.0, 0.5), (2.0, 0.5), (3.0, 0.5))
#: Four 15-min pulses separated by 45 min (Crowley & Eastman 2015 "1 h group", 3.25 h span).
INTERMITTENT_4X15 = ((0.0, 0.25), (1.0, 0.25), (2.0, 0.25), (3.0, 0.25))
#: One 30-min pulse on waking (Crowley & Eastman 2015 "0.5 h group").
SINGLE_30 = ((0.0, 0.5),)
#: 3.5 h of continuous bright light on waking (Burgess et al. 2003).
CONTINUOUS_3_5 = ((0.0, 3.5),)


@dataclass(frozen=True)
class AdvanceSpec:
    """The gradually advancing schedule shared by the Rush pre-flight studies.

    ``shift_h`` per day for ``days`` treatment days: on day d (1..days) the subject wakes
    ``d * shift_h`` earlier than habitual after an 8 h sleep in the dark, gets ``pattern``
    (start after waking, duration [h]) at ``box_lux`` with ``gap_lux`` around the pulses for
    the ``session_h`` morning session (3.5 h, as in all these studies), then ``day_lux`` until
    bed. Melatonin ``dose_mg`` (0 = none) is taken
    ``pill_lead_h`` before the *habitual* bedtime on day 1 and 1 h earlier each day.
    """

    shift_h: float = 1.0
    days: int = 3
    pattern: tuple[tuple[float, float], ...] = INTERMITTENT_4X30
    box_lux: float = LIGHT_BOX_LUX
    gap_lux: float = GAP_LUX
    session_h: float = 3.5
    day_lux: float = HABITUAL_WAKE_LUX
    home_lux: float = HABITUAL_WAKE_LUX
    dose_mg: float = 0.0
    pill_lead_h: float = 5.0
    pill_step_h: float = 1.0
    assessment_lux: float = DIM_LUX
    final_assessment_delay_days: int = 0


def advancing_schedule(spec: AdvanceSpec) -> tuple[LightSchedule, tuple[Dose, ...], Measurement]:
    """Light, doses and DLMO measurement of a gradually advancing pre-flight schedule.

    Day 0: habitual wake at home, baseline phase assessment in dim light in the evening, then
    the first advanced sleep. Days 1..N: advanced wake, bright light, the rest of the day in
    ``day_lux``, the next advanced sleep. The final assessment is on the evening of day N
    (or ``final_assessment_delay_days`` later, on day N's sleep times in ``day_lux`` without
    bright light, to test how the reading depends on when it is made). Anchors: 2 h before
    that evening's bedtime.
    """
    s, n = float(spec.shift_h), int(spec.days)
    if not (0 < s <= 3 and 1 <= n <= 7):
        raise CircadianError("shift_h must be in (0, 3] h and days in 1..7")
    B, W = HABITUAL_BED_H, HABITUAL_WAKE_H
    lead, tail = ASSESSMENT_WINDOW_H
    items = _home(-HOME_DAYS, 0, spec.home_lux)
    last = n + spec.final_assessment_delay_days
    end = _h(last + 1, W - s * n) + 1.0
    # baseline assessment on day 0, then sleep advanced by s
    items.append((_h(0, B - lead), _h(0, B - s), spec.assessment_lux))
    for d in range(1, last + 1):
        k = min(d, n)  # after the last treatment day wake and bed stay put
        wake = _h(d, W - s * k)
        bed_prev = _h(d - 1, B - s * k)
        items.append((bed_prev, wake, 0.0))  # advanced sleep in the dark
        items.append((wake, _h(d + 1, 6.0), spec.day_lux))
        if d <= n:  # bright light on treatment days only
            span = max(spec.session_h, *(a + dur for a, dur in spec.pattern))
            items.append((wake, wake + span, spec.gap_lux))
            items += _pulses(wake, spec.pattern, spec.box_lux)
    # final assessment in dim light, then one more night's sleep in the dark
    bed_f = _h(last, B - s * n)
    items.append((bed_f - lead, bed_f + tail, spec.assessment_lux))
    items.append((bed_f + tail, _h(last + 1, W - s * n), 0.0))
    light = LightSchedule.from_hour_intervals(items, _h(-HOME_DAYS, 0.0), end)
    doses = tuple(
        Dose(from_hours(_h(d, B - spec.pill_lead_h - spec.pill_step_h * (d - 1))),
             float(spec.dose_mg))
        for d in range(1, n + 1)) if spec.dose_mg > 0 else ()
    meas = Measurement(
        "advance", before=from_hours(_h(0, B - 2.0)), after=from_hours(_h(last, B - 2.0)),
        rule=("DLMO advance = baseline DLMO (evening of day 0, dim light) - final DLMO "
              f"(evening of day {last}, dim light), whole days removed; advances positive"))
    return light, doses, meas


def _advancing_protocol(key: str, title: str, citation: str, spec: AdvanceSpec,
                        measured: Measured, tolerance_h: float,
                        extra: Sequence[str] = ()) -> Protocol:
    light, doses, meas = advancing_schedule(spec)
    assumptions = (
        f"room light awake outside the bright-light sessions: {spec.day_lux:g} lux (not in "
        "the abstract)",
        f"gaps between pulses: {spec.gap_lux:g} lux (abstract: < 60 lux)",
        f"phase assessments in {spec.assessment_lux:g} lux from 7 h before bedtime to 1 h "
        "after; final assessment on the evening of the last treatment day",
        "habitual sleep 23:00-07:00 (the studies used each subject's own), asleep in the dark",
        *extra,
    )
    return Protocol(key, title, citation, light, doses, meas, measured, tolerance_h,
                    assumptions)


def _tolerance(m: Measured, floor: float = 0.4) -> float:
    """About twice the standard error of the mean, at least ``floor`` [h]."""
    if m.sd_h is None or not m.n:
        return max(floor, 0.5)
    return max(floor, round(2.0 * m.sd_h / math.sqrt(m.n), 1))


# -- the published protocols ---------------------------------------------------------------------
def eastman2005(shift_h: float = 1.0, **assume: float) -> Protocol:
    """Eastman et al. 2005: sleep advanced 1 or 2 h/day for 3 days with intermittent morning
    bright light (0.5 h ~5000 lux, 0.5 h < 60 lux, for 3.5 h from waking).

    Measured DLMO advance, 1 h/day: mean 1.5 h (median 1.4 h); 2 h/day: mean 1.8 h (median
    1.9 h); 26 subjects in the two groups. We compare with the **means** (science.md quotes the
    medians; the models predict a group's typical subject, and the abstract gives both; the
    choice moves the target by 0.1 h). Tolerance 0.5 h: the abstract gives no SD; with n ~ 13
    per group and the SDs of the sister studies (0.7-0.8 h, Crowley & Eastman 2015), twice the
    standard error is ~0.4 h.
    """
    if shift_h not in (1.0, 2.0):
        raise CircadianError("Eastman 2005 advanced sleep by 1 or 2 h/day")
    spec = AdvanceSpec(shift_h=shift_h, **assume)  # type: ignore[arg-type]
    mean, median = (1.5, 1.4) if shift_h == 1.0 else (1.8, 1.9)
    return _advancing_protocol(
        f"eastman2005_{shift_h:g}h", f"Eastman 2005, advance {shift_h:g} h/day + morning light",
        EASTMAN_2005, spec, Measured(mean, None, 13, median, "mean (median) DLMO advance, 3 days"),
        0.5)


def revell2006(dose_mg: float = 0.5, **assume: float) -> Protocol:
    """Revell et al. 2006: Eastman 2005's 1 h/day schedule and morning light (four 30-min
    ~5000 lux pulses alternating with 30 min < 60 lux) plus afternoon melatonin, 0.5 mg
    (2.5 h, n = 16) or 3.0 mg (2.6 h, n = 13), or placebo (1.7 h, n = 15).

    The pill time is not in the abstract ("timed to induce maximal phase advances"): we take
    the same laboratory's rule in Crowley & Eastman 2015, 5 h before the habitual bedtime on
    treatment day 1 and 1 h earlier each day, for both doses (assumption). Tolerance 0.5 h as
    Eastman 2005.
    """
    if dose_mg not in (0.0, 0.5, 3.0):
        raise CircadianError("Revell 2006 gave 0 (placebo), 0.5 or 3.0 mg")
    spec = AdvanceSpec(shift_h=1.0, dose_mg=dose_mg, **assume)  # type: ignore[arg-type]
    mean, n = {0.0: (1.7, 15), 0.5: (2.5, 16), 3.0: (2.6, 13)}[dose_mg]
    arm = "placebo" if dose_mg == 0 else f"{dose_mg:g}mg"
    return _advancing_protocol(
        f"revell2006_{arm}", f"Revell 2006, advance 1 h/day + light + {arm}", REVELL_2006, spec,
        Measured(mean, None, n, None, "mean DLMO advance, 3 days"), 0.5,
        ("pill 5 h before habitual bedtime on day 1, 1 h earlier each day (Crowley & Eastman "
         "2015's rule; Revell's own times are not in the abstract)",))


def burgess2003(light: str = "intermittent", **assume: float) -> Protocol:
    """Burgess et al. 2003: sleep advanced 1 h/day for 3 days; for 3.5 h after waking,
    continuous bright light (> 3000 lux), intermittent (0.5 h on, 0.5 h off) or ordinary dim
    indoor light (< 60 lux). Mean DLMO advances 2.1, 1.5 and 0.6 h (n = 28 in all).

    "> 3000 lux" is taken as 4000 lux (assumption). The dim arm isolates the advancing sleep
    schedule itself, without bright light.
    """
    arms = {"continuous": (CONTINUOUS_3_5, 2.1), "intermittent": (INTERMITTENT_4X30, 1.5),
            "dim": (CONTINUOUS_3_5, 0.6)}
    if light not in arms:
        raise CircadianError(f"Burgess 2003 arms: {', '.join(arms)}")
    pattern, mean = arms[light]
    box = GAP_LUX if light == "dim" else 4000.0
    spec = AdvanceSpec(shift_h=1.0, pattern=pattern, box_lux=box, **assume)  # type: ignore[arg-type]
    return _advancing_protocol(
        f"burgess2003_{light}", f"Burgess 2003, advance 1 h/day, {light} morning light",
        BURGESS_2003, spec, Measured(mean, None, 9, None, "mean DLMO advance, 3 days"), 0.5,
        ("bright light > 3000 lux taken as 4000 lux",))


def crowley2015(pattern: str = "2h", **assume: float) -> Protocol:
    """Crowley & Eastman 2015: sleep advanced 1 h/day for 3 days, 0.5 mg melatonin 5 h before
    the habitual bedtime on day 1 and 1 h earlier each day, and ~5000 lux on waking: four
    30-min pulses 30 min apart (2.4 +/- 0.8 h), four 15-min pulses 45 min apart (1.7 +/- 0.7 h)
    or one 30-min pulse (1.8 +/- 0.8 h); 50 adults in the three groups."""
    arms = {"2h": (INTERMITTENT_4X30, 2.4, 0.8), "1h": (INTERMITTENT_4X15, 1.7, 0.7),
            "0.5h": (SINGLE_30, 1.8, 0.8)}
    if pattern not in arms:
        raise CircadianError(f"Crowley & Eastman 2015 arms: {', '.join(arms)}")
    pat, mean, sd = arms[pattern]
    spec = AdvanceSpec(shift_h=1.0, pattern=pat, dose_mg=0.5, **assume)  # type: ignore[arg-type]
    m = Measured(mean, sd, 17, None, "mean +/- SD DLMO advance, 3 days")
    return _advancing_protocol(
        f"crowley2015_{pattern}", f"Crowley & Eastman 2015, {pattern} light + 0.5 mg",
        CROWLEY_2015, spec, m, max(0.5, _tolerance(m)))


def psychopharm2013(dose_mg: float = 3.0, **assume: float) -> Protocol:
    """Psychopharmacology 2013 (Rush): sleep advanced 1 h/day for 3 days without bright light;
    3 mg melatonin (1.3 +/- 0.7 h, n = 12) or placebo (0.7 +/- 0.7 h) 11 h before the habitual
    sleep midpoint on day 1 (7 h before a 23:00 bedtime) and 1 h earlier each day.

    Light on waking is not in the abstract: ordinary room light (``gap_lux``) for 3.5 h, then
    ``day_lux`` (assumption, as in the dim arm of Burgess 2003).
    """
    if dose_mg not in (0.0, 3.0):
        raise CircadianError("the 2013 study gave 3 mg or placebo")
    spec = AdvanceSpec(shift_h=1.0, pattern=CONTINUOUS_3_5, box_lux=GAP_LUX, dose_mg=dose_mg,
                       pill_lead_h=7.0, **assume)  # type: ignore[arg-type]
    arm = "placebo" if dose_mg == 0 else "3mg"
    m = Measured({0.0: 0.7, 3.0: 1.3}[dose_mg], 0.7, 12, None, "mean +/- SD DLMO advance")
    return _advancing_protocol(
        f"psychopharm2013_{arm}", f"Psychopharmacology 2013, advance 1 h/day + {arm}",
        PSYCHOPHARM_2013, spec, m, 0.5, ("no bright light: room light on waking",))


#: Smith & Eastman 2008 schedule details that are not in the abstract [M] (our encoding).
SMITH_ROOM_LUX = 150.0  # room light at work and indoors (Crowley 2003's "dim" ~150 lux)
SMITH_GOGGLE_LUX = 40.0  # commute home behind dark sunglasses
SMITH_BRAKE_LUX = 3000.0  # afternoon outdoor "light brake", 1 h after waking


def smith_eastman2008(**assume: float) -> Protocol:
    """Smith & Eastman 2008, compromise phase position (experimental group): 3 night shifts,
    2 days off, 4 more night shifts; five 15-min bright-light pulses per night shift, dark
    sunglasses outside, dark bedrooms at set times after night shifts and on days off, and an
    afternoon outdoor "light brake". Final DLMO about 04:30 (controls about 00:30).

    Not in the abstract, so chosen here (assumptions, listed on the protocol): night shifts
    23:00-07:00; pulses of 5000 lux at 23:45, 00:45, ..., 03:45; room light 150 lux at work and
    indoors; commute 07:00-08:30 at 40 lux; day sleep 08:30-15:30 (08:30-13:30 before the days
    off), days-off sleep 03:00-12:00; 1 h of 3000 lux on waking (the light brake); the final
    DLMO is read in the dim-light assessment after the 7th night shift. Tolerance 1 h, for
    those assumptions (the protocol study reports the group mean as "approximately 04:30").
    """
    room = float(assume.get("room_lux", SMITH_ROOM_LUX))
    box = float(assume.get("box_lux", LIGHT_BOX_LUX))
    brake = float(assume.get("brake_lux", SMITH_BRAKE_LUX))
    home = float(assume.get("home_lux", HABITUAL_WAKE_LUX))
    nights = (0, 1, 2, 5, 6, 7, 8)  # days on whose evening a night shift starts
    items = _home(-HOME_DAYS, 0, home)
    items.append((_h(0, 17.0), _h(0, 23.0), room))
    for d in nights:
        items.append((_h(d, 23.0), _h(d + 1, 7.0), room))
        items += [(_h(d, 23.75) + k, _h(d, 24.0) + k, box) for k in range(5)]
        items.append((_h(d + 1, 7.0), _h(d + 1, 8.5), SMITH_GOGGLE_LUX))
        wake = 13.5 if d == 2 else 15.5
        items.append((_h(d + 1, 8.5), _h(d + 1, wake), 0.0))
        items.append((_h(d + 1, wake), _h(d + 1, wake + 1.0), brake))
        if d + 1 not in nights:
            items.append((_h(d + 1, wake + 1.0), _h(d + 2, 3.0), room))
    for d in (4, 5):  # days-off sleep 03:00-12:00 and the light brake on waking
        items.append((_h(d, 3.0), _h(d, 12.0), 0.0))
        items.append((_h(d, 12.0), _h(d, 13.0), brake))
        items.append((_h(d, 13.0), _h(d, 23.0 if d == 5 else 27.0), room))
    # final phase assessment after the 7th night: dim light from waking to the next noon
    items.append((_h(9, 16.5), _h(10, 12.0), DIM_LUX))
    light = LightSchedule.from_hour_intervals(items, _h(-HOME_DAYS, 0.0), _h(10, 12.0))
    meas = Measurement("clock_time", after=from_hours(_h(10, 4.5)),
                       rule="local clock time of the DLMO in the dim-light assessment after "
                            "the 7th night shift")
    assumptions = (
        "night shifts 23:00-07:00, pulses at 23:45, 00:45, ..., 03:45",
        f"pulses {box:g} lux; room light {room:g} lux at work and indoors awake",
        f"commute 07:00-08:30 behind dark sunglasses at {SMITH_GOGGLE_LUX:g} lux",
        "day sleep 08:30-15:30 (08:30-13:30 before the days off); days-off sleep 03:00-12:00",
        f"light brake: 1 h of {brake:g} lux on waking",
        f"habitual sleep 23:00-07:00 at {home:g} lux before the first night",
    )
    m = Measured(4.5, None, 12, None, "final DLMO clock time, experimental group")
    return Protocol("smith_eastman2008", "Smith & Eastman 2008, compromise phase position",
                    SMITH_EASTMAN_2008, light, (), meas, m, 1.0, assumptions)


#: Every shipped protocol arm by key, built with the default encoding.
def published() -> dict[str, Protocol]:
    """All published protocol arms, keyed as ``Protocol.key``."""
    arms = [eastman2005(1.0), eastman2005(2.0), revell2006(0.0), revell2006(0.5),
            revell2006(3.0), burgess2003("dim"), burgess2003("intermittent"),
            burgess2003("continuous"), crowley2015("2h"), crowley2015("1h"),
            crowley2015("0.5h"), psychopharm2013(0.0), psychopharm2013(3.0),
            smith_eastman2008()]
    return {p.key: p for p in arms}
