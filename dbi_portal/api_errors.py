"""Structured JSON errors for the API: {"error": {"code", "message", "fields"}}."""

from rest_framework import exceptions
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
            "message": "Dữ liệu không hợp lệ / Invalid input.",
            "fields": _flatten(exc.detail),
        }
    else:
        detail = getattr(exc, "detail", response.data)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = {"code": str(code), "message": str(detail), "fields": {}}
    response.data = {"error": body}
    return response
