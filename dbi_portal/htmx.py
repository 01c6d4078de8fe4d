"""The request of a view that reads ``request.htmx`` (set by django-htmx's middleware), for the
type checker: ``def view(request: HtmxHttpRequest)`` (django-htmx's documented pattern)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
