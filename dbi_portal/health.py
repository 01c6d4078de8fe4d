"""GET /healthz/: is the portal able to serve? Used by docker-compose and monitoring."""

from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError as BrokerError

from assessments.models import Framework

from .celery import ping


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    cache.set("healthz", "ok", 10)
    return "ok" if cache.get("healthz") == "ok" else "failing"


def _catalog() -> str:
    return "ok" if Framework.objects.filter(is_active=True).exists() else "empty"


def _worker() -> str:
    if ping.app.conf.task_always_eager:
        return "eager"
    try:
        return "ok" if ping.apply_async().get(timeout=3) == "pong" else "failing"
    except (CeleryTimeout, BrokerError):
        return "unreachable"


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": _database(),
        "cache": _cache(),
        "catalog": _catalog(),
        "worker": _worker(),
    }
    healthy = all(value in ("ok", "eager") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )
