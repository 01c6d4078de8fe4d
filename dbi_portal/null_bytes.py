"""Input carrying a NUL character (0x00) is refused with 400 before any view runs.

PostgreSQL text cannot hold NUL: psycopg2 raises ValueError ("A string literal cannot contain NUL
(0x00) characters") for any query that compares a column with such a string, so a NUL in a
filter, a search box or a path segment (``/chung-nhan/<code>/``) was a 500. Forms and DRF's
CharField refuse NUL in the fields they validate; this middleware covers everything else, in one
place: the path, every query parameter, form and multipart fields, uploaded file names, and JSON
bodies. The API answers the structured error of ``dbi_portal.api_errors`` (``fields`` names the
parameter), pages answer the 400 page; both in the caller's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from .api_errors import error_response, is_api_request

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _carries_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_carries_nul(k) or _carries_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_carries_nul(item) for item in value)
    return False


def _name(key: str) -> str:
    return key.replace(NUL, "") or "non_field_errors"


def _in_parameters(parameters) -> str | None:
    for key, values in parameters.lists():
        if NUL in key or any(_carries_nul(value) for value in values):
            return _name(key)
    return None


def _in_body(request: HttpRequest) -> str | None:
    if request.content_type in FORM_TYPES:
        if found := _in_parameters(request.POST):
            return found
        for key, files in request.FILES.lists():
            if NUL in key or any(NUL in (upload.name or "") for upload in files):
                return _name(key)
        return None
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None  # malformed JSON: the view's parser says so
        return "non_field_errors" if _carries_nul(data) else None
    return None


def nul_input(request: HttpRequest) -> str | None:
    """The name of the first input of ``request`` that carries NUL ("path" for the URL), or
    None."""
    if NUL in request.path_info:
        return "path"
    if found := _in_parameters(request.GET):
        return found
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    return _in_body(request)


def bad_input_response(request: HttpRequest, fields: dict[str, list[str]]) -> HttpResponse:
    """400 with the API's structured error, or the 400 page."""
    if is_api_request(request):
        return error_response("invalid", _("Dữ liệu gửi lên không hợp lệ."), fields, status=400)
    problems = [message for messages in fields.values() for message in messages]
    return render(request, "400.html", {"problems": problems}, status=400)


class NullByteMiddleware:
    """After the authentication middleware (the 400 page shows who is signed in); in
    ``process_view`` so that the URL is resolved and an API call is told apart from a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            found = nul_input(request)
        except (MultiPartParserError, BadRequest):
            return bad_input_response(
                request, {"non_field_errors": [_("Không đọc được dữ liệu gửi lên.")]}
            )
        if found is None:
            return None
        return bad_input_response(request, {found: [_("Không được chứa ký tự NUL (0x00).")]})
