"""Writes for the assessments app, one module per subject."""

from .assessments import assessment_create
from .catalog import CatalogError, LoadOutcome, framework_load
from .evidence import evidence_add
from .ratings import SaveOutcome, rating_save
from .transitions import assessment_return, assessment_transition

__all__ = [
    "CatalogError",
    "LoadOutcome",
    "SaveOutcome",
    "assessment_create",
    "assessment_return",
    "assessment_transition",
    "evidence_add",
    "framework_load",
    "rating_save",
]
