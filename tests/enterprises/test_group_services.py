"""Corporate groups' member lists (enterprises/services/groups.py): who may edit them, the rules
on what they hold (not itself, once, no cycle, shares 0,01 … 100 %), the percent people type,
and who entered each share and when."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dbi_portal.refusals import Refusal
from enterprises.errors import (
    GROUP_CYCLE,
    GROUP_MEMBER_TWICE,
    GROUP_MEMBER_UNKNOWN,
    GROUP_NOT_ALLOWED,
    GROUP_OWN_MEMBER,
    GROUP_SHARE_INVALID,
)
from enterprises.models import GroupMember, Membership, Province
from enterprises.services import (
    group_member_add,
    group_member_change,
    group_member_remove,
    may_manage_group,
    member_by_tax_code,
    share_from_text,
)

from ..factories import (
    AccreditationFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(code, call, *args, **kwargs) -> Refusal:
    with pytest.raises(Refusal) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    return caught.value


@pytest.fixture
def group(owner):
    return owner.enterprise


@pytest.fixture
def parent(owner):
    """The group's owner (an active owner membership)."""
    return owner.user


# ---- the percent people type -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("51,5", 5150),
        ("51.5", 5150),
        ("51,50", 5150),
        ("51,5 %", 5150),
        ("51,5%", 5150),
        (" 7 ", 700),
        ("100", 10000),
        ("100,00", 10000),
        ("0,01", 1),
        ("0.1", 10),
        ("33,33", 3333),
    ],
)
def test_a_percent_with_up_to_two_decimals_becomes_hundredths(text, share):
    assert share_from_text(text) == share


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "0",
        "0,00",
        "0,001",
        "51,555",
        "100,01",
        "101",
        "1.000",  # no thousands separators: a share is at most 100
        "1 000",
        "-5",
        "+5",
        "5e1",
        "abc",
        "51,",
        ",5",
        "５１",  # full-width digits
    ],
)
def test_anything_else_is_refused_on_the_share(text):
    refusal = refused(GROUP_SHARE_INVALID, share_from_text, text)
    assert refusal.kind == "invalid"
    assert refusal.field == "share"


# ---- who may edit --------------------------------------------------------------------------


def test_the_groups_owner_adds_a_member_and_is_recorded(group, parent):
    member = EnterpriseFactory()
    before = timezone.now()

    entry = group_member_add(group=group, member=member, share=5150, user=parent)

    entry.refresh_from_db()
    assert (entry.group, entry.member, entry.share) == (group, member, 5150)
    assert entry.added_by == parent
    assert entry.added_at >= before


@pytest.mark.parametrize("who", ["province_officer", "ministry_reviewer", "superuser"])
def test_the_province_the_ministry_and_the_administrator_may_edit(group, who, request):
    user = UserFactory(is_superuser=True) if who == "superuser" else request.getfixturevalue(who)
    member = EnterpriseFactory()

    assert may_manage_group(user, group)
    entry = group_member_add(group=group, member=member, share=100, user=user)
    group_member_change(entry=entry, share=200, user=user)
    group_member_remove(entry=entry, user=user)

    assert not GroupMember.objects.exists()


@pytest.mark.parametrize(
    "who",
    [
        "staff_member",
        "consultant",
        "other_province_officer",
        "stranger",
        "member_owner",
        "removed_owner",
    ],
)
def test_anyone_else_is_refused_and_nothing_changes(group, parent, who, request):
    member = EnterpriseFactory()
    entry = group_member_add(group=group, member=member, share=5000, user=parent)
    if who == "consultant":
        user = request.getfixturevalue("consultant").user
    elif who == "member_owner":  # the member company's own owner does not edit its parent
        user = MembershipFactory(enterprise=member).user
    elif who == "removed_owner":
        user = MembershipFactory(enterprise=group, status=Membership.Status.REMOVED).user
    else:
        user = request.getfixturevalue(who)
    other = EnterpriseFactory()

    assert not may_manage_group(user, group)
    assert (
        refused(
            GROUP_NOT_ALLOWED, group_member_add, group=group, member=other, share=1, user=user
        ).kind
        == "not_allowed"
    )
    refused(GROUP_NOT_ALLOWED, group_member_change, entry=entry, share=1, user=user)
    refused(GROUP_NOT_ALLOWED, group_member_remove, entry=entry, user=user)

    assert list(GroupMember.objects.values_list("member_id", "share", "added_by_id")) == [
        (member.pk, 5000, parent.pk)
    ]


def test_an_officer_of_another_province_may_edit_a_group_there_only(group):
    officer = ProvinceOfficerFactory(province=Province.objects.get(code=75)).user
    there = EnterpriseFactory(province=Province.objects.get(code=75))

    assert may_manage_group(officer, there)
    assert not may_manage_group(officer, group)


def test_an_accredited_consultant_of_the_group_only_reads(group, parent):
    consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=consultant, enterprise=group, invited_by=parent)

    assert not may_manage_group(consultant.user, group)


def test_a_ministry_reviewer_without_other_roles_may_edit_any_group(places):
    reviewer = MinistryReviewerFactory().user

    assert may_manage_group(reviewer, EnterpriseFactory())


# ---- the rules on the list -----------------------------------------------------------------


def test_a_group_is_not_its_own_member(group, parent):
    refusal = refused(
        GROUP_OWN_MEMBER, group_member_add, group=group, member=group, share=100, user=parent
    )
    assert refusal.kind == "invalid"
    assert not GroupMember.objects.exists()


def test_a_member_is_listed_once(group, parent):
    member = EnterpriseFactory()
    group_member_add(group=group, member=member, share=6000, user=parent)

    refusal = refused(
        GROUP_MEMBER_TWICE, group_member_add, group=group, member=member, share=100, user=parent
    )
    assert refusal.kind == "conflict"
    assert GroupMember.objects.get().share == 6000


def test_two_groups_may_both_own_shares_of_one_member(group, parent):
    member = EnterpriseFactory()
    other = EnterpriseFactory()
    reviewer = MinistryReviewerFactory().user

    group_member_add(group=group, member=member, share=6000, user=parent)
    group_member_add(group=other, member=member, share=4000, user=reviewer)

    assert GroupMember.objects.filter(member=member).count() == 2


def test_a_member_that_owns_the_group_would_make_a_cycle(group, parent):
    reviewer = MinistryReviewerFactory().user
    b = EnterpriseFactory()
    group_member_add(group=group, member=b, share=6000, user=parent)  # group ⊃ b

    refusal = refused(
        GROUP_CYCLE, group_member_add, group=b, member=group, share=100, user=reviewer
    )
    assert refusal.kind == "conflict"


def test_a_longer_cycle_is_refused_too(group, parent):
    reviewer = MinistryReviewerFactory().user
    b, c, d = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    group_member_add(group=group, member=b, share=6000, user=parent)  # group ⊃ b
    group_member_add(group=b, member=c, share=6000, user=reviewer)  # b ⊃ c
    group_member_add(group=c, member=d, share=6000, user=reviewer)  # c ⊃ d

    refused(GROUP_CYCLE, group_member_add, group=d, member=group, share=100, user=reviewer)
    refused(GROUP_CYCLE, group_member_add, group=c, member=b, share=100, user=reviewer)
    assert GroupMember.objects.count() == 3


def test_shared_members_below_are_not_a_cycle(group, parent):
    """group ⊃ b, group ⊃ c and b ⊃ c: c is owned twice, nobody owns itself."""
    reviewer = MinistryReviewerFactory().user
    b, c = EnterpriseFactory(), EnterpriseFactory()
    group_member_add(group=group, member=b, share=6000, user=parent)
    group_member_add(group=group, member=c, share=2000, user=parent)

    group_member_add(group=b, member=c, share=3000, user=reviewer)

    assert GroupMember.objects.count() == 3


@pytest.mark.parametrize("share", [0, -1, 10001, True, None, "5000"])
def test_a_share_outside_one_hundredth_to_a_hundred_percent_is_refused(group, parent, share):
    member = EnterpriseFactory()

    refused(
        GROUP_SHARE_INVALID, group_member_add, group=group, member=member, share=share, user=parent
    )
    entry = group_member_add(group=group, member=member, share=10000, user=parent)
    refused(GROUP_SHARE_INVALID, group_member_change, entry=entry, share=share, user=parent)
    assert GroupMember.objects.get().share == 10000


def test_shares_need_not_add_up_to_a_hundred(group, parent):
    for share in (10000, 8000, 5150):
        group_member_add(group=group, member=EnterpriseFactory(), share=share, user=parent)

    assert sum(GroupMember.objects.values_list("share", flat=True)) == 23150


def test_a_change_records_who_entered_the_share_and_when(group, parent, province_officer):
    entry = group_member_add(group=group, member=EnterpriseFactory(), share=5000, user=parent)
    first = GroupMember.objects.get().added_at

    group_member_change(entry=entry, share=share_from_text("51,5"), user=province_officer)

    entry.refresh_from_db()
    assert entry.share == 5150
    assert entry.added_by == province_officer
    assert entry.added_at >= first


def test_removing_takes_the_member_off_and_no_other(group, parent):
    kept = group_member_add(group=group, member=EnterpriseFactory(), share=5000, user=parent)
    gone = group_member_add(group=group, member=EnterpriseFactory(), share=4000, user=parent)

    group_member_remove(entry=gone, user=parent)

    assert list(GroupMember.objects.all()) == [kept]


def test_changing_a_removed_member_is_refused_as_stale(group, parent):
    entry = group_member_add(group=group, member=EnterpriseFactory(), share=5000, user=parent)
    GroupMember.objects.filter(pk=entry.pk).delete()

    refused("wrong_state", group_member_change, entry=entry, share=100, user=parent)


# ---- naming a member -----------------------------------------------------------------------


def test_a_member_is_found_by_its_tax_code_with_pasted_spaces(places):
    member = EnterpriseFactory()
    spaced = f" {member.tax_code[:4]} {member.tax_code[4:]} "

    assert member_by_tax_code(spaced) == member


def test_an_unregistered_tax_code_is_refused_on_the_tax_code(places):
    refusal = refused(GROUP_MEMBER_UNKNOWN, member_by_tax_code, "0100109106")
    assert refusal.kind == "invalid"
    assert refusal.field == "tax_code"
