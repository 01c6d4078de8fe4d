"""The ministry opens frameworks for a year's assessments (``FrameworkOpening``).

A year with no opening at all offers every active framework (``selectors.frameworks_offered``);
once the ministry opens one, the year offers only those it opened. Opening and closing are
idempotent. Closing only stops new starts: an assessment already started on the framework for
that year goes on through the review chain as before.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from dbi_portal.refusals import refuse
from enterprises.access import Viewer
from enterprises.models import MinistryReviewer, User

from ..errors import BAD_PERIOD, FRAMEWORK_INACTIVE, NOT_MINISTRY_STAFF
from ..models import Framework, FrameworkOpening

# The years FrameworkOpening's check constraint allows.
FIRST_PERIOD, LAST_PERIOD = 2021, 2100


def may_open_frameworks(user: Viewer) -> bool:
    """Ministry staff (any ministry reviewer) and the system administrator choose the years'
    frameworks, as they decide accreditations (enterprises.services.accreditation_decide)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or MinistryReviewer.objects.filter(user=user).exists()


def _refuse_unless_allowed(user: User, period: int) -> None:
    if not may_open_frameworks(user):
        raise refuse(NOT_MINISTRY_STAFF)
    if not FIRST_PERIOD <= period <= LAST_PERIOD:
        raise refuse(BAD_PERIOD)


def framework_open(*, framework: Framework, period: int, user: User) -> FrameworkOpening:
    """Open ``framework`` for ``period``'s assessments (ministry staff only); opening it again
    returns the existing opening unchanged (who opened it first, and when, is kept). An inactive
    framework is refused: opening it would close the year to every other framework while
    offering nothing."""
    _refuse_unless_allowed(user, period)
    if not framework.is_active:
        raise refuse(FRAMEWORK_INACTIVE)
    existing = FrameworkOpening.objects.filter(framework=framework, period=period).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return FrameworkOpening.objects.create(
                framework=framework, period=period, opened_by=user
            )
    except IntegrityError:  # opened by someone else in between: theirs stands
        return FrameworkOpening.objects.get(framework=framework, period=period)


def framework_close(*, framework: Framework, period: int, user: User) -> bool:
    """Close ``framework`` for ``period`` (ministry staff only): no new assessment starts on it
    for that year; those already started go on. Idempotent: whether an opening was removed.
    Closing the year's last opening leaves the year with none, which offers every active
    framework again (the openings page says so)."""
    _refuse_unless_allowed(user, period)
    deleted, _rows = FrameworkOpening.objects.filter(framework=framework, period=period).delete()
    return bool(deleted)
