"""Shared fixtures: the real catalog in the test database, and Debian's Chromium for Playwright."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from assessments.catalog import fixture_path, read_definition
from assessments.services import framework_load, version_load
from assessments.versions import version_paths
from dbi_portal.celery import app as celery_app
from enterprises.models import Province
from enterprises.services import divisions_load

# live_server + Playwright run Django code from an event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SME = "dbi-sme-2021"

# The shared cast: owner, staff, consultant, officers, reviewer, assessments (tests/cast.py).
pytest_plugins = ["tests.cast"]


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Tasks run in-process in tests, even with REDIS_URL set; the worker tests opt out."""
    eager = request.node.get_closest_marker("worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    # Uploaded files (imports, evidence) go to a throwaway folder, not the working tree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def staff_second_factor_off(settings):
    """Most tests sign staff in with client.force_login, which passes no second factor; the rule
    that staff must pass one (enterprises/second_factor.py) is off for them and on, with the
    real login wizard and TOTP codes, in tests/enterprises/test_two_factor.py and
    tests/e2e/test_two_factor_browser.py (fixture ``second_factor_on``)."""
    settings.DBI_REQUIRE_STAFF_2FA = False


@pytest.fixture
def second_factor_on(staff_second_factor_off, settings):
    settings.DBI_REQUIRE_STAFF_2FA = True


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the public lists' rendered pages and the API
    throttles' counts live there (local memory, shared by the whole test process)."""
    cache.clear()


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in the default language; LocaleMiddleware leaves a request's language
    active on the thread, so an English request must not leak into the next test."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(scope="session")
def sme_definition() -> dict:
    return read_definition(fixture_path(SME))


def load_sme_catalog(definition: dict):
    """The framework and every version of its questions, as ``manage.py load_catalog`` loads
    them (the national form's version is the current one)."""
    framework = framework_load(definition=definition).framework
    for path in version_paths(SME):
        version_load(definition=read_definition(path), framework_definition=definition)
    return framework


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, sme_definition):
    """Load the places and the catalog once; tests roll back around them."""
    with django_db_blocker.unblock():
        divisions_load()
        load_sme_catalog(sme_definition)


@pytest.fixture
def sme_framework(db, sme_definition):
    """The loaded SME framework and the places (reloaded if a transactional test, such as a
    browser test, flushed the database)."""
    if not Province.objects.exists():
        divisions_load()
    return load_sme_catalog(sme_definition)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser; no background calls on a closed network.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
