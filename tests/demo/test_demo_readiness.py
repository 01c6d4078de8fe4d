"""manage.py seed_demo, with the readiness index loaded, leaves dn02's enterprise (Phú Thọ) with
a readiness assessment appraised by the ministry (R = 2,85, level 3) and its certificate, so the
framework's dashboard, the public verification page and the certificate PDF show a result; a
second run adds nothing, and without the framework there is none."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Column, ColumnResult
from certification.models import Certificate
from certification.verification import verification_url
from enterprises.models import Enterprise, Membership, User

from ..assessments.frameworks_2023 import load_quietly
from ..readiness_appraised import CODE, LEVEL, LEVEL_NAME, R_MILLI, R_TEXT
from ..reports.test_rankings import ranked
from ..reports.test_views import figure, province_url, table_rows

pytestmark = pytest.mark.django_db


def test_without_the_readiness_index_the_demo_has_no_readiness_assessment(settings):
    # First in the module: it runs before the module's seeding loads the index.
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    assert not Assessment.objects.filter(framework__code=CODE).exists()
    assert not Certificate.objects.filter(framework_code=CODE).exists()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Load the readiness index and seed once for the module, inside a transaction rolled back
    at its end (as tests/demo/test_demo_assessments.py does, and for the same reasons)."""
    rollback_block = transaction.atomic()
    rollback_block._from_testcase = True  # type: ignore[attr-defined]
    with django_db_blocker.unblock(), rollback_block, override_settings(DEBUG=True):
        load_quietly(CODE)
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, settings) -> str:
    settings.DEBUG = True
    return seeded_once


def _enterprise() -> Enterprise:
    return Membership.objects.get(user__email="dn02@dbi.local").enterprise


def _appraised() -> Assessment:
    return Assessment.objects.get(
        enterprise=_enterprise(), framework__code=CODE, state=Assessment.State.APPRAISED
    )


def test_dn02s_readiness_assessment_is_appraised_at_r_2_85(seeded):
    assessment = _appraised()
    ministry = ColumnResult.objects.get(assessment=assessment, column=Column.MINISTRY)

    assert assessment.period == timezone.localdate().year
    assert assessment.enterprise.province.code == 25
    assert (ministry.total, ministry.level) == (R_MILLI, LEVEL)
    # Printed with the other demo assessments.
    name = assessment.enterprise.name
    assert f"{name} (Phú Thọ), {assessment.period}, {CODE}: Đã thẩm định · dn02@dbi.local" in (
        seeded
    )


def test_it_has_a_valid_certificate_that_verifies_and_downloads(seeded, client):
    certificate = Certificate.objects.get(assessment=_appraised())

    assert certificate.status == Certificate.Status.VALID
    assert certificate.framework_code == CODE
    assert certificate.issued_by.email == "bo.thamdinh@dbi.local"
    assert f"{certificate.number} {certificate.enterprise_name}: " in seeded
    page = client.get(urlsplit(verification_url(certificate.verification_code)).path)
    assert page.status_code == 200
    assert 'data-status="valid"' in page.content.decode()
    assert certificate.number in page.content.decode()
    client.force_login(User.objects.get(email="dn02@dbi.local"))
    pdf = client.get(f"/certificates/{certificate.pk}/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_the_phu_tho_dashboard_of_the_readiness_index_counts_it(seeded, client):
    # Staff need their second factor at login only; force_login stands for a completed login.
    client.force_login(User.objects.get(email="so.phutho@dbi.local"))

    html = client.get(province_url(25), {"framework": CODE}).content.decode()

    assert figure(html, "assessed") == "1"
    assert table_rows(html, "levels")[str(LEVEL)][1] == LEVEL_NAME
    assert table_rows(html, "levels")[str(LEVEL)][2] == "1"
    assert figure(html, "average-score") == R_TEXT


def test_the_readiness_rankings_list_it(seeded, client):
    html = client.get(reverse("rankings"), {"framework": CODE}).content.decode()

    assert ranked(html) == [("1", _enterprise().name_vi)]
    assert f'<td data-figure="total">{R_TEXT}</td>' in html


def test_seeding_again_adds_no_readiness_assessment_or_certificate(seeded):
    counts = (Assessment.objects.count(), Certificate.objects.count())

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert (Assessment.objects.count(), Certificate.objects.count()) == counts
    assert "0 hồ sơ đánh giá mới" in out.getvalue()
