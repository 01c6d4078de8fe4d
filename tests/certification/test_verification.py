"""The verification code is an HMAC over the frozen content: the public page shows each status
with the certified facts, and says plainly (404) when a code is unknown or a record no longer
matches its code."""

import pytest
from django.utils import timezone

from certification.models import Certificate
from certification.selectors import Verdict, certificate_verify
from certification.services import certificate_issue, certificate_revoke
from certification.verification import grouped, verification_code, verification_url

from .conftest import backdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(appraised, issuer):
    return certificate_issue(assessment_id=appraised.pk, user=issuer)


def url(code: str) -> str:
    return f"/chung-nhan/{code}/"


def test_the_code_is_16_base32_characters_bound_to_the_content(certificate):
    assert len(certificate.verification_code) == 16
    assert set(certificate.verification_code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    certificate.overall_level = 4
    assert verification_code(certificate) != certificate.verification_code


def test_the_code_depends_on_the_server_key(certificate, settings):
    settings.DBI_CERTIFICATE_HMAC_KEY = "another key entirely, 50 characters long or so....."
    assert verification_code(certificate) != certificate.verification_code


def test_the_qr_address_is_absolute(certificate, settings):
    settings.DBI_SITE_URL = "https://dbi.example.vn/"
    assert verification_url(certificate.verification_code) == (
        f"https://dbi.example.vn/chung-nhan/{certificate.verification_code}/"
    )


def test_a_valid_certificate_shows_its_facts_to_anyone(client, certificate):
    response = client.get(url(certificate.verification_code))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in html
    assert "Chứng nhận còn hiệu lực." in html
    assert "Công ty Cổ phần Đồng Tháp Xanh" in html
    assert certificate.tax_code in html
    assert "Mức 3 – Hình thành" in html
    assert "192/320 điểm" in html
    assert "Nguyễn Thị Ánh Tuyết" in html
    assert "Bộ Khoa học và Công nghệ" in html
    assert grouped(certificate.verification_code) in html


def test_the_code_may_be_typed_grouped_and_in_lower_case(client, certificate):
    response = client.get(url(grouped(certificate.verification_code).lower()))

    assert response.status_code == 200


def test_an_expired_certificate_says_so(client, certificate):
    backdate(certificate, days=366)

    html = client.get(url(certificate.verification_code)).content.decode()

    assert "Chứng nhận đã hết hiệu lực." in html


def test_a_revoked_certificate_shows_the_reason_and_date(client, certificate, issuer):
    certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="Minh chứng không đúng")

    html = client.get(url(certificate.verification_code)).content.decode()

    assert 'data-status="revoked"' in html
    assert "Chứng nhận đã bị thu hồi." in html
    assert "Minh chứng không đúng" in html
    assert f"Thu hồi ngày {timezone.localdate():%d/%m/%Y}" in html


def test_a_replaced_certificate_points_to_its_successor(client, certificate, issuer):
    successor = certificate_issue(assessment_id=certificate.assessment_id, user=issuer)

    html = client.get(url(certificate.verification_code)).content.decode()

    assert "Chứng nhận đã được thay thế bằng chứng nhận mới." in html
    assert url(successor.verification_code) in html


def test_an_unknown_code_is_a_friendly_404(client, certificate):
    altered = certificate.verification_code[:-1] + (
        "A" if certificate.verification_code[-1] != "A" else "B"
    )

    response = client.get(url(altered))

    assert response.status_code == 404
    assert "Không tìm thấy chứng nhận" in response.content.decode()
    assert certificate_verify(code=altered).verdict == Verdict.UNKNOWN


def test_rubbish_is_unknown_too(client, sme_framework):
    response = client.get(url("not-a-code<script>"))

    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("enterprise_name", "Công ty Giả Mạo"), ("overall_level", 5), ("valid_until", "2099-12-31")],
)
def test_a_record_altered_after_issue_no_longer_verifies(client, certificate, field, value):
    Certificate.objects.filter(pk=certificate.pk).update(**{field: value})

    response = client.get(url(certificate.verification_code))

    html = response.content.decode()
    assert response.status_code == 404
    assert "Dữ liệu chứng nhận không khớp với mã xác minh" in html
    assert "Công ty Giả Mạo" not in html
    assert certificate_verify(code=certificate.verification_code).verdict == Verdict.TAMPERED


def test_the_page_costs_one_lookup(client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the lookup, within the request savepoint
        client.get(url(certificate.verification_code))
