"""Production start-up: the settings refuse what would silently run wrong, and the static files
collect with the production storage (a missing file there made every page answer 500)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "test-" + "k" * 60,
    "DJANGO_ALLOWED_HOSTS": "dbi.example.vn",
    "DBI_SITE_URL": "https://dbi.example.vn",
}


def _manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    if args[0] == "shell":
        # Quiet: only what the command prints, not the shell's list of imported models.
        args = ("shell", "--no-imports", *args[1:])
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DBI_", "CELERY_"))
    }
    environment.update(PRODUCTION)
    environment.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_production_settings_start():
    result = _manage("check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("typo", ["Ture", "2"])
def test_a_misspelt_debug_flag_stops_the_start_instead_of_reading_as_false(typo):
    result = _manage("check", DJANGO_DEBUG=typo)
    assert result.returncode != 0
    assert f"DJANGO_DEBUG='{typo}' is not a yes/no value" in result.stderr


def test_a_misspelt_celery_flag_stops_the_start():
    result = _manage("check", CELERY_TASK_ALWAYS_EAGER="treu")
    assert result.returncode != 0
    assert "CELERY_TASK_ALWAYS_EAGER='treu'" in result.stderr


@pytest.mark.parametrize("word", ["FALSE", "Off"])
def test_every_spelling_of_false_is_production(word):
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", DJANGO_DEBUG=word
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_needs_the_site_address_printed_on_certificates():
    result = _manage("check", DBI_SITE_URL="")
    assert result.returncode != 0
    assert "DBI_SITE_URL must be set in production" in result.stderr


def test_the_site_address_must_be_a_web_address():
    result = _manage("check", DBI_SITE_URL="dbi.example.vn")
    assert result.returncode != 0
    assert "must start with https://" in result.stderr


def test_development_keeps_a_local_site_address():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DBI_SITE_URL)",
        DJANGO_DEBUG="true",
        DBI_SITE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_database_connections_persist_with_health_checks_by_default():
    result = _manage(
        "shell",
        "-c",
        "from django.db import connection as c; "
        "print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])",
    )
    assert result.returncode == 0, result.stderr
    max_age, health_checks = result.stdout.split()
    assert int(max_age) > 0
    assert health_checks == "True"


def test_static_files_collect_with_the_production_storage(tmp_path):
    result = _manage("collectstatic", "--noinput", DJANGO_STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/chart.umd.min.js" in manifest
    assert "vendor/htmx.min.js" in manifest
