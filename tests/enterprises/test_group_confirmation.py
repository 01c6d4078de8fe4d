"""A member's results are its own: a group that lists an enterprise by its tax code reads its
results only once someone who speaks for that enterprise (its owner, an officer of its province,
the ministry) confirms; until then the group's page and API show the member without its result
or its assessment's state. The member confirms or declines on its own page."""

import pytest
from django.core.management import call_command

from assessments.models import Framework
from enterprises.models import GroupMember
from enterprises.services import group_member_add, group_member_confirm

from ..assessments.test_group_page import result_of
from ..factories import (
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)
from ..refusals import refused

pytestmark = pytest.mark.django_db

LARGE = "dbi-large-2023"


@pytest.fixture
def large(places) -> Framework:
    call_command("load_catalog", LARGE, verbosity=0)
    return Framework.objects.get(code=LARGE)


@pytest.fixture
def member(places):
    """Another enterprise, with its own owner, appraised at 80 % on the large index in 2025."""
    enterprise = EnterpriseFactory(name_vi="Công ty Thành viên")
    return enterprise, MembershipFactory(enterprise=enterprise).user


def listed(owner, member_enterprise):
    return group_member_add(
        group=owner.enterprise, member=member_enterprise, share=6000, user=owner.user
    )


def group_page(client, owner, framework):
    client.force_login(owner.user)
    return client.get(
        f"/enterprises/{owner.enterprise.pk}/group/", {"framework": framework.code, "period": 2025}
    ).content.decode()


def test_a_listing_by_the_group_waits_and_shows_nothing_of_the_member(client, owner, member, large):
    enterprise, _ = member
    result_of(enterprise, large, 8000, 4)

    entry = listed(owner, enterprise)

    assert not entry.confirmed
    page = group_page(client, owner, large)
    assert 'data-testid="member-pending"' in page
    assert "Đã thẩm định" not in page
    assert 'data-score=""' in page
    body = client.get(
        f"/api/v1/enterprises/{owner.enterprise.pk}/group/",
        {"framework": large.code, "period": 2025},
    ).json()
    (shown,) = body["members"]
    assert (shown["confirmed"], shown["counted"], shown["score"], shown["assessment"]) == (
        False,
        False,
        None,
        None,
    )
    assert body["score"] is None


def test_the_member_confirms_on_its_page_and_the_group_counts_it(client, owner, member, large):
    enterprise, member_owner = member
    result_of(enterprise, large, 8000, 4)
    entry = listed(owner, enterprise)
    client.force_login(member_owner)
    page = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert 'data-testid="group-pending"' in page
    assert owner.enterprise.name in page

    response = client.post(
        f"/enterprises/{enterprise.pk}/parent-groups/{entry.pk}/", {"decision": "confirm"}
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.confirmed, entry.confirmed_by) == (True, member_owner)
    page = group_page(client, owner, large)
    assert 'data-testid="member-pending"' not in page
    assert 'data-score="8000"' in page


def test_declining_takes_the_member_off_the_list(client, owner, member, large):
    enterprise, member_owner = member
    entry = listed(owner, enterprise)
    client.force_login(member_owner)

    client.post(f"/enterprises/{enterprise.pk}/parent-groups/{entry.pk}/", {"decision": "decline"})

    assert not GroupMember.objects.filter(pk=entry.pk).exists()


def test_the_group_owner_cannot_confirm_for_the_member(client, owner, member):
    enterprise, _ = member
    entry = listed(owner, enterprise)

    with refused("group_confirm_not_allowed"):
        group_member_confirm(entry=entry, user=owner.user)
    # On the member's page: the group's owner does not see that enterprise at all.
    client.force_login(owner.user)
    answer = client.post(
        f"/enterprises/{enterprise.pk}/parent-groups/{entry.pk}/", {"decision": "confirm"}
    )
    assert answer.status_code == 404
    staff = MembershipFactory(enterprise=enterprise, role="staff").user
    client.force_login(staff)
    assert (
        client.post(
            f"/enterprises/{enterprise.pk}/parent-groups/{entry.pk}/", {"decision": "confirm"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert not entry.confirmed


def test_a_listing_by_someone_who_speaks_for_the_member_is_confirmed_at_once(owner, member):
    enterprise, _ = member
    for speaker in (
        MinistryReviewerFactory().user,
        ProvinceOfficerFactory(province=enterprise.province).user,
    ):
        GroupMember.objects.all().delete()
        entry = group_member_add(
            group=owner.enterprise, member=enterprise, share=5000, user=speaker
        )
        assert (entry.confirmed, entry.confirmed_by) == (True, speaker)


def test_a_stranger_posting_gets_404(client, owner, member):
    enterprise, _ = member
    entry = listed(owner, enterprise)
    client.force_login(UserFactory())

    answer = client.post(
        f"/enterprises/{enterprise.pk}/parent-groups/{entry.pk}/", {"decision": "confirm"}
    )

    assert answer.status_code == 404
    entry.refresh_from_db()
    assert not entry.confirmed
