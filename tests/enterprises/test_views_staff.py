"""Consultant applications, the ministry's queue, and administrators inviting staff."""

import datetime
import re

import pytest
from django.utils import timezone

from enterprises.access import visible_enterprises
from enterprises.models import Accreditation, Province, ProvinceOfficer, User

from ..factories import (
    AccreditationFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


def apply(client, **overrides):
    data = {
        "phone": "0912345678",
        "number": "TV-2026-0099",
        "issued_by": "Bộ Khoa học và Công nghệ",
        "valid_until": NEXT_YEAR,
        "firm_name": "Công ty Tư vấn Số Cửu Long",
        "firm_tax_code": "0100109106",
        **overrides,
    }
    return client.post("/consultants/apply/", data)


def test_consultant_application_waits_for_the_ministry(client):
    user = UserFactory()
    client.force_login(user)

    response = apply(client)

    assert response.status_code == 302
    accreditation = Accreditation.objects.get(number="TV-2026-0099")
    assert accreditation.status == Accreditation.Status.PENDING
    assert accreditation.consultant.user == user
    assert accreditation.consultant.firm.name == "Công ty Tư vấn Số Cửu Long"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_until": "2020-01-01"}, "Chứng nhận đã hết hạn."),
        ({"firm_tax_code": "0100109107"}, "chữ số kiểm tra"),
        ({"number": ""}, "Trường này là bắt buộc."),
    ],
    ids=["expired", "bad-firm-tax-code", "no-number"],
)
def test_a_bad_application_is_refused_and_keeps_what_was_typed(client, overrides, message):
    client.force_login(UserFactory())

    response = apply(client, **overrides)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="0912345678"' in html
    assert not Accreditation.objects.exists()


def test_a_duplicate_accreditation_number_is_refused(client):
    AccreditationFactory(number="TV-2026-0099")
    client.force_login(UserFactory())

    response = apply(client)

    assert response.status_code == 400
    assert "Số chứng nhận này đã được khai báo." in response.content.decode()


def test_ministry_reviewer_approves_from_the_queue(client):
    pending = AccreditationFactory(status=Accreditation.Status.PENDING, number="TV-Q-1")
    client.force_login(MinistryReviewerFactory().user)

    queue = client.get("/accreditations/")
    assert "TV-Q-1" in queue.content.decode()

    response = client.post(f"/accreditations/{pending.pk}/decide/", {"decision": "approve"})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Accreditation.Status.APPROVED


@pytest.mark.parametrize("role", ["officer", "stranger", "consultant"])
def test_others_cannot_see_or_decide_the_queue(client, role):
    pending = AccreditationFactory(status=Accreditation.Status.PENDING)
    user = {
        "officer": lambda: ProvinceOfficerFactory().user,
        "stranger": UserFactory,
        "consultant": lambda: pending.consultant.user,
    }[role]()
    client.force_login(user)

    assert client.get("/accreditations/").status_code == 403
    assert (
        client.post(f"/accreditations/{pending.pk}/decide/", {"decision": "approve"}).status_code
        == 403
    )
    pending.refresh_from_db()
    assert pending.status == Accreditation.Status.PENDING


def test_administrator_invites_a_province_officer_who_sets_a_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    dong_nai = Province.objects.get(code=75)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/invite/",
            {
                "email": "Can.Bo@SoKHCN.DongNai.gov.vn",
                "full_name": "Phạm Văn Cán",
                "unit": str(dong_nai.pk),
                "can_assess": "on",
            },
        )

    assert response.status_code == 302
    officer = ProvinceOfficer.objects.get(user__email="can.bo@sokhcn.dongnai.gov.vn")
    assert officer.province == dong_nai
    assert (officer.can_assess, officer.can_approve) == (True, False)
    assert not officer.user.has_usable_password()
    assert len(mailoutbox) == 1

    link = re.search(r"https?://\S+/accounts/reset/\S+/", mailoutbox[0].body).group(0)
    client.logout()
    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    client.post(
        set_password_url, {"new_password1": "DongNai-So-2026!", "new_password2": "DongNai-So-2026!"}
    )
    login = client.post(
        "/accounts/login/",
        {"username": "can.bo@sokhcn.dongnai.gov.vn", "password": "DongNai-So-2026!"},
    )
    assert login.status_code == 302
    assert set(visible_enterprises(officer.user).values_list("province__code", flat=True)) <= {75}


def test_invite_needs_a_duty_that_fits_the_unit(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(
        "/staff/invite/",
        {"email": "bo@most.gov.vn", "full_name": "Lê Bộ", "unit": "ministry", "can_assess": "on"},
    )

    assert response.status_code == 400
    assert "Hãy chọn ít nhất một nhiệm vụ phù hợp với đơn vị." in response.content.decode()
    assert not User.objects.filter(email="bo@most.gov.vn").exists()


@pytest.mark.parametrize("role", ["reviewer", "officer", "stranger"])
def test_only_the_administrator_may_invite_staff(client, role):
    user = {
        "reviewer": lambda: MinistryReviewerFactory().user,
        "officer": lambda: ProvinceOfficerFactory().user,
        "stranger": UserFactory,
    }[role]()
    client.force_login(user)

    assert client.get("/staff/invite/").status_code == 403


def invite(client, email: str, **duties):
    dong_nai = Province.objects.get(code=75)
    return client.post(
        "/staff/invite/",
        {"email": email, "full_name": "Phạm Văn Cán", "unit": str(dong_nai.pk), **duties},
        follow=True,
    )


def test_an_existing_user_who_has_signed_in_is_made_staff_and_keeps_the_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """A person already using the portal is given duties: no new password, no link."""
    person = UserFactory(
        email="can.bo@sokhcn.dongnai.gov.vn", full_name="Phạm Thị Cán", last_login=timezone.now()
    )
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, "Can.Bo@SoKHCN.DongNai.gov.vn", can_approve="on")

    assert "Đã cập nhật nhiệm vụ của can.bo@sokhcn.dongnai.gov.vn." in response.content.decode()
    assert mailoutbox == []
    officer = ProvinceOfficer.objects.get(user=person)
    assert (officer.can_assess, officer.can_approve) == (False, True)
    person.refresh_from_db()
    assert person.full_name == "Phạm Thị Cán"
    client.logout()
    login = client.post(
        "/accounts/login/",
        {"username": "can.bo@sokhcn.dongnai.gov.vn", "password": "correct horse battery staple"},
    )
    assert login.status_code == 302


def test_inviting_again_before_the_link_is_used_sends_a_fresh_link_and_voids_the_old(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Invitees with no password cannot use the forgotten-password page; an expired or lost
    invitation is answered by inviting again (the email says so)."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, "can.bo@sokhcn.dongnai.gov.vn", can_assess="on")
        invite(client, "can.bo@sokhcn.dongnai.gov.vn", can_assess="on", can_approve="on")

    assert len(mailoutbox) == 2
    assert "hãy đề nghị quản trị viên mời lại" in mailoutbox[0].body
    first, second = (
        re.search(r"https?://\S+/accounts/reset/\S+/", m.body).group(0) for m in mailoutbox
    )
    client.logout()
    assert "không hợp lệ" in client.get(first, follow=True).content.decode()
    form_page = client.get(second, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": "DongNai-So-2026!", "new_password2": "DongNai-So-2026!"}
    )
    assert done.status_code == 302
    officer = ProvinceOfficer.objects.get(user__email="can.bo@sokhcn.dongnai.gov.vn")
    assert (officer.can_assess, officer.can_approve) == (True, True)
