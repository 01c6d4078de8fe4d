"""Writes for the assessments app, one module per subject."""

from .answers import criterion_answer_save
from .assessments import assessment_create
from .catalog import CatalogError, LoadOutcome, framework_load
from .evidence import evidence_add
from .figures import FiguresOutcome, figures_save
from .ratings import SaveOutcome, rating_copy, rating_save, ratings_mark_not_assessed
from .survey import SurveyOutcome, survey_save
from .transitions import assessment_return, assessment_transition
from .versions import VersionOutcome, version_fork, version_load, version_make_current

__all__ = [
    "CatalogError",
    "FiguresOutcome",
    "LoadOutcome",
    "SaveOutcome",
    "SurveyOutcome",
    "VersionOutcome",
    "assessment_create",
    "assessment_return",
    "assessment_transition",
    "criterion_answer_save",
    "evidence_add",
    "figures_save",
    "framework_load",
    "rating_copy",
    "rating_save",
    "ratings_mark_not_assessed",
    "survey_save",
    "version_fork",
    "version_load",
    "version_make_current",
]
