"""Daylight at a place: solar elevation, daylight intervals and an outdoor illuminance estimate.

Solar position uses the NOAA solar calculator equations [1]_ (the same ones ``astral.sun``
implements, after Meeus [2]_), written with numpy so a planner can evaluate thousands of grid
points at once. Unlike ``astral.sun.sunrise``, nothing here raises at polar latitudes: under the
midnight sun or in the polar night the sun simply never crosses the threshold.

References
----------
.. [1] NOAA Global Monitoring Laboratory, "NOAA Solar Calculator" and its spreadsheet
   (gml.noaa.gov/grad/solcalc/calcdetails.html).
.. [2] J. Meeus, *Astronomical Algorithms*, 2nd ed., Willmann-Bell, 1998, ch. 25.
.. [3] IESNA Lighting Handbook, 9th ed. (2000), ch. 8 "Daylighting": clear-sky solar and sky
   illuminance equations (E_xn = 127.5 klx, extinction c = 0.21; sky A + B sin^C with
   A = 0.8 klx, B = 15.5 klx, C = 0.5).
.. [4] Illuminance at the end of civil twilight (sun 6° below the horizon) is about 3 lux:
   U.S. Naval Observatory, "Rise, Set, and Twilight Definitions"; Bond & Henderson (1963).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from circadian.errors import CircadianError
from circadian.places import Place
from circadian.tz import to_utc

#: Geometric elevation of the sun's centre at sunrise/sunset [deg]: 34' refraction plus 16'
#: semi-diameter (USNO/NOAA convention).
SUNRISE_DEG = -0.833
CIVIL_TWILIGHT_DEG = -6.0

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_JD_UNIX_EPOCH = 2440587.5

LatLon = tuple[float, float]


def _lat_lon(where: Place | LatLon) -> LatLon:
    if isinstance(where, Place):
        return where.lat_deg, where.lon_deg
    try:
        lat, lon = where
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise CircadianError(f"expected a Place or (lat_deg, lon_deg), got {where!r}") from None
    if not (abs(lat) <= 90 and abs(lon) <= 360):
        raise CircadianError(f"latitude/longitude out of range: {where!r}")
    return lat, lon


def epoch_seconds(times_utc: datetime | Sequence[datetime] | ArrayLike) -> NDArray[np.float64]:
    """Seconds since 1970-01-01 UTC for aware datetimes, ``datetime64`` or numeric epoch seconds.

    Naive datetimes are refused (:class:`CircadianError`): their zone is unknown.
    """
    if isinstance(times_utc, datetime):
        return np.asarray((to_utc(times_utc) - _EPOCH).total_seconds(), dtype=float)
    arr = np.asarray(times_utc)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[us]").astype(np.int64).astype(float) / 1e6
    if arr.dtype.kind in "iuf":
        return arr.astype(float)
    if arr.dtype == object:
        flat = [
            (to_utc(t) - _EPOCH).total_seconds() if isinstance(t, datetime) else float(t)
            for t in arr.ravel()
        ]
        return np.asarray(flat, dtype=float).reshape(arr.shape)
    raise CircadianError(f"cannot read times of type {arr.dtype}")


def _refraction_deg(elev_deg: NDArray[np.float64]) -> NDArray[np.float64]:
    """Atmospheric refraction [deg] for geometric elevation [deg], NOAA spreadsheet formula."""
    e = elev_deg
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        te = np.tan(np.radians(e))
        high = 58.1 / te - 0.07 / te**3 + 0.000086 / te**5
        mid = 1735.0 + e * (-518.2 + e * (103.4 + e * (-12.79 + e * 0.711)))
        low = -20.774 / te
    arcsec = np.where(e > 85.0, 0.0, np.where(e > 5.0, high, np.where(e > -0.575, mid, low)))
    return arcsec / 3600.0


def solar_elevation_deg(
    where: Place | LatLon,
    times_utc: datetime | Sequence[datetime] | ArrayLike,
    refraction: bool = True,
) -> NDArray[np.float64]:
    """Elevation of the sun's centre above the horizon [deg] at each time (NOAA [1]_).

    ``times_utc`` may be aware datetimes, ``datetime64`` (UTC) or epoch seconds. With
    ``refraction`` (default, as ``astral.sun.elevation``) the apparent elevation is returned;
    without it the geometric one, which is what the sunrise/twilight thresholds refer to.
    Agrees with ``astral.sun.elevation`` to about 0.01°; never raises at polar latitudes.
    """
    lat, lon = _lat_lon(where)
    lat = float(np.clip(lat, -89.8, 89.8))  # as astral: avoids the singular azimuth at a pole
    secs = epoch_seconds(times_utc)
    jd = secs / 86400.0 + _JD_UNIX_EPOCH
    t = (jd - 2451545.0) / 36525.0  # Julian centuries since J2000.0

    l0 = np.mod(280.46646 + t * (36000.76983 + 0.0003032 * t), 360.0)
    m = 357.52911 + t * (35999.05029 - 0.0001537 * t)
    e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
    mr = np.radians(m)
    c = (
        np.sin(mr) * (1.914602 - t * (0.004817 + 0.000014 * t))
        + np.sin(2 * mr) * (0.019993 - 0.000101 * t)
        + np.sin(3 * mr) * 0.000289
    )
    omega = np.radians(125.04 - 1934.136 * t)
    app_long = np.radians(l0 + c - 0.00569 - 0.00478 * np.sin(omega))
    seconds = 21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))
    obliq = np.radians(23.0 + (26.0 + seconds / 60.0) / 60.0 + 0.00256 * np.cos(omega))
    decl = np.arcsin(np.sin(obliq) * np.sin(app_long))

    y = np.tan(obliq / 2.0) ** 2
    l0r = np.radians(l0)
    eq_time_min = 4.0 * np.degrees(
        y * np.sin(2 * l0r)
        - 2 * e * np.sin(mr)
        + 4 * e * y * np.sin(mr) * np.cos(2 * l0r)
        - 0.5 * y * y * np.sin(4 * l0r)
        - 1.25 * e * e * np.sin(2 * mr)
    )
    minutes_utc = np.mod(secs, 86400.0) / 60.0
    true_solar_min = np.mod(minutes_utc + eq_time_min + 4.0 * lon, 1440.0)
    hour_angle = np.radians(true_solar_min / 4.0 - 180.0)

    latr = np.radians(lat)
    cos_zen = np.sin(latr) * np.sin(decl) + np.cos(latr) * np.cos(decl) * np.cos(hour_angle)
    elev = 90.0 - np.degrees(np.arccos(np.clip(cos_zen, -1.0, 1.0)))
    if refraction:
        elev = elev + _refraction_deg(elev)
    return np.asarray(elev, dtype=float)


def _grid(start_utc: datetime, end_utc: datetime, step_min: float) -> NDArray[np.float64]:
    a = (to_utc(start_utc, "start") - _EPOCH).total_seconds()
    b = (to_utc(end_utc, "end") - _EPOCH).total_seconds()
    if not b > a:
        raise CircadianError(
            f"end {end_utc.isoformat()} is not after start {start_utc.isoformat()}"
        )
    if not step_min > 0:
        raise CircadianError(f"step_min must be positive, got {step_min!r}")
    n = max(2, int(np.ceil((b - a) / (step_min * 60.0))) + 1)
    return np.linspace(a, b, n)


def _from_epoch(s: float) -> datetime:
    return _EPOCH + timedelta(seconds=round(float(s), 3))


def daylight_intervals(
    where: Place | LatLon,
    start_utc: datetime,
    end_utc: datetime,
    threshold_deg: float = SUNRISE_DEG,
    step_min: float = 5.0,
) -> list[tuple[datetime, datetime]]:
    """Intervals in [start_utc, end_utc] with the sun's geometric elevation above ``threshold_deg``.

    The default threshold is sunrise/sunset (-0.833°); use -6 for civil twilight. The elevation
    is sampled every ``step_min`` minutes and each crossing refined by linear interpolation, so
    edges are good to well under a minute. Returns aware UTC ``(start, end)`` pairs, clipped to
    the requested span; an empty list in the polar night, one whole-span interval under the
    midnight sun.
    """
    s = _grid(start_utc, end_utc, step_min)
    up = solar_elevation_deg(where, s, refraction=False) - threshold_deg
    above = up > 0
    out: list[tuple[datetime, datetime]] = []
    opened: float | None = float(s[0]) if above[0] else None
    for i in np.flatnonzero(above[1:] != above[:-1]):
        # crossing between s[i] and s[i+1]: interpolate the zero of the elevation
        x = s[i] + (s[i + 1] - s[i]) * up[i] / (up[i] - up[i + 1])
        if above[i + 1]:
            opened = float(x)
        elif opened is not None:
            out.append((_from_epoch(opened), _from_epoch(x)))
            opened = None
    if opened is not None:
        out.append((_from_epoch(opened), _from_epoch(s[-1])))
    return out


def is_daylight(where: Place | LatLon, t_utc: datetime, threshold_deg: float = SUNRISE_DEG) -> bool:
    """True when the sun is above ``threshold_deg`` (geometric; default: sunrise to sunset)."""
    return bool(solar_elevation_deg(where, t_utc, refraction=False) > threshold_deg)


Sky = Literal["clear", "partly_cloudy", "overcast"]
# IESNA Lighting Handbook [3]: extinction coefficient c; sky illuminance A + B sin(h)^C [klx].
_SKY = {
    "clear": (0.21, 0.8, 15.5, 0.5),
    "partly_cloudy": (0.80, 0.3, 45.0, 1.0),
    "overcast": (None, 0.3, 21.0, 1.0),
}
_EXTRATERRESTRIAL_KLX = 127.5
_HORIZON_LUX = {"clear": 800.0, "partly_cloudy": 300.0, "overcast": 300.0}
_TWILIGHT_DECADES_PER_DEG = 0.4  # ~800 lux at 0° to ~3 lux at -6° [4]
NIGHT_LUX = 0.001  # moonless clear night sky, order of magnitude


def outdoor_lux_estimate(elevation_deg: ArrayLike, sky: Sky = "clear") -> NDArray[np.float64]:
    """Horizontal outdoor illuminance [lux] for a solar elevation [deg] (rough, unshaded).

    Sun above the horizon: IESNA daylight equations [3]_, direct beam
    ``127.5 klx * exp(-c * m) * sin(h)`` (air mass ``m = 1/sin h``) plus sky ``A + B sin(h)^C``;
    clear sky gives ~800 lux at sunrise, ~20 klx at 10°, ~100 klx at 60°. Below the horizon:
    log-linear twilight falling 0.4 decades per degree (~3 lux at -6° [4]_), floored at
    0.001 lux. Indoor light is typically 50-500 lux, a light box 2,500-10,000 lux at the eye.
    """
    h = np.asarray(elevation_deg, dtype=float)
    if sky not in _SKY:
        raise CircadianError(f"sky must be one of {', '.join(_SKY)}, got {sky!r}")
    c, a, b, cc = _SKY[sky]
    sin_h = np.sin(np.radians(np.clip(h, 0.0, 90.0)))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        direct = (
            0.0
            if c is None
            else _EXTRATERRESTRIAL_KLX * np.exp(-c / np.maximum(sin_h, 1e-6)) * sin_h
        )
    day = 1000.0 * (a + b * sin_h**cc + direct)
    twilight = np.maximum(_HORIZON_LUX[sky] * 10.0 ** (_TWILIGHT_DECADES_PER_DEG * h), NIGHT_LUX)
    return np.asarray(np.where(h >= 0.0, day, np.minimum(twilight, _HORIZON_LUX[sky])), dtype=float)


def daylight_fraction(
    where: Place | LatLon,
    start_utc: datetime,
    end_utc: datetime,
    threshold_deg: float = SUNRISE_DEG,
    step_min: float = 5.0,
) -> float:
    """Fraction (0-1) of [start_utc, end_utc] with the sun above ``threshold_deg``."""
    total = (to_utc(end_utc, "end") - to_utc(start_utc, "start")).total_seconds()
    spans = daylight_intervals(where, start_utc, end_utc, threshold_deg, step_min)
    return sum((b - a).total_seconds() for a, b in spans) / total


#: Outdoor illuminance a seek-light window needs to count as "outdoor daylight" [lux]; bright
#: light of this order shifts the clock well (light box sessions are usually 2,500-10,000 lux).
BRIGHT_LUX = 2500.0


def light_source(
    where: Place | LatLon,
    start_utc: datetime,
    end_utc: datetime,
    min_lux: float = BRIGHT_LUX,
    step_min: float = 5.0,
) -> Literal["daylight", "light box"]:
    """How to get bright light over a window: ``"daylight"`` if outdoors would give at least
    ``min_lux`` (clear sky estimate) for the whole window, else ``"light box"``."""
    s = _grid(start_utc, end_utc, step_min)
    lux = outdoor_lux_estimate(solar_elevation_deg(where, s))
    return "daylight" if bool(np.all(lux >= min_lux)) else "light box"


def avoid_light_aid(
    where: Place | LatLon, start_utc: datetime, end_utc: datetime, step_min: float = 5.0
) -> Literal["dark glasses", "dim room"]:
    """What an avoid-light window needs: ``"dark glasses"`` if the sun is up (above -0.833°)
    at any point of it, else ``"dim room"``."""
    s = _grid(start_utc, end_utc, step_min)
    up = solar_elevation_deg(where, s, refraction=False) > SUNRISE_DEG
    return "dark glasses" if bool(np.any(up)) else "dim room"
