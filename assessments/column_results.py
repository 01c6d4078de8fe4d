"""What each column result carries for the dashboards (denormalized), so that a national
dashboard is one index-only pass over the results of a year, joining neither the assessments nor
the enterprises. It lives here, beside the table it maintains, and every writer of a result is in
this app; the reports only read these fields (``PILLAR_FIELDS`` and the markers):

* ``ColumnResult.is_reference``: whether this column is the assessment's *reference* column, the
  one the dashboards count by default;
* ``ColumnResult.counted``: whether the row counts at all — its assessment has left the draft and
  the column has answers;
* ``framework`` and ``period``: the assessment's;
* ``province``, ``ward``, ``sector_section``, ``size_class`` and ``kind``: the enterprise's, as
  they are now (a profile change moves every result of the enterprise to its new group);
* ``pillar_1`` … ``pillar_8``: the pillar levels in the catalog's pillar order (by position),
  one SMALLINT column each, NULL past the framework's last pillar (every reader of a result's
  pillar levels — dashboards, benchmarking, exports — reads these columns).

Who keeps them right, always in the transaction of the change:

* ``assessments.services.ratings.write_column_result`` writes every field with the result, in its
  one upsert (the callers lock the assessment and the enterprise first, so the enterprise's
  fields are the committed ones);
* every transition (``assessments.services.transitions._move``) moves the markers:
  ``column_results_mark_reference``;
* every change of an enterprise's profile (``enterprises.services.enterprise_update``, the admin,
  the import) makes its results follow: ``column_results_follow_enterprises``. The enterprises app
  sits below this one and does not import it: it announces the change with
  ``enterprises.profile_changes.enterprises_profile_changed``, in the transaction that saved the
  enterprises, and this app registers ``column_results_follow_enterprises`` as a follower of it
  (``AssessmentsConfig.ready``), so the results still move in that same transaction.

The rules are pure functions here, beside the two ORM helpers that apply them.

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
to be redone. A draft is never counted (``counted`` is false), whichever column it marks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from assessments.models import ColumnResult
from assessments.models.assessment import PILLAR_SLOTS
from enterprises.models import Enterprise

PILLAR_FIELDS = tuple(f"pillar_{i}" for i in range(1, PILLAR_SLOTS + 1))
# The enterprise's fields each result carries (same names on both models).
ENTERPRISE_FIELDS = ("province_id", "ward_id", "sector_section", "size_class", "kind")
# Every denormalized field of a column result (what a rewrite of the result sets).
DASHBOARD_FIELDS = (
    "is_reference",
    "counted",
    "framework",
    "period",
    "province",
    "ward",
    "sector_section",
    "size_class",
    "kind",
    *PILLAR_FIELDS,
)
DRAFT = "draft"

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


def is_counted(state: str, answered: int) -> bool:
    """Whether a column with ``answered`` answers of an assessment in ``state`` counts at all."""
    return state != DRAFT and answered > 0


def pillar_columns(levels: Iterable[int]) -> dict[str, int | None]:
    """``{"pillar_1": level, …}`` for pillar levels in the catalog's pillar order, every slot past
    the last pillar None."""
    levels = list(levels)
    if len(levels) > PILLAR_SLOTS:
        raise ValueError(f"{len(levels)} pillars: column results have room for {PILLAR_SLOTS}")
    return dict(zip(PILLAR_FIELDS, levels + [None] * (PILLAR_SLOTS - len(levels)), strict=True))


def enterprise_columns(enterprise: Enterprise) -> dict[str, object]:
    """The enterprise's fields its results carry, as they are on ``enterprise``."""
    return {name: getattr(enterprise, name) for name in ENTERPRISE_FIELDS}


def column_results_mark_reference(*, assessment) -> None:
    """Move the markers of ``assessment``'s column results to what its (new) state designates —
    which column is the reference, and whether each one counts: two queries, whatever the
    number of columns."""
    answered = set(
        ColumnResult.objects.filter(assessment=assessment, answered__gt=0).values_list(
            "column", flat=True
        )
    )
    reference = reference_column(assessment.state, answered)
    ColumnResult.objects.filter(assessment=assessment).update(
        is_reference=Case(When(column=reference, then=Value(True)), default=Value(False))
        if reference
        else Value(False),
        counted=Value(False)
        if assessment.state == DRAFT
        else ExpressionWrapper(Q(answered__gt=0), output_field=BooleanField()),
    )


def column_results_follow_enterprises(*, enterprise_ids: Collection[int]) -> int:
    """Copy the stored province, ward, sector, size class and type of these enterprises onto all
    their column results, in one statement whatever their number (call it in the transaction
    that saved the enterprises, after the save); returns how many results were written."""
    if not enterprise_ids:
        return 0
    source = Enterprise.objects.filter(assessments=OuterRef("assessment_id"))
    return ColumnResult.objects.filter(assessment__enterprise_id__in=enterprise_ids).update(
        **{name: Subquery(source.values(name)[:1]) for name in ENTERPRISE_FIELDS}
    )
