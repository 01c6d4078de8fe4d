from .assessment import (
    Assessment,
    AuditEntry,
    Column,
    ColumnResult,
    PillarResult,
    Rating,
    SubIndexResult,
)
from .catalog import (
    AnswerOption,
    BilingualName,
    Criterion,
    Framework,
    LevelName,
    OverallRule,
    Pillar,
    PillarBand,
    ScoringMethod,
    SubIndex,
)
from .evidence import Evidence

__all__ = [
    "AnswerOption",
    "Assessment",
    "AuditEntry",
    "BilingualName",
    "Column",
    "ColumnResult",
    "Criterion",
    "Evidence",
    "Framework",
    "LevelName",
    "OverallRule",
    "Pillar",
    "PillarBand",
    "PillarResult",
    "Rating",
    "ScoringMethod",
    "SubIndex",
    "SubIndexResult",
]
