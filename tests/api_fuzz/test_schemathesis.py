"""Schemathesis against the served OpenAPI schema, in process (the WSGI app, the test database
with the demo data), anonymously and signed in: no 5xx, no status code the schema does not list,
no body or content type the schema does not describe.

Run alone with ``pytest -m schemathesis`` (a few minutes); deterministic (fixed seed, no example
database), so a failure found in CI is found again locally. Unsafe operations (POST, PUT) run too:
they change only the rolled-back test database.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assessments.models import Assessment, Criterion, Evidence
from certification.models import Certificate
from demo.seed import demo_seed
from enterprises.models import Enterprise, User
from enterprises.second_factor import needs_second_factor

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

MAX_EXAMPLES = 60  # per operation and phase; the coverage phase adds its own boundary cases
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

CONFIG = {
    "seed": 20260110,
    "generation": {
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        "database": "none",
        # Signed-in runs send the session cookie themselves; anonymous runs send none.
        "with-security-parameters": False,
    },
    "phases": {"stateful": {"enabled": False}},
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
}


@pytest.fixture(autouse=True)
def node_id_for_schemathesis(request):
    """Schemathesis 4.32's lazy schemas read ``node._nodeid``, which pytest 9.2 no longer has."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@contextmanager
def connection_kept():
    """Requests through the real WSGI handler, minus what closes the database connection at
    their end (it would end the test's transaction; Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def wsgi_app():
    return WSGIHandler()


@pytest.fixture
def api_schema(demo_portal, wsgi_app):
    config = SchemathesisConfig.from_dict(CONFIG)
    with connection_kept():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, config=config)


@pytest.fixture
def demo_portal(db, sme_framework, settings):
    """The demo data (every role, assessments in every state, certificates, evidence), the
    second factor required for staff as in production, throttles that do not stop the run.
    Returns the real values of each path parameter, by the path it appears in."""
    # Thousands of 4xx answers are the point, not news: only errors are logged.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    settings.DBI_REQUIRE_STAFF_2FA = True
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    demo_seed()
    return {
        ("/api/v1/assessments/{id}", "id"): list(Assessment.objects.values_list("pk", flat=True)),
        ("/api/v1/enterprises/{id}", "id"): list(Enterprise.objects.values_list("pk", flat=True)),
        ("/api/v1/certificates/{id}", "id"): list(Certificate.objects.values_list("pk", flat=True)),
        ("/api/v1/evidence/{id}", "id"): list(Evidence.objects.values_list("pk", flat=True)),
        ("/api/v1/certificates/verify/{code}", "code"): list(
            Certificate.objects.values_list("verification_code", flat=True)
        ),
        ("/api/v1/frameworks/{code}", "code"): [sme_framework.code],
        ("/api/v1/assessments/{id}/ratings/{code}", "code"): list(
            Criterion.objects.filter(framework=sme_framework).values_list("code", flat=True)
        ),
    }


def signed_in(email: str) -> dict:
    """The cookies and CSRF header of a signed-in browser session; a staff session has passed its
    second factor (its device recorded in the session, as django_otp.login does)."""
    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    if needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="fuzz", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    token = _get_new_csrf_string()
    cookies = {
        django_settings.SESSION_COOKIE_NAME: client.cookies[
            django_settings.SESSION_COOKIE_NAME
        ].value,
        django_settings.CSRF_COOKIE_NAME: token,
    }
    # The fuzzing is only worth it if the session is taken: not 403 for a missing second factor.
    assert client.get("/api/v1/assessments/").status_code == 200
    return {"cookies": cookies, "headers": {"X-CSRFToken": token}}


def existing_values(case, demo_portal) -> None:
    """Point many of the generated path parameters at demo rows, so that the operations also run
    on real assessments, enterprises, certificates, files and criteria (ids grow across runs on
    PostgreSQL, and a random id or code is seldom one). Deterministic: a positive id up to a
    million becomes the n-th real one; every other string code becomes a real one; the rest
    (0, negative, huge, odd strings, other types) is sent as generated."""
    for (prefix, name), values in demo_portal.items():
        value = (case.path_parameters or {}).get(name)
        if not values or not case.path.startswith(prefix) or value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 10**6:
            case.path_parameters[name] = values[value % len(values)]
        elif isinstance(value, str) and len(value) % 2 == 0:
            case.path_parameters[name] = values[len(value) % len(values)]


def run(case, demo_portal, auth=None):
    existing_values(case, demo_portal)
    cache.clear()  # the public throttles: every case is answered, not refused with 429
    with connection_kept():
        case.call_and_validate(checks=CHECKS, **(auth or {}))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_api_anonymous(case, demo_portal):
    run(case, demo_portal)


@pytest.fixture
def ministry_reviewer(demo_portal):
    return signed_in("bo.thamdinh@dbi.local")


@pytest.fixture
def province_officer(demo_portal):
    return signed_in("so.vinhlong@dbi.local")


@pytest.fixture
def enterprise_owner(demo_portal):
    return signed_in("dn.chu@dbi.local")


@schema.parametrize()
def test_api_as_ministry_reviewer(case, demo_portal, ministry_reviewer):
    run(case, demo_portal, ministry_reviewer)


@schema.parametrize()
def test_api_as_province_officer(case, demo_portal, province_officer):
    run(case, demo_portal, province_officer)


@schema.parametrize()
def test_api_as_enterprise_owner(case, demo_portal, enterprise_owner):
    run(case, demo_portal, enterprise_owner)
