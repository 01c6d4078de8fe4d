"""Public search by certificate number or tax code, and the honour list of certified
enterprises (valid certificates only, latest per enterprise, opt-out respected, filters)."""

import pytest

from certification.models import HonourOptOut
from certification.services import certificate_issue, certificate_revoke
from enterprises.models import Province

from ..factories import EnterpriseFactory
from .conftest import appraised_assessment, backdate

pytestmark = pytest.mark.django_db


def issue(issuer, **kwargs):
    return certificate_issue(assessment_id=appraised_assessment(**kwargs).pk, user=issuer)


def test_search_finds_a_certificate_by_number(client, signer, issuer):
    wanted, other = issue(issuer), issue(issuer)

    html = client.get("/chung-nhan/", {"number": wanted.number.lower()}).content.decode()

    assert f"/chung-nhan/{wanted.verification_code}/" in html
    assert other.number not in html


def test_search_finds_every_certificate_of_a_tax_code(client, signer, issuer):
    enterprise = EnterpriseFactory()
    old = issue(issuer, enterprise=enterprise, period=2025)
    new = issue(issuer, enterprise=enterprise, period=2026)
    stranger = issue(issuer)

    html = client.get("/chung-nhan/", {"tax_code": f" {enterprise.tax_code} "}).content.decode()

    assert old.number in html
    assert new.number in html
    assert stranger.number not in html


def test_search_without_terms_lists_nothing(client, signer, issuer):
    certificate = issue(issuer)

    html = client.get("/chung-nhan/").content.decode()

    assert certificate.number not in html
    assert "Không tìm thấy chứng nhận nào." not in html


def test_search_says_when_nothing_matches(client, sme_framework):
    html = client.get("/chung-nhan/", {"number": "DBI-2026-424242"}).content.decode()

    assert "Không tìm thấy chứng nhận nào." in html


def test_search_is_paginated_in_constant_queries(
    client, signer, issuer, django_assert_max_num_queries
):
    enterprise = EnterpriseFactory()
    for period in range(2021, 2027):
        assessment = appraised_assessment(enterprise=enterprise, period=period)
        for _ in range(4):  # re-issued: every certificate stays on record
            certificate_issue(assessment_id=assessment.pk, user=issuer)

    with django_assert_max_num_queries(4):
        html = client.get("/chung-nhan/", {"tax_code": enterprise.tax_code}).content.decode()

    assert html.count("/chung-nhan/") >= 20
    assert "Trang 1/2" in html


def test_the_honour_list_shows_valid_certificates_only(client, signer, issuer):
    listed = issue(issuer)
    revoked = issue(issuer)
    certificate_revoke(certificate_id=revoked.pk, user=issuer, reason="Sai")
    expired = backdate(issue(issuer), days=400)

    html = client.get("/vinh-danh/").content.decode()

    assert listed.enterprise_name in html
    assert revoked.enterprise_name not in html
    assert expired.enterprise_name not in html


def test_an_enterprise_appears_once_with_its_latest_certificate(client, signer, issuer):
    enterprise = EnterpriseFactory(name_vi="Hợp tác xã Bưởi Năm Roi")
    issue(issuer, enterprise=enterprise, period=2025, level=2)
    latest = issue(issuer, enterprise=enterprise, period=2026, level=3)

    html = client.get("/vinh-danh/").content.decode()

    assert html.count("Hợp tác xã Bưởi Năm Roi") == 1
    assert f"/chung-nhan/{latest.verification_code}/" in html


def test_an_enterprise_that_opted_out_is_not_listed(client, signer, issuer, owner):
    certificate = issue(issuer, enterprise=owner.enterprise)
    HonourOptOut.objects.create(enterprise=owner.enterprise, decided_by=owner.user)

    html = client.get("/vinh-danh/").content.decode()

    assert certificate.enterprise_name not in html
    # …but its certificate still verifies.
    assert client.get(f"/chung-nhan/{certificate.verification_code}/").status_code == 200


def test_the_honour_list_filters_by_level_province_and_sector(client, signer, issuer):
    hanoi = Province.objects.get(code=1)
    a = issue(issuer, enterprise=EnterpriseFactory(sector_section="C"), level=3)
    b = issue(issuer, enterprise=EnterpriseFactory(sector_section="J"), level=2)
    c = issue(issuer, enterprise=EnterpriseFactory(sector_section="J", province=hanoi), level=3)

    def names(**params) -> set[str]:
        html = client.get("/vinh-danh/", params).content.decode()
        return {x.enterprise_name for x in (a, b, c) if x.enterprise_name in html}

    assert names() == {a.enterprise_name, b.enterprise_name, c.enterprise_name}
    assert names(level=3) == {a.enterprise_name, c.enterprise_name}
    assert names(province=hanoi.pk) == {c.enterprise_name}
    assert names(sector="J") == {b.enterprise_name, c.enterprise_name}
    assert names(sector="J", level=2) == {b.enterprise_name}
    assert names(level="rubbish") == {a.enterprise_name, b.enterprise_name, c.enterprise_name}


def test_the_honour_list_is_paginated_in_constant_queries(
    client, signer, issuer, django_assert_max_num_queries
):
    for _ in range(25):
        issue(issuer)

    with django_assert_max_num_queries(5):
        html = client.get("/vinh-danh/").content.decode()

    assert html.count('data-level="3"') == 20
    assert "Trang 1/2" in html
