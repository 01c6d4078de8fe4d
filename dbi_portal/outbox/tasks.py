"""The relay, run by beat every ``CELERY_BEAT_SCHEDULE['outbox-relay']`` seconds."""

from celery import shared_task


@shared_task(name="dbi_portal.outbox.relay", ignore_result=True)
def outbox_relay_task() -> int:
    """Send the messages the broker missed."""
    from dbi_portal.celery import app

    from .services import outbox_relay

    return outbox_relay(app=app)
