"""Forecasting models on spatial tables (layer beside ``analysis``; imports only ``scenario`` and
``analysis``): compromise, weighted median, Bueno de Mesquita's expected-utility model, a KTAB-style
spatial model, and the bundle engine's bargaining points read as forecasts (among them the Nash point
under Achen's assumptions and a committee's Nash point under its voting rule). See docs/validation.md.
"""

from .models import LABELS, MODELS, forecast_table

__all__ = ["LABELS", "MODELS", "forecast_table"]
