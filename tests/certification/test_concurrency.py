"""Certificate numbers stay unique and gap-free when many issuers work at once, and one
assessment never ends up with two valid certificates. Real concurrency needs real row locks,
so this runs on PostgreSQL only (CI sets DATABASE_URL); SQLite serializes writers anyway."""

import threading

import pytest
from celery import _state as celery_state
from django.db import connection, connections

from certification.models import Certificate, CertificateSequence
from certification.services import certificate_issue

from .conftest import appraised_assessment

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)

THREADS = 8


def run_together(work, arguments) -> list:
    """Run ``work(argument)`` in one thread per argument, all released at the same moment;
    returns what each raised (None when it succeeded)."""
    barrier = threading.Barrier(len(arguments))
    outcomes = [None] * len(arguments)

    def target(i, argument):
        try:
            barrier.wait()
            work(argument)
        except Exception as error:  # reported to the test
            outcomes[i] = error
        finally:
            connections.close_all()

    joins_blocked = celery_state.task_join_will_block()
    threads = [threading.Thread(target=target, args=(i, a)) for i, a in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Each eager task (the PDF queued on commit) flips Celery's process-wide "inside a task" flag
    # and puts back what it saw; threads finishing out of order can leave it on, which would make
    # every later result.get() in this process refuse to wait.
    celery_state._set_task_join_will_block(joins_blocked)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_unique_numbers(sme_framework, signer, issuer):
    assessments = [appraised_assessment() for _ in range(THREADS)]

    outcomes = run_together(
        lambda a: certificate_issue(assessment_id=a.pk, user=issuer), assessments
    )

    assert outcomes == [None] * THREADS
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS + 1))
    assert len(set(Certificate.objects.values_list("number", flat=True))) == THREADS
    assert CertificateSequence.objects.get().last == THREADS


@pytest.mark.django_db(transaction=True)
def test_concurrent_reissues_leave_one_valid_certificate(sme_framework, signer, issuer):
    assessment = appraised_assessment()

    outcomes = run_together(
        lambda _: certificate_issue(assessment_id=assessment.pk, user=issuer), range(THREADS)
    )

    assert outcomes == [None] * THREADS
    certificates = list(Certificate.objects.order_by("sequence"))
    assert [c.sequence for c in certificates] == list(range(1, THREADS + 1))
    assert [c.status for c in certificates] == ["replaced"] * (THREADS - 1) + ["valid"]
    # Each replaced certificate points to the one issued right after it.
    assert [c.replaced_by.sequence for c in certificates[:-1]] == list(range(2, THREADS + 1))
