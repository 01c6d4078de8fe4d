"""The demo's corporate group: a large joint-stock corporation in Hà Nội (its owner signs in as
``dn.tapdoan@dbi.local``) owning three of the demo enterprises, each of which confirmed it, so
that its group page shows members, ownership shares and the weighted result, and its start
form shows what a large enterprise is offered (the large-enterprise index, not assessable until
its criteria are imported)."""

from __future__ import annotations

from django.utils import timezone

from enterprises.models import (
    Enterprise,
    EnterpriseKind,
    GroupMember,
    Membership,
    Province,
    User,
)
from enterprises.services import enterprise_refresh_size
from enterprises.services.groups import group_member_add, group_member_confirm
from enterprises.sizing import BILLION

GROUP_OWNER = "dn.tapdoan@dbi.local"
GROUP_TAX_CODE = "0109876546"
HA_NOI = 1
# (index of a demo enterprise, the group's share of it in hundredths of a percent)
MEMBER_SHARES = ((1, 6500), (2, 4000), (4, 10000))


def demo_group_seed(*, enterprises: list[Enterprise]) -> Enterprise:
    """Create the group enterprise, its owner's membership and its member list, if missing,
    and return the group. Call it after ``demo_people_seed``."""
    owner = User.objects.get(email=GROUP_OWNER)
    group = Enterprise.objects.filter(tax_code=GROUP_TAX_CODE).first()
    if group is None:
        province = Province.objects.get(code=HA_NOI)
        group = Enterprise(
            tax_code=GROUP_TAX_CODE,
            name_vi="Tổng công ty Cổ phần Đầu tư Số Thăng Long",
            name_en="Thang Long Digital Investment Corporation",
            kind=EnterpriseKind.ENTERPRISE,
            province=province,
            ward=province.wards.order_by("code").first(),
            address="Số 18, phố Tràng Thi",
            sector_section="J",
            employees=1_200,
            annual_revenue=3_200 * BILLION,
            total_capital=2_500 * BILLION,
            founded_year=2001,
            contact_email="lienhe@thanglongso.example.vn",
        )
        enterprise_refresh_size(group)
        group.save()
    Membership.objects.get_or_create(
        user=owner,
        enterprise=group,
        defaults={
            "role": Membership.Role.OWNER,
            "status": Membership.Status.ACTIVE,
            "decided_at": timezone.now(),
        },
    )
    listed = set(GroupMember.objects.filter(group=group).values_list("member_id", flat=True))
    for index, share in MEMBER_SHARES:
        member = enterprises[index]
        if member.pk in listed:
            continue
        entry = group_member_add(group=group, member=member, share=share, user=owner)
        # Each member's own owner confirms the listing, as on its page.
        member_owner = (
            Membership.objects.filter(enterprise=member, role=Membership.Role.OWNER)
            .select_related("user")
            .earliest("pk")
            .user
        )
        group_member_confirm(entry=entry, user=member_owner)
    return group
