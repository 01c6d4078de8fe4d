"""The Permissions-Policy header on every response.

Django sets the other security headers itself (SecurityMiddleware: Referrer-Policy,
Cross-Origin-Opener-Policy, X-Content-Type-Options) and django-csp the Content-Security-Policy;
Permissions-Policy has no Django setting. ``settings.PERMISSIONS_POLICY`` uses the format of
django-permissions-policy (a feature name mapped to its allowed origins, ``[]`` for none), so this
middleware can give way to that library unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Permissions-Policy"


def _allowlist(origins: list[str]) -> str:
    """``["self", "https://x.vn"]`` → ``(self "https://x.vn")``; ``"*"`` stays ``*``."""
    if origins == "*" or origins == ["*"]:
        return "*"
    return "(" + " ".join(o if o == "self" else f'"{o}"' for o in origins) + ")"


def permissions_policy(policy: dict[str, list[str]]) -> str:
    return ", ".join(f"{feature}={_allowlist(origins)}" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault(HEADER, self.header)
        return response
