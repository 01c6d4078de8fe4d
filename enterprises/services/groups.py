"""Corporate groups (tập đoàn, tổng công ty, công ty mẹ): the parent lists its member companies
and its ownership share of each (Decision 2158/QĐ-BTTTT, Appendix 2, 4.b). The group's result is
read from its members' own results by ``assessments.groups`` (that app sits above this one).

Who may edit a group's list: its active owner, an officer of its province, the ministry (and the
system administrator). A share is the parent's ownership of *that* member, so the shares of a
group need not add up to 100 %. The rules on the list: a member is not the group itself, is
listed once, and does not already own the group, directly or through its own members (no cycle:
A ⊃ B ⊃ … ⊃ A). ``added_by``/``added_at`` record who entered the current share and when.

A member's results are its own: the group reads them only once the listing is confirmed by
someone who speaks for the member — its active owner, an officer of its province, the ministry
(the same people who may edit a group's list, asked of the member). A listing entered by such a
person is confirmed at once; any other waits on the member's page, where it can be confirmed or
declined (declining takes the member off the list).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dbi_portal.refusals import refuse

from ..access import Viewer
from ..errors import (
    GROUP_CONFIRM_NOT_ALLOWED,
    GROUP_CYCLE,
    GROUP_MEMBER_TWICE,
    GROUP_MEMBER_UNKNOWN,
    GROUP_NOT_ALLOWED,
    GROUP_OWN_MEMBER,
    GROUP_SHARE_INVALID,
    WRONG_STATE,
)
from ..models import (
    Enterprise,
    GroupMember,
    Membership,
    MinistryReviewer,
    ProvinceOfficer,
    User,
)
from ..models.groups import FULL_SHARE
from ..tax_codes import normalize

# A percent as people type it: whole percents, then a comma or a dot and one or two decimals,
# an optional "%" ("51,5", "51.5", "51,50 %", "100"). No thousands separators: a share is at
# most 100, so "1.000" is a mistake, not a thousand.
_PERCENT = re.compile(r"(?P<whole>[0-9]{1,3})(?:[.,](?P<decimals>[0-9]{1,2}))?\s*%?")


def share_from_text(text: str) -> int:
    """The share in hundredths of a percent from the percent a person typed ("51,5" → 5150);
    refuses (``group_share_invalid``) anything else, or a share outside 0,01 … 100 %."""
    match = _PERCENT.fullmatch((text or "").strip())
    if match is None:
        raise refuse(GROUP_SHARE_INVALID)
    share = int(Decimal(f"{match['whole']}.{match['decimals'] or '0'}") * 100)
    _check_share(share)
    return share


def _check_share(share: int) -> None:
    if isinstance(share, bool) or not isinstance(share, int) or not 1 <= share <= FULL_SHARE:
        raise refuse(GROUP_SHARE_INVALID)


def may_manage_group(user: Viewer, group: Enterprise) -> bool:
    """Whether ``user`` may edit ``group``'s member list: its active owner, an officer of its
    province, a ministry reviewer or the system administrator (what the page offers, and what
    every service below checks again)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        MinistryReviewer.objects.filter(user=user).exists()
        or ProvinceOfficer.objects.filter(user=user, province_id=group.province_id).exists()
        or Membership.objects.filter(
            user=user,
            enterprise_id=group.pk,
            role=Membership.Role.OWNER,
            status=Membership.Status.ACTIVE,
        ).exists()
    )


def group_manage_check(user: Viewer, group: Enterprise) -> None:
    """Refuse (``group_not_allowed``) unless ``user`` may edit ``group``'s member list."""
    if not may_manage_group(user, group):
        raise refuse(GROUP_NOT_ALLOWED)


def member_by_tax_code(tax_code: str) -> Enterprise:
    """The registered enterprise with this tax code (spaces people paste in are ignored), or a
    refusal (``group_member_unknown``): a member is named by its tax code, not picked from the
    enterprises the editor may see."""
    member = Enterprise.objects.filter(tax_code=normalize(tax_code)).first()
    if member is None:
        raise refuse(GROUP_MEMBER_UNKNOWN)
    return member


def _owns(owner_id: int, owned_id: int) -> bool:
    """Whether ``owner_id`` already owns ``owned_id``, directly or through its members: one
    query per level of the ownership tree (groups are a few levels deep)."""
    seen: set[int] = set()
    frontier = {owner_id}
    while frontier:
        if owned_id in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                GroupMember.objects.filter(group_id__in=frontier).values_list(
                    "member_id", flat=True
                )
            )
            - seen
        )
    return False


def _lock(*enterprise_ids: int) -> dict[int, Enterprise]:
    """Lock the enterprises' rows in the order of their keys (no deadlock between two edits
    that lock the same pair): two edits of the same pair — A ⊃ B beside B ⊃ A — cannot cross,
    and the group's province is the committed one."""
    rows = Enterprise.objects.select_for_update().filter(pk__in=enterprise_ids).order_by("pk")
    return {row.pk: row for row in rows}


@transaction.atomic
def group_member_add(
    *, group: Enterprise, member: Enterprise, share: int, user: User
) -> GroupMember:
    """List ``member`` as a member company of ``group``, owned ``share`` hundredths of a percent
    (1 … 10000). Refuses: ``group_not_allowed`` (who may edit, above), ``group_own_member``,
    ``group_share_invalid``, ``group_member_twice``, ``group_cycle``. Confirmed at once when
    ``user`` also speaks for the member (module docstring); waiting for the member otherwise."""
    locked = _lock(group.pk, member.pk)
    group_manage_check(user, locked[group.pk])
    if member.pk == group.pk:
        raise refuse(GROUP_OWN_MEMBER)
    _check_share(share)
    if GroupMember.objects.filter(group_id=group.pk, member_id=member.pk).exists():
        raise refuse(GROUP_MEMBER_TWICE)
    if _owns(member.pk, group.pk):
        raise refuse(GROUP_CYCLE)
    speaks_for_member = may_manage_group(user, locked[member.pk])
    return GroupMember.objects.create(
        group=group,
        member=member,
        share=share,
        added_by=user,
        confirmed_by=user if speaks_for_member else None,
        confirmed_at=timezone.now() if speaks_for_member else None,
    )


@transaction.atomic
def group_member_change(*, entry: GroupMember, share: int, user: User) -> GroupMember:
    """Set the group's ownership share of a listed member (hundredths of a percent); the entry
    then records ``user`` and now as who entered the share and when. Refuses:
    ``group_not_allowed``, ``group_share_invalid``, ``wrong_state`` (removed meanwhile)."""
    locked = _lock(entry.group_id)
    group_manage_check(user, locked[entry.group_id])
    _check_share(share)
    current = GroupMember.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None:  # removed since the page was shown
        raise refuse(WRONG_STATE)
    entry = current
    entry.share = share
    entry.added_by = user
    entry.added_at = timezone.now()
    entry.save(update_fields=["share", "added_by", "added_at"])
    return entry


@transaction.atomic
def group_member_remove(*, entry: GroupMember, user: User) -> None:
    """Take a member company off its group's list. Refuses ``group_not_allowed``."""
    locked = _lock(entry.group_id)
    group_manage_check(user, locked[entry.group_id])
    GroupMember.objects.filter(pk=entry.pk).delete()


def _locked_listing(entry: GroupMember, user: User) -> GroupMember:
    """The listing locked, after checking that ``user`` speaks for its member; refuses
    ``group_confirm_not_allowed`` or ``wrong_state`` (removed meanwhile)."""
    locked = _lock(entry.group_id, entry.member_id)
    if not may_manage_group(user, locked[entry.member_id]):
        raise refuse(GROUP_CONFIRM_NOT_ALLOWED)
    current = GroupMember.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None:
        raise refuse(WRONG_STATE)
    return current


@transaction.atomic
def group_member_confirm(*, entry: GroupMember, user: User) -> GroupMember:
    """The member confirms that it belongs to the group: from now on the group's page counts
    its results. Confirming again changes nothing."""
    entry = _locked_listing(entry, user)
    if entry.confirmed_at is None:
        entry.confirmed_by, entry.confirmed_at = user, timezone.now()
        entry.save(update_fields=["confirmed_by", "confirmed_at"])
    return entry


@transaction.atomic
def group_member_decline(*, entry: GroupMember, user: User) -> None:
    """The member says it does not belong to the group (or no longer): the listing goes."""
    entry = _locked_listing(entry, user)
    entry.delete()
