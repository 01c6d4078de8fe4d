"""Vietnamese first: the portal's pages answer in Vietnamese until the visitor chooses English.

A browser's Accept-Language says what its owner's computer is set to, not which language they
want this portal in; a Vietnamese enterprise on an English Windows got English pages. So pages
ignore it: their language is the one chosen with the language selector (Django's ``set_language``
view keeps it in the language cookie, for ``LANGUAGE_COOKIE_AGE``), else ``LANGUAGE_CODE``
(Vietnamese). The API keeps answering in the caller's language by Accept-Language: a program
asks for its language there, and has no language cookie.

Runs before ``django.middleware.locale.LocaleMiddleware``, which then decides as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .api_errors import is_api_request


class PagesIgnoreAcceptLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_request(request):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
