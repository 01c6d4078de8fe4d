"""The assessments vocabulary, declared once: the four columns in the official table's order,
whose word weighs most, and the group of states in which an assessment is with the reviewers.
(The default framework is ``catalog.DEFAULT_FRAMEWORK_CODE``; which column is open in which
state, and the review chain, are ``workflow``'s tables.)"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Assessment, Column

State = Assessment.State

# The assessor columns in the order of the official table (DOMAIN.md §3): the enterprise, its
# consultant, the province, the ministry.
COLUMN_ORDER: tuple[Column, ...] = (
    Column.SELF,
    Column.CONSULTANT,
    Column.PROVINCE,
    Column.MINISTRY,
)

# Whose word weighs most when several columns have answers: the ministry appraises, then the
# province, the consultant, and last the enterprise itself.
AUTHORITY_ORDER: tuple[Column, ...] = tuple(reversed(COLUMN_ORDER))

# Where the ministry's column starts, criterion by criterion: the latest review that rated it
# (every column below the ministry's, the weightiest first; services/transitions.py), and the
# reason its audit trail gives each starting level (kept in the site's language).
MINISTRY_STARTS_FROM: tuple[Column, ...] = AUTHORITY_ORDER[1:]
MINISTRY_START_REASON = _("Mức khởi đầu của Bộ, lấy từ cột %(column)s")

# With the reviewers: submitted, and not yet appraised or returned (any of them may return it).
IN_REVIEW_STATES: frozenset[str] = frozenset(
    {
        State.SUBMITTED,
        State.CONSULTANT_ASSESSING,
        State.PROVINCE_REVIEW,
        State.PROVINCE_APPROVED,
        State.MINISTRY_APPRAISAL,
    }
)
