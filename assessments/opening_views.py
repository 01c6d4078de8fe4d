"""The ministry's page of the frameworks open for each year's assessments: this year and the
next, with a button to open or close each framework (services/openings.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dbi_portal.params import whole_number
from dbi_portal.refusals import back_on_refusal

from .models import Framework, FrameworkOpening
from .selectors import framework_openings
from .services.openings import (
    FIRST_PERIOD,
    LAST_PERIOD,
    framework_close,
    framework_open,
    may_open_frameworks,
)


def _periods() -> tuple[int, ...]:
    year = timezone.localdate().year
    return (year, year + 1)


def _change(request) -> None:
    """Open or close the framework and year the button names; say what follows."""
    framework = get_object_or_404(Framework, code=request.POST.get("framework", ""))
    period = whole_number(request.POST.get("period"), low=FIRST_PERIOD, high=LAST_PERIOD)
    action = request.POST.get("action")
    if period is None or action not in ("open", "close"):
        raise Http404
    names = {"framework": framework.name, "period": period}
    if action == "open":
        framework_open(framework=framework, period=period, user=request.user)
        messages.success(request, _("Đã mở “%(framework)s” cho năm %(period)s.") % names)
        return
    framework_close(framework=framework, period=period, user=request.user)
    if FrameworkOpening.objects.filter(period=period).exists():
        message = _(
            "Đã đóng “%(framework)s” cho năm %(period)s: doanh nghiệp không bắt đầu hồ sơ mới "
            "trên bộ chỉ số này cho năm đó; các hồ sơ đã bắt đầu vẫn tiếp tục."
        )
    else:
        message = _(
            "Đã đóng “%(framework)s” cho năm %(period)s; các hồ sơ đã bắt đầu vẫn tiếp tục. "
            "Năm %(period)s không còn bộ chỉ số nào được mở, nên mọi bộ chỉ số đang áp dụng "
            "lại được mở cho năm đó."
        )
    messages.success(request, message % names)


@login_required
@require_http_methods(["GET", "POST"])
@back_on_refusal("framework-openings")
def framework_openings_page(request):
    if not may_open_frameworks(request.user):
        raise PermissionDenied
    if request.method == "POST":
        _change(request)
        return redirect("framework-openings")
    table = framework_openings(periods=_periods())
    return render(request, "assessments/openings.html", {"table": table})
