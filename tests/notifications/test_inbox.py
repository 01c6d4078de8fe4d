"""The inbox and the navigation: the navigation counts what is unread (and costs nothing where it
is not shown); the inbox marks one or all of this person's notifications read, and takes the same
queries for few or many."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, AuditEntry
from enterprises.models import Engagement
from enterprises.services import engagement_end
from notifications.models import Notification

from ..engagements import accept, invite
from ..factories import AccreditationFactory, AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
INBOX_QUERIES = 7  # savepoint, session, user, count, unread count, page (one join), release


def badge(page: str) -> str | None:
    found = re.search(r'<span class="badge" aria-hidden="true">(\d+)</span>', page)
    return found and found.group(1)


def test_the_navigation_counts_unread_notifications_until_they_are_read(
    client, side, django_capture_on_commit_callbacks
):
    engagement = accept(
        side, invite(side, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        engagement_end(engagement=engagement, user=side["consultant"].user)
    client.force_login(side["owner"])

    page = client.get("/me/").content.decode()
    assert badge(page) == "2"
    assert 'aria-label="Thông báo: 2 chưa đọc"' in page

    first = Notification.objects.filter(recipient=side["owner"]).first()
    response = client.post(f"/inbox/{first.pk}/read/", {"page": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/?page=1"
    page = client.get("/inbox/").content.decode()
    assert badge(page) == "1"
    assert page.count('data-read="yes"') == 1

    client.post("/inbox/")
    page = client.get("/me/").content.decode()
    assert badge(page) is None
    assert "chưa đọc" not in page
    # The others are still told.
    client.force_login(side["staff"])
    assert badge(client.get("/me/").content.decode()) == "2"


def test_anonymous_pages_show_no_count_and_ask_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()

    assert badge(page) is None
    assert not [q for q in queries if Notification._meta.db_table in q["sql"]]


def test_an_htmx_fragment_does_not_count_notifications(client, side):
    client.force_login(side["owner"])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/enterprises/wards/",
            {"province": side["enterprise"].province_id},
            headers={"HX-Request": "true"},
        )

    assert response.status_code == 200
    assert not [q for q in queries if Notification._meta.db_table in q["sql"]]


def test_nobody_marks_someone_elses_notification_read(
    client, side, django_capture_on_commit_callbacks
):
    invite(side, django_capture_on_commit_callbacks)
    theirs = Notification.objects.get(recipient=side["consultant"].user)
    client.force_login(side["owner"])

    response = client.post(f"/inbox/{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post("/inbox/")  # "all" means all of mine
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_signed_in_post(client, side, django_capture_on_commit_callbacks):
    invite(side, django_capture_on_commit_callbacks)
    mine = Notification.objects.get()

    assert client.post(f"/inbox/{mine.pk}/read/").status_code == 302  # to the login page
    client.force_login(side["consultant"].user)
    assert client.get(f"/inbox/{mine.pk}/read/").status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_an_empty_inbox_says_so(client):
    client.force_login(UserFactory())

    page = client.get("/inbox/").content.decode()

    assert "Chưa có thông báo nào." in page
    assert badge(page) is None


@pytest.mark.parametrize("count", [3, 31])
def test_the_inbox_takes_the_same_queries_for_few_or_many_of_mixed_kinds(
    client, side, sme_framework, count, django_assert_max_num_queries
):
    user = side["owner"]
    assessment = AssessmentFactory(enterprise=side["enterprise"], created_by=user)
    for i in range(count):
        if i % 2:
            entry = AuditEntry.objects.create(
                assessment=assessment,
                action=AuditEntry.Action.TRANSITION,
                to_state=Assessment.State.RETURNED,
                reason=f"Sửa {i}",
                actor=side["staff"],
            )
            Notification.objects.create(
                recipient=user, kind=Kind.TRANSITION, assessment=assessment, event=entry
            )
        else:
            engagement = Engagement.objects.create(
                enterprise=side["enterprise"],
                consultant=AccreditationFactory().consultant,
                invited_by=side["staff"],
                status=Engagement.Status.DECLINED,
            )
            Notification.objects.create(
                recipient=user, kind=Kind.ENGAGEMENT_DECLINED, engagement=engagement
            )
    client.force_login(user)

    with django_assert_max_num_queries(INBOX_QUERIES):
        page = client.get("/inbox/").content.decode()

    assert page.count("<li class=") == min(count, 30)
    assert badge(page) == str(count)
    if count > 30:
        assert "Trang 1/2" in page
        assert client.get("/inbox/?page=2").content.decode().count("<li class=") == 1
