"""What the reports keep denormalized on each column result, so that a national dashboard reads
one narrow row per assessment instead of working a rule out per row or joining six pillar rows:

* ``ColumnResult.is_reference``: whether this column is the assessment's *reference* column, the
  one the dashboards count by default;
* ``ColumnResult.pillar_levels``: the pillar levels of the result as text, two digits per pillar
  in the catalog's pillar order ("030402050103" is 3, 4, 2, 5, 1, 3), so that SQL can group by it.

Both are written by ``assessments.services.ratings.write_column_result`` with the result, and
the marker is moved by every transition (``assessments.services.transitions._move``), in the
same transaction. The rules are pure functions here; the one ORM helper moves the marker.

The reference column is the most authoritative column whose review step is over and that has
answers (a stored result with ``answered > 0``), looked up in this order of authority:

==========================================  =============================================
state of the assessment                     columns considered, most authoritative first
==========================================  =============================================
appraised                                   ministry, province, consultant, self
province approved, ministry appraising      province, consultant, self
province reviewing                          consultant, self
draft, submitted, consultant assessing,     self
returned to the enterprise
==========================================  =============================================

So a column still being filled in never counts by default (the ministry's column only once the
ministry has appraised, the province's once it has approved), and a step that scored nothing
(e.g. a province that approved without changing any criterion) leaves the previous column in
place. A returned assessment counts its enterprise's own answers again: every review of it is
to be redone. Which assessments a report counts at all (not drafts) is the report's business.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db.models import Case, Value, When

from assessments.models import ColumnResult

PILLAR_LEVEL_DIGITS = 2

SELF, CONSULTANT, PROVINCE, MINISTRY = "self", "consultant", "province", "ministry"

_CLOSED_COLUMNS = {
    "appraised": (MINISTRY, PROVINCE, CONSULTANT, SELF),
    "province_approved": (PROVINCE, CONSULTANT, SELF),
    "ministry_appraisal": (PROVINCE, CONSULTANT, SELF),
    "province_review": (CONSULTANT, SELF),
}
_SELF_ONLY = (SELF,)


def reference_candidates(state: str) -> tuple[str, ...]:
    """The columns that may be the reference in ``state``, most authoritative first."""
    return _CLOSED_COLUMNS.get(state, _SELF_ONLY)


def reference_column(state: str, answered_columns: Collection[str]) -> str | None:
    """The reference column of an assessment in ``state`` whose columns with answers are
    ``answered_columns``; None when none of the candidates has answers."""
    return next((c for c in reference_candidates(state) if c in answered_columns), None)


def is_reference_when_written(state: str, column: str, answered: int) -> bool:
    """Whether a column just written in ``state`` with ``answered`` answers is the reference,
    knowing that only the open column can be written: the enterprise's own column while it is
    the only candidate (draft, returned), never a reviewer's column while it is still open."""
    return reference_candidates(state) == _SELF_ONLY and column == SELF and answered > 0


def encode_pillar_levels(levels: Iterable[int]) -> str:
    """The ``pillar_levels`` text of pillar levels given in the catalog's pillar order."""
    return "".join(f"{level:0{PILLAR_LEVEL_DIGITS}d}" for level in levels)


def decode_pillar_levels(text: str) -> list[int]:
    step = PILLAR_LEVEL_DIGITS
    return [int(text[i : i + step]) for i in range(0, len(text), step)]


def column_results_mark_reference(*, assessment) -> None:
    """Move the reference marker of ``assessment``'s column results to the column its (new)
    state designates: two queries, whatever the number of columns."""
    answered = set(
        ColumnResult.objects.filter(assessment=assessment, answered__gt=0).values_list(
            "column", flat=True
        )
    )
    reference = reference_column(assessment.state, answered)
    ColumnResult.objects.filter(assessment=assessment).update(
        is_reference=Case(When(column=reference, then=Value(True)), default=Value(False))
        if reference
        else Value(False)
    )
