"""A corporate group's page: its member companies with the parent's ownership share of each, their
own results, and the group's ownership-weighted result for a framework and a year
(``assessments.groups``). Whoever may see the group sees the page; its owner, its province and
the ministry edit the list (``enterprises.services.groups``). Plain forms, no script."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dbi_portal.refusals import Refusal, refusal_for_form, refusal_shown
from enterprises.access import visible_enterprises
from enterprises.models import Enterprise, GroupMember
from enterprises.services import (
    group_manage_check,
    group_member_add,
    group_member_change,
    group_member_remove,
    may_manage_group,
    member_by_tax_code,
    share_from_text,
)

from .groups import (
    GroupReading,
    default_framework,
    group_frameworks,
    group_periods,
    group_result,
    share_input,
    share_text,
)
from .models import Assessment, Framework

SHARE_HINT = gettext_lazy(
    "Phần trăm vốn doanh nghiệp mẹ sở hữu tại công ty này, từ 0,01 đến 100, tối đa hai chữ số "
    "thập phân (ví dụ 51,5)."
)


def _share_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Tỷ lệ sở hữu (%)"), max_length=12, help_text=SHARE_HINT, **kwargs
    )


class _ShareForm(forms.Form):
    def clean_share(self) -> int:
        try:
            return share_from_text(self.cleaned_data["share"])
        except Refusal as refusal:
            raise forms.ValidationError(refusal.message, code=refusal.code) from refusal


class GroupMemberAddForm(_ShareForm):
    tax_code = forms.CharField(
        label=gettext_lazy("Mã số thuế của công ty thành viên"), max_length=20
    )
    share = _share_field()


class GroupMemberShareForm(_ShareForm):
    share = _share_field()


def _visible_group(request, pk: int) -> Enterprise:
    """The group, or 404 when the user may not see it (its existence is not disclosed)."""
    return get_object_or_404(visible_enterprises(request.user).select_related("province"), pk=pk)


def _choice(request, group: Enterprise) -> tuple[list[Framework], Framework | None, list[int], int]:
    """The frameworks offered, the one chosen (``?framework=``; default the large-enterprise
    index), the years with results and the year chosen (``?period=``; default the latest year
    with results, else this year)."""
    source = request.POST if request.method == "POST" else request.GET
    frameworks = list(group_frameworks())
    code = source.get("framework", "")
    framework = next((f for f in frameworks if f.code == code), None) or default_framework(
        frameworks
    )
    periods = group_periods(group, framework) if framework else []
    raw = source.get("period", "")
    period = int(raw) if raw.isascii() and raw.isdigit() and 2021 <= int(raw) <= 2100 else None
    if period is None:
        period = periods[0] if periods else timezone.localdate().year
    return frameworks, framework, periods, period


def _member_rows(reading: GroupReading, visible: set[int]) -> list[dict[str, Any]]:
    rows = []
    for m in reading.members:
        rows.append(
            {
                "entry": m.entry,
                "pending": m.pending,
                "member": m.member,
                "linked": m.member.pk in visible,
                "share_text": share_text(m.share),
                "share_input": share_input(m.share),
                "assessment": m.assessment,
                "result": m.result,
                "score_text": reading.member_score_text(m),
                "level_name": reading.level_names.get(m.result.level, "") if m.result else "",
            }
        )
    return rows


def _page(
    request, group: Enterprise, *, add_form: GroupMemberAddForm | None = None, status: int = 200
):
    frameworks, framework, periods, period = _choice(request, group)
    reading = group_result(group, framework, period) if framework else None
    member_ids = [m.member.pk for m in reading.members] if reading else []
    visible = set(
        visible_enterprises(request.user).filter(pk__in=member_ids).values_list("pk", flat=True)
    )
    context = {
        "group": group,
        "frameworks": frameworks,
        "framework": framework,
        "periods": periods if period in periods else sorted({*periods, period}, reverse=True),
        "period": period,
        "reading": reading,
        "rows": _member_rows(reading, visible) if reading else [],
        "may_manage": may_manage_group(request.user, group),
        "add_form": add_form or GroupMemberAddForm(),
        "states": Assessment.State,
    }
    return render(request, "assessments/group.html", context, status=status)


def _back(request, pk: int):
    """Back to the group's page on the framework and year the form was sent from."""
    url = reverse("enterprise-group", args=[pk])
    keep = {k: request.POST[k] for k in ("framework", "period") if request.POST.get(k)}
    return redirect(f"{url}?{urlencode(keep)}" if keep else url)


@login_required
def group_page(request, pk: int):
    return _page(request, _visible_group(request, pk))


@login_required
@require_POST
def group_member_add_view(request, pk: int):
    group = _visible_group(request, pk)
    group_manage_check(request.user, group)  # who may not edit: 403, whatever they typed
    form = GroupMemberAddForm(request.POST)
    if form.is_valid():
        with refusal_for_form(form, "tax_code") as refused:
            member = member_by_tax_code(form.cleaned_data["tax_code"])
            group_member_add(
                group=group, member=member, share=form.cleaned_data["share"], user=request.user
            )
        if not refused.refusal:
            messages.success(
                request, _("Đã thêm %(name)s vào danh sách công ty thành viên.") % {"name": member}
            )
            return _back(request, pk)
    return _page(request, group, add_form=form, status=400)


@login_required
@require_POST
def group_member_change_view(request, pk: int, entry_pk: int):
    group = _visible_group(request, pk)
    entry = get_object_or_404(
        GroupMember.objects.select_related("member"), pk=entry_pk, group=group
    )
    group_manage_check(request.user, group)
    form = GroupMemberShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{entry.member}: {form.errors['share'][0]}")
        return _back(request, pk)
    with refusal_shown() as refused:
        group_member_change(entry=entry, share=form.cleaned_data["share"], user=request.user)
    if refused.message:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Đã sửa tỷ lệ sở hữu tại %(name)s thành %(share)s.")
            % {"name": entry.member, "share": share_text(form.cleaned_data["share"])},
        )
    return _back(request, pk)


@login_required
@require_POST
def group_member_remove_view(request, pk: int, entry_pk: int):
    group = _visible_group(request, pk)
    entry = get_object_or_404(
        GroupMember.objects.select_related("member"), pk=entry_pk, group=group
    )
    group_member_remove(entry=entry, user=request.user)
    messages.success(
        request, _("Đã bỏ %(name)s khỏi danh sách công ty thành viên.") % {"name": entry.member}
    )
    return _back(request, pk)
