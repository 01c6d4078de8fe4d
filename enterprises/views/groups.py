"""A member company's side of a corporate group: confirming or declining that it belongs to a
group that listed it (services/groups.py), from the member's own page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dbi_portal.refusals import back_on_refusal

from ..access import visible_enterprises
from ..models import GroupMember
from ..services import group_member_confirm, group_member_decline


@login_required
@require_POST
@back_on_refusal("enterprise-detail", pk="pk")
def parent_group_respond(request, pk: int, entry_pk: int):
    member = get_object_or_404(visible_enterprises(request.user), pk=pk)
    entry = get_object_or_404(
        GroupMember.objects.select_related("group"), pk=entry_pk, member=member
    )
    if request.POST.get("decision") == "decline":
        group_member_decline(entry=entry, user=request.user)
        messages.info(
            request,
            _("Đã từ chối: %(member)s không còn trong danh sách của %(group)s.")
            % {"member": member, "group": entry.group},
        )
    else:
        group_member_confirm(entry=entry, user=request.user)
        messages.success(
            request,
            _("Đã xác nhận: %(group)s được tính kết quả của %(member)s.")
            % {"member": member, "group": entry.group},
        )
    return redirect("enterprise-detail", pk=pk)
