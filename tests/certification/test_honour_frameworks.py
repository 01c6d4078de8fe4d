"""The public honour list shows one framework at a time: the 2021 index by default, the
readiness index with ?framework= (its score as R); the level filter and the order stay within
the framework shown, and the picker offers only frameworks with listed certificates."""

import re

import pytest
from django.core.cache import cache

from certification.models import Certificate, HonourOptOut
from certification.services import certificate_issue

from ..factories import EnterpriseFactory, MembershipFactory
from ..readiness_appraised import CODE, LEVEL, R_TEXT, readiness_appraised, readiness_framework
from .conftest import appraised_assessment

pytestmark = pytest.mark.django_db

URL = "/vinh-danh/"


def rows_of(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-certificate="(\d+)"', html)]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the list is cached per filter; each test reads its own world
    yield
    cache.clear()


@pytest.fixture
def certificates(signer, issuer, province_officer, ministry_reviewer):
    """A 2021 certificate and a readiness one, both at level 3, of two enterprises."""
    sme = certificate_issue(
        assessment_id=appraised_assessment(
            enterprise=EnterpriseFactory(name_vi="Công ty Chỉ Số 2021"), level=LEVEL
        ).pk,
        user=issuer,
    )
    member = MembershipFactory(enterprise__name_vi="Công ty Sẵn Sàng Số")
    assessment = readiness_appraised(
        member.enterprise, member.user, province_officer, ministry_reviewer
    )
    readiness = certificate_issue(assessment_id=assessment.pk, user=issuer)
    assert (sme.overall_level, readiness.overall_level) == (LEVEL, LEVEL)
    return {"sme": sme, "readiness": readiness}


def test_the_2021_index_is_listed_by_default_and_alone(client, certificates):
    html = client.get(URL).content.decode()

    assert rows_of(html) == [certificates["sme"].pk]
    assert certificates["readiness"].enterprise_name not in html
    assert certificates["sme"].framework_name_vi in html
    assert f"{certificates['sme'].total_points}/{certificates['sme'].max_points}" in html
    assert f'<option value="{CODE}">' in html  # the picker offers the readiness index


def test_the_readiness_index_lists_its_own_with_r(client, certificates):
    html = client.get(URL, {"framework": CODE}).content.decode()

    assert rows_of(html) == [certificates["readiness"].pk]
    assert certificates["sme"].enterprise_name not in html
    assert certificates["readiness"].framework_name_vi in html
    assert "Điểm sẵn sàng (R)" in html
    assert f'<td data-figure="total">R = {R_TEXT}</td>' in html
    assert "/320" not in html
    assert f'<option value="{CODE}" selected>' in html


def test_the_level_filter_stays_within_the_framework(client, certificates):
    default = client.get(URL, {"level": LEVEL}).content.decode()
    readiness = client.get(URL, {"level": LEVEL, "framework": CODE}).content.decode()

    assert rows_of(default) == [certificates["sme"].pk]
    assert rows_of(readiness) == [certificates["readiness"].pk]


def test_only_the_framework_with_listed_certificates_is_offered(
    client, signer, issuer, province_officer, ministry_reviewer
):
    readiness_framework()
    member = MembershipFactory(enterprise__name_vi="Công ty Sẵn Sàng Số")
    assessment = readiness_appraised(
        member.enterprise, member.user, province_officer, ministry_reviewer
    )
    readiness = certificate_issue(assessment_id=assessment.pk, user=issuer)

    html = client.get(URL).content.decode()

    # The only framework with listed certificates is the one shown; no picker to offer the
    # 2021 index, which lists nobody.
    assert rows_of(html) == [readiness.pk]
    assert 'name="framework"' not in html
    assert "Điểm sẵn sàng (R)" in html


def test_an_opted_out_enterprise_does_not_bring_its_framework_to_the_picker(
    client, certificates, issuer
):
    readiness = certificates["readiness"]
    HonourOptOut.objects.create(enterprise=readiness.enterprise, decided_by=issuer)

    html = client.get(URL).content.decode()

    assert rows_of(html) == [certificates["sme"].pk]
    assert f'<option value="{CODE}"' not in html


def test_the_list_reads_in_constant_queries(client, certificates, django_assert_max_num_queries):
    # The frameworks with listed certificates, the page with its enterprises, the provinces.
    with django_assert_max_num_queries(3):
        client.get(URL, {"framework": CODE})


def test_a_large_index_certificate_shows_its_percent(client, signer, issuer):
    """A certificate frozen with the large index's method (as a large assessment's would be:
    tests/assessments/test_large_index_assessment.py) shows the percent, not points or R."""
    from assessments.scoring import DEPARTMENT_MEANS_2023

    from ..assessments.large_index import LARGE, load_large_index

    load_large_index()
    certificate = certificate_issue(assessment_id=appraised_assessment(level=4).pk, user=issuer)
    Certificate.objects.filter(pk=certificate.pk).update(
        framework_code=LARGE, scoring_method=DEPARTMENT_MEANS_2023, total_points=7500, max_points=0
    )

    html = client.get(URL, {"framework": LARGE}).content.decode()

    assert rows_of(html) == [certificate.pk]
    assert "Tỷ lệ chuyển đổi" in html
    assert '<td data-figure="total">75 %</td>' in html
    assert 'name="framework"' not in html  # the only framework with listed certificates


def test_the_rankings_link_keeps_the_framework_chosen(client, certificates):
    html = client.get("/vinh-danh/", {"framework": CODE}).content.decode()

    assert f'href="/reports/rankings/?framework={CODE}" data-testid="rankings-link"' in html
    rankings = client.get(f"/reports/rankings/?framework={CODE}").content.decode()
    assert "theo tổng điểm" not in rankings
