"""Structured JSON errors for the API: {"error": {"code", "message", "fields"}}.

``fields`` maps each offending input field (nested where the input is nested) to its messages,
so a client can show every problem next to what the user typed.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


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


def structured_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
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
        body = {"code": str(code), "message": str(detail), "fields": extra}
    response.data = {"error": body}
    return response
