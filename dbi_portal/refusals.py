"""A refused action: one type for every app, with a stable code, a message for people and a kind
that decides its HTTP answer — mapped once for the pages (here: ``RefusalMiddleware``) and once
for the API (``api_errors.structured_exception_handler``).

Each app declares its codes in one place (its ``errors`` module) as ``Code``s: a ``Code`` is the
string the API and the tests compare, and knows its kind and its usual message::

    NOT_YOURS = Code("not_yours", NOT_ALLOWED, _("Bạn không có quyền với mục này."))
    raise refuse(NOT_YOURS)

The kinds and what they answer:

=============  ======  ==========================================================================
kind           status  pages (``RefusalMiddleware``)
=============  ======  ==========================================================================
not_allowed    403     the 403 page with the message (who is asking may not do this)
not_found      404     the 404 page
conflict       409     the message, and back to the view's ``back_on_refusal`` page; without
                       one, the refusal page with status 409 (not possible in the current state)
invalid        400     as conflict, with status 400 (what was sent is not acceptable)
=============  ======  ==========================================================================

A code that is a plain string (not declared as a ``Code``) is a **conflict** (409): the
documented default.

A page that shows a refusal next to what the user typed (a form error) catches it with
``refusal_for_form`` or ``refusal_shown``; those let a not_allowed or not_found refusal go on to
the middleware, so who-may-not is a 403 — unless the page names the kinds it shows (the
consultant's answer to an invitation shows every refusal on its form).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

NOT_ALLOWED = "not_allowed"
NOT_FOUND = "not_found"
CONFLICT = "conflict"
INVALID = "invalid"
DEFAULT_KIND = CONFLICT  # of a code that is not a declared ``Code``

STATUS = {NOT_ALLOWED: 403, NOT_FOUND: 404, CONFLICT: 409, INVALID: 400}


class Code(str):
    """A refusal code as declared by its app: the string itself (compared by the API's clients
    and the tests), its ``kind``, its usual ``message`` and, for an invalid input, the ``field``
    of the input it is about (the API names it in ``fields``)."""

    kind: str
    message: Any
    field: str | None

    def __new__(cls, code: str, kind: str, message: Any = "", *, field: str | None = None):
        if kind not in STATUS:
            raise ValueError(f"unknown refusal kind {kind!r}")
        value = super().__new__(cls, code)
        value.kind, value.message, value.field = kind, message, field
        return value


class Refusal(Exception):
    """A refused action. ``fields`` carries what a client may need besides the message (e.g.
    the criteria still missing a rating), by name."""

    def __init__(
        self,
        code: str,
        message: Any,
        *,
        kind: str | None = None,
        field: str | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        declared = code if isinstance(code, Code) else None
        self.kind: str = kind or (declared.kind if declared else DEFAULT_KIND)
        self.field: str | None = field or (declared.field if declared else None)
        self.fields: dict[str, Any] = fields or {}
        super().__init__(str(message))

    @property
    def status(self) -> int:
        return STATUS[self.kind]


def refuse(code: Code, message: Any = None, **fields: Any) -> Refusal:
    """The refusal of a declared ``code``, with its usual message unless ``message`` is given."""
    return Refusal(code, message if message is not None else code.message, fields=fields)


# ---- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackTo:
    """Where a page sends its user with the refusal message: a URL name and, for each of its
    arguments, the view's keyword argument that holds it."""

    url_name: str
    arguments: dict[str, str] = field(default_factory=dict)

    def response(self, view_kwargs: dict[str, Any]) -> HttpResponse:
        return redirect(
            self.url_name, **{name: view_kwargs[source] for name, source in self.arguments.items()}
        )


def back_on_refusal(url_name: str, **arguments: str) -> Callable:
    """Mark a view whose conflict or invalid refusals go back to ``url_name`` with the message
    (``@back_on_refusal("enterprise-detail", pk="enterprise_pk")``); ``RefusalMiddleware``
    answers them."""

    def mark(view: Callable) -> Callable:
        @wraps(view)
        def marked(request, *args, **kwargs):
            request.refusal_back = (BackTo(url_name, arguments), kwargs)
            return view(request, *args, **kwargs)

        return marked

    return mark


def refusal_page_response(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The one answer of a page to a refusal (see the module's table)."""
    if refusal.kind == NOT_ALLOWED:
        raise PermissionDenied(refusal.message)
    if refusal.kind == NOT_FOUND:
        raise Http404(refusal.message)
    back = getattr(request, "refusal_back", None)
    if back is not None:
        target, view_kwargs = back
        messages.error(request, refusal.message)
        return target.response(view_kwargs)
    return render(request, "refusal.html", {"refusal": refusal}, status=refusal.status)


class RefusalMiddleware:
    """Pages answer a refusal that reaches them (after the request's transaction rolled back)
    with ``refusal_page_response``. The API answers its own (``api_errors``)."""

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Refusal):
            return None
        return refusal_page_response(request, exception)


class Caught:
    """What ``refusal_shown`` caught: the refusal, or None."""

    refusal: Refusal | None = None

    @property
    def message(self) -> str | None:
        return None if self.refusal is None else str(self.refusal.message)


# What a page shows next to the user's input; who-may-not is the 403 page.
SHOWN_KINDS = (CONFLICT, INVALID)
EVERY_KIND = tuple(STATUS)


@contextmanager
def refusal_shown(kinds: tuple[str, ...] = SHOWN_KINDS) -> Iterator[Caught]:
    """For a page that shows a refusal next to what the user typed (a form error kept with
    their input): catch one of ``kinds`` (conflict or invalid unless the page says otherwise)
    into the yielded ``Caught``. Any other goes on to ``RefusalMiddleware`` (a not_allowed one
    is the 403 page)."""
    caught = Caught()
    try:
        yield caught
    except Refusal as refusal:
        if refusal.kind not in kinds:
            raise
        caught.refusal = refusal


@contextmanager
def refusal_for_form(
    form, field: str | None = None, *, kinds: tuple[str, ...] = SHOWN_KINDS
) -> Iterator[Caught]:
    """``refusal_shown`` for a Django form: the refusal's message becomes an error of ``form``
    on ``field`` (None: the whole form), so the page re-renders it with what was typed."""
    with refusal_shown(kinds) as caught:
        yield caught
    if caught.refusal is not None:
        form.add_error(field, caught.refusal.message)
