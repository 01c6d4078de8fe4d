"""Editing an enterprise's profile: members only; the tax code stays; size follows the figures."""

import pytest

from ..factories import EnterpriseFactory, MembershipFactory, ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile(enterprise, **changes):
    data = {
        "kind": enterprise.kind,
        "name_vi": enterprise.name_vi,
        "province": enterprise.province_id,
        "sector_section": enterprise.sector_section,
        "employees": 5,
        "annual_revenue": 1_000_000_000,
        **changes,
    }
    return {k: v for k, v in data.items() if v is not None}


def test_a_member_edits_the_profile_and_the_size_follows(client):
    membership = MembershipFactory(enterprise=EnterpriseFactory(sector_section="C"))
    enterprise = membership.enterprise
    client.force_login(membership.user)

    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        profile(enterprise, name_vi="Tên mới", employees=150, tax_code="0100109106"),
    )

    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name_vi == "Tên mới"
    assert enterprise.size_class == "medium"  # industry: 150 > 100 (small), ≤ 200
    assert enterprise.tax_code != "0100109106"  # the tax code field is not editable


def test_a_bad_edit_keeps_what_was_typed(client):
    membership = MembershipFactory()
    client.force_login(membership.user)

    response = client.post(
        f"/enterprises/{membership.enterprise.pk}/edit/",
        profile(membership.enterprise, name_vi="Tên đang sửa", sector_division="47"),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngành cấp 2 47 không thuộc ngành cấp 1 C." in html
    assert 'value="Tên đang sửa"' in html


@pytest.mark.parametrize("role", ["officer", "stranger"])
def test_non_members_cannot_edit(client, role):
    enterprise = EnterpriseFactory()
    user = ProvinceOfficerFactory().user if role == "officer" else UserFactory()
    client.force_login(user)

    status = client.get(f"/enterprises/{enterprise.pk}/edit/").status_code

    # The officer of the province may see the enterprise but not edit it; a stranger may not see it.
    assert status == (403 if role == "officer" else 404)


def test_an_invited_consultant_gets_an_email_with_the_answer_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from enterprises.models import Engagement

    from ..factories import AccreditationFactory

    membership = MembershipFactory(enterprise=EnterpriseFactory(name_vi="Công ty Dừa Xanh"))
    consultant = AccreditationFactory(consultant__user__email="tv@example.vn").consultant
    client.force_login(membership.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/enterprises/{membership.enterprise.pk}/invite/", {"consultant": "tv@example.vn"}
        )

    engagement = Engagement.objects.get(consultant=consultant)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["tv@example.vn"]
    assert "Công ty Dừa Xanh" in mailoutbox[0].subject
    assert f"/engagements/{engagement.pk}/" in mailoutbox[0].body
