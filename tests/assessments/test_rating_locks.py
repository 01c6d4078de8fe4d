"""Row locks of a rating save: two enterprises saving at the same moment never wait for each
other (the shared framework row is not locked), while two saves of one assessment take turns.
Real locks need PostgreSQL (CI sets DATABASE_URL); SQLite serializes writers anyway."""

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from assessments.models import Column
from assessments.services import rating_save
from assessments.services.ratings import lock_for_column

from ..factories import AssessmentFactory, MembershipFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def draft():
    membership = MembershipFactory()
    assessment = AssessmentFactory(enterprise=membership.enterprise, created_by=membership.user)
    return assessment, membership.user


def save_while_another_holds_its_lock(held, other) -> Exception | None:
    """Hold ``held``'s save lock in a thread and try to save ``other`` meanwhile, giving up
    after one second of waiting; returns what the second save raised (None: it went through)."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                lock_for_column(assessment_id=held[0].pk, column=Column.SELF, user=held[1])
                locked.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(timeout=10)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            rating_save(
                assessment_id=other[0].pk, column=Column.SELF, criterion_code="1.1.1",
                level=3, user=other[1], expected_version=0,
            )  # fmt: skip
    except OperationalError as error:
        return error
    finally:
        release.set()
        holder.join(timeout=10)
    return None


def test_two_enterprises_save_at_the_same_time_without_waiting(sme_framework):
    first, second = draft(), draft()

    assert save_while_another_holds_its_lock(first, second) is None


def test_two_saves_of_one_assessment_take_turns(sme_framework):
    first = draft()

    refused = save_while_another_holds_its_lock(first, first)

    assert "lock timeout" in str(refused)
