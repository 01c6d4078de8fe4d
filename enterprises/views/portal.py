"""The signed-in portal: registering an enterprise, enterprise pages (the home page, /me/, is
the worklist app's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dbi_portal.params import primary_key
from dbi_portal.refusals import back_on_refusal, refusal_for_form

from ..access import visible_enterprises
from ..forms import EnterpriseProfileForm, EnterpriseRegistrationForm, InviteConsultantForm
from ..models import Membership, Province, Ward
from ..sectors import Section
from ..selectors import (
    SEARCH_FILTERS,
    assessment_states,
    consultant_by_email_or_number,
    enterprise_detail,
    enterprise_search,
)
from ..services import (
    engagement_invite,
    enterprise_register,
    enterprise_update,
    may_import,
    membership_decide,
)
from ..sizing import SizeClass

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_register_view(request):
    form = EnterpriseRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration = enterprise_register(user=request.user, enterprise=form.instance)
        if (
            registration.membership.status == Membership.Status.ACTIVE
            and registration.joined_existing
        ):
            messages.info(request, _("Bạn đã là thành viên của doanh nghiệp này."))
            return redirect("enterprise-detail", pk=registration.enterprise.pk)
        if registration.joined_existing:
            messages.info(
                request,
                _(
                    "Mã số thuế %(tax_code)s đã được đăng ký. Yêu cầu tham gia của bạn đã được "
                    "gửi tới chủ tài khoản doanh nghiệp để duyệt."
                )
                % {"tax_code": registration.enterprise.tax_code},
            )
            return redirect("home")
        messages.success(request, _("Đã đăng ký doanh nghiệp. Bạn là chủ tài khoản."))
        return redirect("enterprise-detail", pk=registration.enterprise.pk)
    status = 400 if form.errors else 200
    return render(request, "enterprises/register.html", {"form": form}, status=status)


def wards_options(request):
    """The ward <option>s of a province, for the htmx-driven select."""
    province = request.GET.get("province", "")
    province_id = primary_key(province)
    wards = Ward.objects.filter(province_id=province_id) if province_id else Ward.objects.none()
    return render(request, "enterprises/_ward_options.html", {"wards": wards.order_by("name")})


@login_required
def enterprise_list(request):
    enterprises = enterprise_search(user=request.user, params=request.GET).select_related(
        "province"
    )
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    states = assessment_states()
    labels = dict(states)
    # Each enterprise with the label of its latest assessment's state (with_latest_assessment).
    rows = [(e, labels.get(getattr(e, "latest_state", None) or "", "")) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/list.html",
        {
            "page": page,
            "rows": rows,
            "params": {key: request.GET.get(key, "").strip() for key in SEARCH_FILTERS},
            "query": query.urlencode(),
            "provinces": Province.objects.filter(
                pk__in=visible_enterprises(request.user).values("province_id")
            ),
            "sections": Section.choices,
            "sizes": SizeClass.choices,
            "states": states,
            "may_import": may_import(request.user),
        },
    )


@login_required
def enterprise_detail_view(request, pk: int):
    detail = enterprise_detail(user=request.user, pk=pk)
    if detail is None:
        raise Http404
    context = {**detail, "invite_form": InviteConsultantForm()}
    return render(request, "enterprises/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk: int):
    detail = enterprise_detail(user=request.user, pk=pk)
    if detail is None:
        raise Http404
    if not detail["is_member"]:
        raise PermissionDenied
    form = EnterpriseProfileForm(request.POST or None, instance=detail["enterprise"])
    if request.method == "POST" and form.is_valid():
        # A submission that crossed the form's province check is refused on the province.
        with refusal_for_form(form, "province") as refused:
            enterprise_update(enterprise=form.save(commit=False))
        if not refused.refusal:
            messages.success(request, _("Đã lưu thông tin doanh nghiệp."))
            return redirect("enterprise-detail", pk=pk)
    status = 400 if form.errors else 200
    context = {"form": form, "enterprise": detail["enterprise"]}
    return render(request, "enterprises/edit.html", context, status=status)


@login_required
@require_POST
def consultant_invite(request, pk: int):
    enterprise = get_object_or_404(visible_enterprises(request.user), pk=pk)
    form = InviteConsultantForm(request.POST)
    if form.is_valid():
        consultant = consultant_by_email_or_number(form.cleaned_data["consultant"])
        if consultant is None:
            form.add_error("consultant", _("Không tìm thấy chuyên gia với email hoặc số này."))
        else:
            with refusal_for_form(form, "consultant"):
                # The consultant hears of it in the inbox and by email (queued on commit).
                engagement_invite(
                    enterprise=enterprise, consultant=consultant, invited_by=request.user
                )
    if form.errors:
        detail = enterprise_detail(user=request.user, pk=pk)
        if detail is None:  # no longer visible since the check above
            raise Http404
        return render(
            request, "enterprises/detail.html", {**detail, "invite_form": form}, status=400
        )
    messages.success(request, _("Đã gửi lời mời tới chuyên gia."))
    return redirect("enterprise-detail", pk=pk)


@login_required
@require_POST
@back_on_refusal("enterprise-detail", pk="pk")
def membership_decide_view(request, pk: int, membership_pk: int):
    enterprise = get_object_or_404(visible_enterprises(request.user), pk=pk)
    membership = get_object_or_404(Membership, pk=membership_pk, enterprise=enterprise)
    membership_decide(
        membership=membership,
        by=request.user,
        approve=request.POST.get("decision") == "approve",
    )
    return redirect("enterprise-detail", pk=pk)
