"""Every task is a ``dbi_portal.celery.TransactionAwareTask``: queued inside a transaction it is
sent on the commit, never on a rollback; outside one it is sent at once. Checked with a real task
(the email task, eager as in the tests' settings) and what it does (the outbox)."""

import pytest
from django.db import transaction

from dbi_portal.celery import TransactionAwareTask, app, ping
from enterprises.tasks import import_job_task
from notifications.tasks import send_email_task


class Rollback(Exception):
    pass


def queue_mail(subject: str = "Xin chào") -> None:
    send_email_task.delay(to="a@example.com", subject=subject, body="Nội dung")


def queue_mail_and_roll_back(subject: str) -> None:
    with transaction.atomic():
        queue_mail(subject)
        raise Rollback


def test_every_task_of_the_portal_waits_for_the_commit():
    assert issubclass(app.Task, TransactionAwareTask)
    assert isinstance(send_email_task, TransactionAwareTask)
    assert isinstance(import_job_task, TransactionAwareTask)


@pytest.mark.django_db
def test_a_task_queued_in_a_transaction_that_rolls_back_is_never_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued, pytest.raises(Rollback):
        queue_mail_and_roll_back("rolled back")
    assert queued == []
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_task_queued_in_a_transaction_is_sent_after_the_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        with transaction.atomic():
            result = send_email_task.delay(to="a@example.com", subject="Xin chào", body="Nội dung")
            assert mailoutbox == []
        assert mailoutbox == []  # the test's own transaction has not committed yet
    assert len(queued) == 1
    assert [m.subject for m in mailoutbox] == ["Xin chào"]
    assert result.id


@pytest.mark.django_db
def test_a_task_queued_outside_a_transaction_is_sent_at_once(mailoutbox):
    queue_mail()
    assert [m.subject for m in mailoutbox] == ["Xin chào"]


@pytest.mark.django_db(transaction=True)
def test_with_real_transactions_only_the_committed_one_is_sent(mailoutbox):
    with pytest.raises(Rollback):
        queue_mail_and_roll_back("rolled back")
    with transaction.atomic():
        queue_mail("outer")
        with pytest.raises(Rollback):
            queue_mail_and_roll_back("inner, rolled back")
        assert mailoutbox == []
    assert [m.subject for m in mailoutbox] == ["outer"]


@pytest.mark.django_db
def test_the_health_ping_is_sent_at_once_even_in_a_transaction():
    with transaction.atomic():
        assert ping.delay().get() == "pong"
