"""Celery application; configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")

app = Celery("dbi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="dbi_portal.ping")
def ping() -> str:
    """Round trip through the broker and the result backend, for the health check."""
    return "pong"
