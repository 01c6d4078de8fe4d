"""The portal's URLs and one test-only page that answers slowly and writes to the database
when it finally does (as an import's upload does on a loaded machine)."""

import time

from django.http import HttpRequest, HttpResponse
from django.urls import path

from dbi_portal.urls import urlpatterns as portal_urlpatterns
from enterprises.models import User

LATE_EMAIL = "tre.e2e@example.vn"


def slow(request: HttpRequest) -> HttpResponse:
    time.sleep(float(request.GET.get("seconds", "3")))
    User.objects.create_user(email=LATE_EMAIL, password=None)
    return HttpResponse("xong")


urlpatterns = [path("e2e/slow/", slow), *portal_urlpatterns]
