"""Engagement steps reach the other side in the inbox and by email, once per step, and the inbox
says what happened (the inbox's own behaviour: tests/notifications/).

Who hears what: the invitation → the consultant; the answer (accepted / declined) → the
enterprise's active members; the end → the other side of whoever ended it. Never the actor."""

import pytest

from enterprises.models import Engagement, Membership
from enterprises.services import (
    engagement_decline,
    engagement_end,
)
from enterprises.tasks import engagement_notify_task
from notifications.models import Notification

from ..engagements import accept, invite
from ..factories import (
    AccreditationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
NAME = "Công ty TNHH Dừa Sáp Cầu Kè"


@pytest.fixture
def side(db):
    """An enterprise with an owner, a second active member, a pending and a removed member, and
    an accredited consultant (not yet invited)."""
    owner = MembershipFactory(
        user__full_name="Trần Thị Mai", enterprise__name_vi=NAME, user__email="mai@dua.vn"
    )
    enterprise = owner.enterprise
    staff = MembershipFactory(enterprise=enterprise, role=Membership.Role.STAFF)
    MembershipFactory(enterprise=enterprise, status=Membership.Status.PENDING)
    MembershipFactory(enterprise=enterprise, status=Membership.Status.REMOVED)
    consultant = AccreditationFactory(
        consultant__user__full_name="Lê Văn Tư", consultant__user__email="tu@tuvan.vn"
    ).consultant
    return {
        "enterprise": enterprise,
        "owner": owner.user,
        "staff": staff.user,
        "consultant": consultant,
    }


def recipients(engagement, kind) -> set:
    return set(
        Notification.objects.filter(engagement=engagement, kind=kind).values_list(
            "recipient_id", flat=True
        )
    )


# --- who hears about each step -----------------------------------------------------------------


def test_an_invitation_tells_the_consultant_once_in_the_inbox_and_by_email(
    side, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = invite(side, django_capture_on_commit_callbacks)

    assert recipients(engagement, Kind.ENGAGEMENT_INVITED) == {side["consultant"].user_id}
    (email,) = mailoutbox
    assert email.to == ["tu@tuvan.vn"]
    assert NAME in email.subject
    assert f"/engagements/{engagement.pk}/" in email.body


def test_inviting_through_the_page_sends_one_email_not_two(
    client, side, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(side["owner"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/enterprises/{side['enterprise'].pk}/invite/", {"consultant": "tu@tuvan.vn"}
        )

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["tu@tuvan.vn"]]
    engagement = Engagement.objects.get()
    assert f"/engagements/{engagement.pk}/" in mailoutbox[0].body


def test_accepting_tells_the_active_members_not_the_consultant(
    side, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = invite(side, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    accept(side, engagement, django_capture_on_commit_callbacks)

    assert recipients(engagement, Kind.ENGAGEMENT_ACCEPTED) == {
        side["owner"].pk,
        side["staff"].pk,
    }
    assert sorted(m.to[0] for m in mailoutbox) == sorted([side["owner"].email, side["staff"].email])
    assert "Lê Văn Tư đã nhận lời tư vấn cho " + NAME in mailoutbox[0].subject
    assert f"/enterprises/{side['enterprise'].pk}/" in mailoutbox[0].body


def test_declining_tells_the_active_members(side, mailoutbox, django_capture_on_commit_callbacks):
    engagement = invite(side, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        engagement_decline(engagement=engagement, user=side["consultant"].user)

    assert recipients(engagement, Kind.ENGAGEMENT_DECLINED) == {side["owner"].pk, side["staff"].pk}
    assert len(mailoutbox) == 2
    assert "Lê Văn Tư đã từ chối lời mời tư vấn của " + NAME in mailoutbox[0].subject


def test_the_consultant_ending_it_tells_the_members(
    side, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = accept(
        side, invite(side, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        engagement_end(engagement=engagement, user=side["consultant"].user, reason="Hết hạn")

    assert recipients(engagement, Kind.ENGAGEMENT_ENDED) == {side["owner"].pk, side["staff"].pk}
    assert len(mailoutbox) == 2
    assert "Hết hạn" in mailoutbox[0].body


def test_a_member_ending_it_tells_only_the_consultant(
    side, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = accept(
        side, invite(side, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        engagement_end(engagement=engagement, user=side["staff"], reason="Đã xong")

    assert recipients(engagement, Kind.ENGAGEMENT_ENDED) == {side["consultant"].user_id}
    (email,) = mailoutbox
    assert email.to == ["tu@tuvan.vn"]
    assert f"/engagements/{engagement.pk}/" in email.body


def test_running_the_task_again_adds_nothing_and_sends_nothing(
    side, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = accept(
        side, invite(side, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    before = Notification.objects.count()
    sent = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        again = engagement_notify_task.delay(engagement_id=engagement.pk, to_status="active").get()
        twice = engagement_notify_task.delay(engagement_id=engagement.pk, to_status="active").get()

    assert (again, twice) == (0, 0)
    assert Notification.objects.count() == before
    assert len(mailoutbox) == sent


# --- the inbox and the navigation --------------------------------------------------------------


def test_the_inbox_says_what_happened_and_links_to_the_right_page(
    client, side, django_capture_on_commit_callbacks
):
    engagement = invite(side, django_capture_on_commit_callbacks)

    client.force_login(side["consultant"].user)
    page = " ".join(client.get("/inbox/").content.decode().split())
    invited = Notification.objects.get(recipient=side["consultant"].user)
    opens = f"/inbox/{invited.pk}/open/"  # marks it read, then goes to the invitation
    assert f'<a href="{opens}">{NAME} mời bạn đánh giá chuyển đổi số</a>' in page
    assert client.get(opens)["Location"] == f"/engagements/{engagement.pk}/"
    assert "Trần Thị Mai" in page  # who invited

    accept(side, engagement, django_capture_on_commit_callbacks)
    client.force_login(side["staff"])
    page = " ".join(client.get("/inbox/").content.decode().split())
    accepted = Notification.objects.get(recipient=side["staff"], kind=Kind.ENGAGEMENT_ACCEPTED)
    assert (
        f'<a href="/inbox/{accepted.pk}/open/">Lê Văn Tư đã nhận lời tư vấn cho {NAME}</a>'
    ) in page
    opened = client.get(f"/inbox/{accepted.pk}/open/")
    assert opened["Location"] == f"/enterprises/{side['enterprise'].pk}/"


def test_the_consultant_told_of_the_end_sees_the_engagement_ended_with_its_reason(
    client, side, django_capture_on_commit_callbacks
):
    engagement = accept(
        side, invite(side, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        engagement_end(engagement=engagement, user=side["owner"], reason="Đã xong")
    client.force_login(side["consultant"].user)

    inbox = " ".join(client.get("/inbox/").content.decode().split())
    assert f"Hợp đồng tư vấn giữa {NAME} và Lê Văn Tư đã kết thúc" in inbox
    assert "<p>Đã xong</p>" in inbox
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Đã kết thúc" in page
    assert "Đã xong" in page
    assert "Cam kết và nhận lời" not in page
