"""summitkit: docs-as-code for summit diplomacy."""

from __future__ import annotations

__version__ = "0.2.0"
