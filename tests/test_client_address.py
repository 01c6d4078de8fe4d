"""The client address behind trusted proxies, for the public API throttles and the login lockout.

Expectations, by hand (``DBI_TRUSTED_PROXY_COUNT`` feeds DRF's ``NUM_PROXIES``, and django-axes
takes the same address through ``AXES_CLIENT_IP_CALLABLE``):

* count 0 (the default, no proxy): the address is REMOTE_ADDR. X-Forwarded-For is written by
  the client, so a new value per request must not buy a new allowance: with a rate of 2/min the
  third request is 429 whatever the header says, and five wrong passwords lock the login
  (AXES_FAILURE_LIMIT = 5) even if each came with another header;
* count 1 (one proxy, REMOTE_ADDR is the proxy for everyone): the proxy appends the address it
  saw to the right of X-Forwarded-For, so that entry is the client. Two clients behind the same
  proxy are counted apart (one locked out or throttled, the other not), and whatever a client
  writes on the left of the header is ignored.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from certification.models import Signer
from certification.services import certificate_issue

from .certification.conftest import appraised_assessment
from .factories import MinistryReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy: REMOTE_ADDR of every request it forwards
SCORE_URL = "/api/v1/frameworks/dbi-sme-2021/score/"
PASSWORD = "correct horse battery staple"  # UserFactory's


@pytest.fixture(autouse=True)
def low_rates(settings):
    """The real throttles at 2 requests a minute; counts live in the cache, start clean."""
    cache.clear()
    rates = {"score": "2/min", "certificates": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    yield
    cache.clear()


@pytest.fixture
def proxies(settings):
    """``proxies(n)``: n trusted proxies in front of the app, as DBI_TRUSTED_PROXY_COUNT=n sets."""

    def set_count(count: int) -> None:
        settings.DBI_TRUSTED_PROXY_COUNT = count
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return set_count


@pytest.fixture
def verify_url(sme_framework):
    Signer.objects.create(
        full_name="Nguyễn Thị Ánh Tuyết", title="Thứ trưởng", valid_from=datetime.date(2025, 3, 1)
    )
    issuer = MinistryReviewerFactory(can_issue=True).user
    certificate = certificate_issue(assessment_id=appraised_assessment().pk, user=issuer)
    return f"/api/v1/certificates/verify/{certificate.verification_code}/"


def score(client, **headers):
    body = json.dumps({"levels": {}})
    return client.post(SCORE_URL, data=body, content_type="application/json", **headers)


def login(client, password: str, **headers):
    data = {"username": "binh@example.vn", "password": password}
    return client.post("/accounts/login/", data, **headers)


def xff(value: str, remote: str = "127.0.0.1") -> dict:
    return {"HTTP_X_FORWARDED_FOR": value, "REMOTE_ADDR": remote}


def test_one_setting_feeds_the_throttles_and_the_lockout():
    assert django_settings.DBI_TRUSTED_PROXY_COUNT == 0
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "dbi_portal.client_address.client_address"


# --- no proxy: X-Forwarded-For is ignored --------------------------------------------------------


def test_rotating_forwarded_for_does_not_escape_the_score_throttle(client, sme_framework):
    statuses = [score(client, **xff(f"203.0.113.{i}")).status_code for i in range(1, 4)]

    assert 429 not in statuses[:2]
    assert statuses[2] == 429


def test_rotating_forwarded_for_does_not_escape_the_verify_throttle(client, verify_url):
    statuses = [client.get(verify_url, **xff(f"203.0.113.{i}")).status_code for i in range(1, 4)]

    assert statuses == [200, 200, 429]


def test_rotating_forwarded_for_does_not_escape_the_login_lockout(client):
    UserFactory(email="binh@example.vn")
    for i in range(5):
        login(client, "wrong password", **xff(f"203.0.113.{i}"))

    response = login(client, PASSWORD, **xff("198.51.100.7"))

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


# --- one proxy: the right-most entry is the client ------------------------------------------------


def test_two_clients_behind_one_proxy_are_throttled_apart(client, proxies, verify_url):
    proxies(1)
    first = [client.get(verify_url, **xff("203.0.113.1", PROXY)).status_code for _ in range(3)]

    second = client.get(verify_url, **xff("198.51.100.7", PROXY))

    assert first == [200, 200, 429]
    assert second.status_code == 200


def test_two_clients_behind_one_proxy_share_no_score_allowance(client, proxies, sme_framework):
    proxies(1)
    first = [score(client, **xff("203.0.113.1", PROXY)).status_code for _ in range(3)]

    second = score(client, **xff("198.51.100.7", PROXY))

    assert first[2] == 429
    assert second.status_code != 429


def test_a_spoofed_left_entry_does_not_escape_the_throttle(client, proxies, verify_url):
    proxies(1)
    statuses = [
        client.get(verify_url, **xff(f"192.0.2.{i}, 203.0.113.1", PROXY)).status_code
        for i in range(1, 4)
    ]

    assert statuses == [200, 200, 429]


def test_a_lockout_behind_the_proxy_locks_one_client_not_everyone(client, proxies):
    proxies(1)
    UserFactory(email="binh@example.vn")
    for _ in range(5):
        login(client, "wrong password", **xff("203.0.113.1", PROXY))

    locked = login(client, PASSWORD, **xff("203.0.113.1", PROXY))
    elsewhere = login(client, PASSWORD, **xff("198.51.100.7", PROXY))

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert elsewhere["Location"] == "/me/"


def test_a_spoofed_left_entry_does_not_escape_the_lockout(client, proxies):
    proxies(1)
    UserFactory(email="binh@example.vn")
    for i in range(5):
        login(client, "wrong password", **xff(f"192.0.2.{i}, 203.0.113.1", PROXY))

    response = login(client, PASSWORD, **xff("192.0.2.99, 203.0.113.1", PROXY))

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
