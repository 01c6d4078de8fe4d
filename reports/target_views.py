"""The targets pages: a province's yearly targets (``/reports/provinces/<code>/targets/``) and
the nation's (``/reports/targets/``). Whoever sees the dashboard sees the targets; who sets them
is ``reports.targets.may_set_targets``. Another province's page is 404, as its dashboard is."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dbi_portal.refusals import refusal_for_form
from enterprises.models import Province

from .models import ProvinceTarget
from .selectors import dashboard_access
from .target_forms import TargetForm
from .target_services import province_target_delete, province_target_set
from .targets import may_set_targets, targets_of


def _page_url(province: Province | None) -> str:
    if province is None:
        return reverse("targets-national")
    return reverse("targets-province", args=[province.code])


def _check_sees(user, province: Province | None):
    access = dashboard_access(user)
    if access is None:
        raise PermissionDenied(_("Chỉ cán bộ Sở và cán bộ Bộ xem được mục tiêu."))
    if not access.may_see(province):
        raise Http404  # another province's targets: as if they did not exist
    return access


@login_required
@require_http_methods(["GET", "POST"])
def targets_national(request):
    access = dashboard_access(request.user)
    if access is not None and not access.national:  # an officer: their own province's page
        assert access.province_id is not None  # an officer's access names the province
        province = Province.objects.only("code").get(pk=access.province_id)
        return redirect(_page_url(province))
    return _targets_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def targets_province(request, code: int):
    province = get_object_or_404(Province, code=code)
    return _targets_page(request, province)


def _targets_page(request, province: Province | None):
    _check_sees(request.user, province)
    may_set = may_set_targets(request.user, province)
    form = TargetForm(request.POST or None)
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied(_("Bạn không có quyền đặt mục tiêu này."))
        if form.is_valid():
            with refusal_for_form(form):
                province_target_set(user=request.user, province=province, **form.cleaned_data)
                messages.success(request, _("Đã lưu mục tiêu."))
                return redirect(_page_url(province))
    dashboard_url = (
        reverse("dashboard")
        if province is None
        else reverse("dashboard-province", args=[province.code])
    )
    context = {
        "province": province,
        "targets": targets_of(province=province),
        "form": form,
        "may_set": may_set,
        "dashboard_url": dashboard_url,
    }
    return render(request, "reports/targets.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def target_delete(request, pk: int):
    target = get_object_or_404(ProvinceTarget.objects.select_related("province"), pk=pk)
    _check_sees(request.user, target.province)
    province_target_delete(user=request.user, target=target)
    messages.success(request, _("Đã xoá mục tiêu."))
    return redirect(_page_url(target.province))
