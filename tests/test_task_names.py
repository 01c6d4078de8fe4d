"""A task that moved to another app keeps the name it was registered under, so a message a worker
of the previous release left in the queue (waiting for a retry, say) still finds its task."""

import pytest

from certification.tasks import certificate_notify_task
from dbi_portal.celery import app
from enterprises.tasks import engagement_notify_task
from notifications.tasks import send_email_task


@pytest.mark.parametrize(
    ("queued_name", "task"),
    [
        ("enterprises.tasks.send_email_task", send_email_task),
        ("assessments.tasks.engagement_notify_task", engagement_notify_task),
        ("assessments.tasks.certificate_notify_task", certificate_notify_task),
    ],
)
def test_a_message_queued_under_the_old_name_reaches_the_moved_task(queued_name, task):
    # shared_task gives a proxy: the registered task is the one whose code it runs.
    assert app.tasks[queued_name].run is task.run
