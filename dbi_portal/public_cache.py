"""The public lists' rendered fragments, kept in the Django cache for a short while.

Anyone can request the honour list and the rankings without signing in, with any filter and
cursor; each distinct page is computed once per ``DBI_PUBLIC_CACHE_SECONDS`` and then served
from the cache, to visitors and signed-in people alike (the list is the same for both; only the
page around it, the navigation, differs). The key holds the list's name, the language and the
normalised request (filters and cursor as the view understood them, so junk parameters all
share the first page's entry). A certificate issued or revoked shows there within that time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def public_fragment(name: str, parts: dict, render: Callable[[], str]) -> SafeString:
    """``render()``'s HTML for this list, language and request, from the cache when there."""
    digest = hashlib.sha256(
        json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()[:32]
    key = f"public:{name}:{get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, settings.DBI_PUBLIC_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 — our own template's output
