"""circadian: body-clock plans for travellers and shift workers from published circadian models.

Not medical advice.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
