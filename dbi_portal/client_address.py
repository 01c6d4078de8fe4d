"""Who is asking: the client address behind ``DBI_TRUSTED_PROXY_COUNT`` trusted proxies, one rule
for the API throttles and the login lockout.

DRF does the reading (``NUM_PROXIES``, which settings.py sets from ``DBI_TRUSTED_PROXY_COUNT``):
with 0 it takes ``REMOTE_ADDR`` and ignores X-Forwarded-For, which any client can write; with N
it takes the N-th address from the right of X-Forwarded-For, the one the outermost trusted proxy
appended, so entries a client put on the left cannot change it. django-axes is given the same
answer through ``AXES_CLIENT_IP_CALLABLE``, so a lockout behind a proxy locks one client, not
everyone behind it.
"""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


def client_address(request) -> str | None:
    """The client's address as DRF's throttles see it (``AXES_CLIENT_IP_CALLABLE``)."""
    return throttling.BaseThrottle().get_ident(request)


class ScopedRateThrottle(throttling.ScopedRateThrottle):
    """DRF's scoped throttle, keyed on ``client_address``, reading the rates in force when it
    runs (DRF's own class reads ``DEFAULT_THROTTLE_RATES`` once, when it is imported, so a
    changed setting would never reach it)."""

    @property
    def THROTTLE_RATES(self) -> dict:  # type: ignore[override]  # DRF reads it as an attribute
        return api_settings.DEFAULT_THROTTLE_RATES
