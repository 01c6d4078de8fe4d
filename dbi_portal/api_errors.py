"""Structured JSON errors for the API: {"error": {"code", "message", "fields"}}.

``fields`` maps each offending input field (nested where the input is nested) to its messages,
so a client can show every problem next to what the user typed.

A refusal (``dbi_portal.refusals.Refusal``) is answered here, the API's one mapping of it: its
kind gives the status (403, 404, 409, 400); the code is the refusal's own, except that an
invalid one says ``invalid`` and puts the message under the input it is about (``detail`` when
it names none), like any other invalid input.
"""

import math
from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from .refusals import INVALID, NOT_FOUND, Refusal


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="invalid, not_found, permission_denied, conflict, …")
    message = serializers.CharField(help_text="in the caller's language (Accept-Language)")
    fields = serializers.DictField(  # type: ignore[assignment]  # the body's key, not DRF's
        help_text="each offending input field (nested as the input) mapped to its messages"
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every API error (the schema of each documented 4xx answer)."""

    error = ErrorBodySerializer()


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


API_PREFIX = "/api/v1/"  # where dbi_portal/urls.py includes the API


def is_api_request(request) -> bool:
    """Whether ``request`` is an API call (answered in JSON), also when no URL matched it."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return "api" in match.namespaces
    return request.path_info.startswith(API_PREFIX)


def error_response(code: str, message: str, fields: dict | None = None, *, status: int):
    return JsonResponse(
        error_body(code, message, fields), status=status, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request, exception):
    """handler400: the structured error for an API call, the 400 page otherwise."""
    if is_api_request(request):
        return error_response("invalid", _("Dữ liệu gửi lên không hợp lệ."), status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    """handler404: a path under the API that matches no operation (``/assessments/abc/``) is a
    structured 404 like any other, not the HTML page."""
    if is_api_request(request):
        return error_response("not_found", _("Không tìm thấy tài nguyên yêu cầu."), status=404)
    return defaults.page_not_found(request, exception)


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return {str(key): _messages(value) for key, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _messages(value) -> list[str] | dict:
    if isinstance(value, dict):
        return _flatten(value)
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def _own_message(exc, request) -> str | None:
    """Our words (vi, with English in the catalog) for DRF's own refusals, whose messages DRF's
    Vietnamese catalog mostly lacks; None keeps the exception's message (a domain refusal)."""
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return _("Hãy đăng nhập để dùng thao tác này.")
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) == str(
        exceptions.PermissionDenied.default_detail
    ):
        return _("Tài khoản của bạn không có quyền làm việc này.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Thao tác này không nhận phương thức %(method)s.") % {
            "method": getattr(request, "method", "")
        }
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Không đọc được dữ liệu gửi lên theo kiểu nội dung này.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Không trả lời được theo kiểu nội dung yêu cầu (Accept).")
    if isinstance(exc, exceptions.ParseError):
        return _("Không đọc được dữ liệu gửi lên.")
    if isinstance(exc, exceptions.Throttled):
        wait: float | None = getattr(exc, "wait", None)
        if wait is None:
            return _("Quá nhiều yêu cầu; hãy thử lại sau.")
        return _("Quá nhiều yêu cầu; hãy thử lại sau %(seconds)s giây.") % {
            "seconds": max(1, math.ceil(wait))
        }
    return None


def refusal_response(refusal: Refusal) -> Response:
    """The API's answer to a refusal, in the caller's language (the active one)."""
    fields = {key: _messages(value) for key, value in refusal.fields.items()}
    if refusal.kind == INVALID:
        body = error_body(
            "invalid",
            _("Dữ liệu gửi lên không hợp lệ."),
            {refusal.field or "detail": [str(refusal.message)], **fields},
        )
    elif refusal.kind == NOT_FOUND:
        body = error_body("not_found", refusal.message, fields)
    else:
        body = error_body(str(refusal.code), refusal.message, fields)
    set_rollback()  # as DRF does for the errors it handles (ATOMIC_REQUESTS)
    return Response(body, status=refusal.status)


def structured_exception_handler(exc, context):
    if isinstance(exc, Refusal):
        return refusal_response(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    body: dict[str, Any]
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "code": "invalid",
            "message": _("Dữ liệu gửi lên không hợp lệ."),
            "fields": _flatten(exc.detail),
        }
    elif response.status_code == status.HTTP_404_NOT_FOUND:
        body = {
            "code": "not_found",
            "message": _("Không tìm thấy tài nguyên yêu cầu."),
            "fields": {},
        }
    else:
        data = response.data if isinstance(response.data, dict) else {}
        detail = data.get("detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        # Anything besides the message (e.g. the missing criteria of a submission) is kept.
        extra = {key: _messages(value) for key, value in data.items() if key != "detail"}
        message = _own_message(exc, context.get("request")) or str(detail)
        body = {"code": str(code), "message": message, "fields": extra}
    response.data = error_body(**body)
    return response
