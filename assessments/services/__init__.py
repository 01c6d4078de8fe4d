"""Writes for the assessments app, one module per subject."""

from .catalog import CatalogError, LoadOutcome, framework_load
from .ratings import SaveOutcome, rating_save

__all__ = ["CatalogError", "LoadOutcome", "SaveOutcome", "framework_load", "rating_save"]
