"""Layer 5: self-contained HTML reports built from saved results."""

from .html import write_report

__all__ = ["write_report"]
