"""Circadian oscillator models and the registry that picks them by name.

Names are lowercase and matched case-insensitively: ``get_model("Forger99", tau=24.4)``.
"""

from __future__ import annotations

import difflib

from circadian.errors import CircadianError
from circadian.models.base import Model, ModelParams, ParamInfo, parse_param_overrides
from circadian.models.breslow import Breslow13, Breslow13Fit
from circadian.models.hannay import Hannay19, Hannay19TP
from circadian.models.hannay_mel import Hannay19Mel, Hannay19MelFit
from circadian.models.hannay_melcal import Hannay19MelCal
from circadian.models.kronauer import Forger99, Jewett99

MODELS: dict[str, type[Model]] = {
    m.name: m for m in (Forger99, Jewett99, Hannay19, Hannay19TP, Breslow13, Hannay19Mel,
                         Breslow13Fit, Hannay19MelFit, Hannay19MelCal)
}


def model_class(name: str) -> type[Model]:
    """The model class registered under ``name`` (case-insensitive)."""
    key = str(name).strip().lower()
    if key not in MODELS:
        close = difflib.get_close_matches(key, list(MODELS), n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise CircadianError(
            f"unknown model {name!r} (known: {', '.join(MODELS)}){hint}"
        )
    return MODELS[key]


def get_model(name: str, **params: float) -> Model:
    """An instance of the model ``name`` with parameters overridden by keyword."""
    return model_class(name)(**params)


__all__ = [
    "MODELS", "Model", "ModelParams", "ParamInfo", "get_model", "model_class",
    "parse_param_overrides", "Forger99", "Jewett99", "Hannay19", "Hannay19TP", "Breslow13",
    "Hannay19Mel", "Breslow13Fit", "Hannay19MelFit", "Hannay19MelCal",
]
