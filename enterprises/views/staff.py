"""Consultant applications, the ministry's accreditation queue, and staff invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dbi_portal.refusals import back_on_refusal

from ..emails import staff_invitation_email_queue
from ..forms import ConsultantApplicationForm, StaffInviteForm
from ..models import Accreditation, MinistryReviewer
from ..services import accreditation_decide, consultant_apply, staff_invite


def _require_ministry(user) -> None:
    if not (user.is_superuser or MinistryReviewer.objects.filter(user=user).exists()):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def consultant_apply_view(request):
    form = ConsultantApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consultant_apply(user=request.user, **form.cleaned_data)
        messages.success(request, _("Đã gửi hồ sơ. Bạn có thể nhận lời mời sau khi Bộ công nhận."))
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "enterprises/consultant_apply.html", {"form": form}, status=status)


@login_required
def accreditation_queue(request):
    _require_ministry(request.user)
    pending = Accreditation.objects.filter(status=Accreditation.Status.PENDING).select_related(
        "consultant__user", "consultant__firm"
    )
    page = Paginator(pending.order_by("created_at"), 25).get_page(request.GET.get("page"))
    return render(request, "enterprises/accreditations.html", {"page": page, "query": ""})


@login_required
@require_POST
@back_on_refusal("accreditation-queue")
def accreditation_decide_view(request, pk: int):
    _require_ministry(request.user)
    accreditation = get_object_or_404(Accreditation, pk=pk)
    accreditation_decide(
        accreditation=accreditation,
        by=request.user,
        approve=request.POST.get("decision") == "approve",
    )
    messages.success(request, _("Đã ghi nhận quyết định."))
    return redirect("accreditation-queue")


@login_required
@require_http_methods(["GET", "POST"])
def staff_invite_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = staff_invite(
            by=request.user,
            email=data["email"],
            full_name=data["full_name"],
            province=data["province"],
            **{k: data[k] for k in ("can_assess", "can_approve", "can_appraise", "can_issue")},
        )
        email = invitation.user.email
        if invitation.send_link:
            staff_invitation_email_queue(user=invitation.user, request=request)
        if invitation.reclaimed:
            message = _(
                "Đã mời %(email)s. Địa chỉ này đã có tài khoản nhưng chưa từng đăng nhập: mật khẩu "
                "đã đặt cho tài khoản đó (nếu có) không còn dùng được; người được mời đặt mật khẩu "
                "qua liên kết mới trong email."
            )
        elif invitation.send_link:
            message = _("Đã mời %(email)s.")
        else:
            message = _("Đã cập nhật nhiệm vụ của %(email)s.")
        messages.success(request, message % {"email": email})
        return redirect("staff-invite")
    status = 400 if form.errors else 200
    return render(request, "enterprises/staff_invite.html", {"form": form}, status=status)
