"""The certificate panel of an assessment: everyone who may see the assessment sees its
certificates; only ministry issuers issue and revoke (403 for the other roles, 404 for
strangers); members choose whether the enterprise appears on the honour list."""

import datetime

import pytest

from certification.models import Certificate, HonourOptOut
from certification.services import certificate_issue

pytestmark = pytest.mark.django_db

VIEWERS = ["member", "consultant", "officer", "appraiser"]


def panel(assessment) -> str:
    return f"/assessments/{assessment.pk}/certificate/"


def issue_url(assessment) -> str:
    return f"/assessments/{assessment.pk}/certificate/issue/"


def revoke_url(certificate) -> str:
    return f"/certificates/{certificate.pk}/revoke/"


def test_an_issuer_issues_from_the_panel(client, appraised, issuer):
    client.force_login(issuer)
    assert 'data-testid="issue"' in client.get(panel(appraised)).content.decode()

    response = client.post(issue_url(appraised), follow=True)

    certificate = Certificate.objects.get(assessment=appraised)
    html = response.content.decode()
    assert f"Đã cấp chứng nhận số {certificate.number}." in html
    assert f"/certificates/{certificate.pk}/pdf/" in html
    assert "Cấp lại chứng nhận" in html


def test_the_assessment_page_links_to_the_panel(client, appraised, people):
    client.force_login(people["member"])

    html = client.get(f"/assessments/{appraised.pk}/").content.decode()

    assert f'href="{panel(appraised)}"' in html


def test_a_refusal_is_shown_on_the_panel(client, signer, issuer):
    from .conftest import appraised_assessment

    partial = appraised_assessment(skip=1)
    client.force_login(issuer)

    html = client.post(issue_url(partial), follow=True).content.decode()

    assert "59/60" in html
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("role", VIEWERS)
def test_those_who_see_the_assessment_see_its_certificate(client, appraised, issuer, people, role):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    client.force_login(people[role])

    html = client.get(panel(appraised)).content.decode()

    assert certificate.number in html
    assert 'data-testid="issue"' not in html
    assert "Thu hồi chứng nhận" not in html


@pytest.mark.parametrize("role", VIEWERS)
def test_other_roles_may_not_issue(client, appraised, people, role):
    client.force_login(people[role])

    assert client.post(issue_url(appraised)).status_code == 403
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("role", VIEWERS)
def test_other_roles_may_not_revoke(client, appraised, issuer, people, role):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    client.force_login(people[role])

    assert client.post(revoke_url(certificate), {"reason": "Sai"}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_strangers_get_404_everywhere(client, appraised, issuer, people):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    client.force_login(people["stranger"])

    assert client.get(panel(appraised)).status_code == 404
    assert client.post(issue_url(appraised)).status_code == 404
    assert client.post(revoke_url(certificate), {"reason": "Sai"}).status_code == 404
    assert client.get(f"/certificates/{certificate.pk}/pdf/").status_code == 404
    assert client.post(f"/enterprises/{appraised.enterprise_id}/honour/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, appraised):
    response = client.get(panel(appraised))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_revoking_without_a_reason_keeps_the_form(client, appraised, issuer):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    client.force_login(issuer)

    response = client.post(revoke_url(certificate), {"reason": "  "})

    assert response.status_code == 400
    assert "Cần ghi lý do thu hồi." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_revoking_with_a_reason_shows_it_in_the_history(client, appraised, issuer):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    client.force_login(issuer)

    response = client.post(revoke_url(certificate), {"reason": "Sai số liệu"}, follow=True)

    html = response.content.decode()
    assert f'data-number="{certificate.number}" data-status="revoked"' in html
    assert "Sai số liệu" in html
    assert "Hồ sơ này chưa có chứng nhận còn hiệu lực." in html


def test_the_panel_lists_the_history_in_constant_queries(
    client, appraised, issuer, django_assert_max_num_queries
):
    for _ in range(4):
        certificate_issue(assessment_id=appraised.pk, user=issuer)
    client.force_login(issuer)

    with django_assert_max_num_queries(10):
        html = client.get(panel(appraised)).content.decode()

    assert html.count('data-status="replaced"') == 3


def test_a_member_opts_out_of_the_honour_list_and_back(client, appraised, owner):
    client.force_login(owner.user)
    enterprise = appraised.enterprise

    client.post(
        f"/enterprises/{enterprise.pk}/honour/", {"listed": "no", "assessment": appraised.pk}
    )
    assert HonourOptOut.objects.filter(enterprise=enterprise).exists()
    html = client.get(panel(appraised)).content.decode()
    assert "Hiện doanh nghiệp trong danh sách vinh danh" in html

    client.post(f"/enterprises/{enterprise.pk}/honour/", {"listed": "yes"})
    assert not HonourOptOut.objects.filter(enterprise=enterprise).exists()


@pytest.mark.parametrize("role", ["consultant", "officer", "appraiser"])
def test_only_members_choose_the_honour_list(client, appraised, people, role):
    client.force_login(people[role])

    response = client.post(f"/enterprises/{appraised.enterprise_id}/honour/", {"listed": "no"})

    assert response.status_code == 403
    assert not HonourOptOut.objects.exists()


def test_a_certificate_past_its_date_shows_expired_before_the_nightly_task(
    client, appraised, issuer
):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=certificate.issued_on - datetime.timedelta(days=400),
        valid_until=certificate.issued_on - datetime.timedelta(days=1),
    )
    client.force_login(issuer)

    html = client.get(panel(appraised)).content.decode()
    found = client.get("/chung-nhan/", {"number": certificate.number}).content.decode()

    assert f'data-number="{certificate.number}" data-status="expired"' in html
    assert 'data-status="expired">Hết hiệu lực' in found


def test_issuing_and_re_issuing_ask_for_confirmation_and_re_issue_is_not_primary(
    client, appraised, issuer
):
    client.force_login(issuer)
    first = client.get(issue_url(appraised)).content.decode()
    certificate_issue(assessment_id=appraised.pk, user=issuer)
    number = Certificate.objects.get(assessment=appraised).number

    again = client.get(issue_url(appraised)).content.decode()
    panel_html = client.get(panel(appraised)).content.decode()

    assert 'data-testid="certified-result"' in first
    assert 'data-testid="confirm-step"' in first
    assert 'data-testid="replaces"' not in first
    assert 'data-testid="replaces"' in again
    assert f"Chứng nhận số {number}" in again
    assert f'<a class="button" href="{issue_url(appraised)}" data-testid="issue">' in panel_html
