"""The consultant's side of an engagement, and ending one from either side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dbi_portal.refusals import EVERY_KIND, back_on_refusal, refusal_for_form

from ..forms import EndEngagementForm, IndependenceForm
from ..models import Engagement
from ..selectors import engagements_of
from ..services import engagement_accept, engagement_decline, engagement_end


@login_required
@require_http_methods(["GET", "POST"])
def engagement_respond(request, pk: int):
    # Only the invited consultant answers; the enterprise's members end it instead.
    engagement = get_object_or_404(
        Engagement.objects.filter(consultant__user=request.user).select_related("enterprise"),
        pk=pk,
    )
    form = IndependenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Every refusal, a member accepting too (member_conflict), is said on the form.
        with refusal_for_form(form, kinds=EVERY_KIND):
            if request.POST.get("decision") == "decline":
                engagement_decline(engagement=engagement, user=request.user)
                messages.info(request, _("Đã từ chối lời mời."))
            else:
                engagement_accept(engagement=engagement, user=request.user, **form.cleaned_data)
                messages.success(request, _("Đã nhận lời. Bạn có thể đánh giá doanh nghiệp này."))
            return redirect("home")
    status = 400 if form.errors else 200
    return render(
        request,
        "enterprises/engagement_respond.html",
        {"engagement": engagement, "form": form},
        status=status,
    )


@login_required
@require_POST
@back_on_refusal("home")
def engagement_end_view(request, pk: int):
    engagement = get_object_or_404(engagements_of(request.user), pk=pk)
    form = EndEngagementForm(request.POST)
    form.is_valid()
    engagement_end(
        engagement=engagement, user=request.user, reason=form.cleaned_data.get("reason", "")
    )
    messages.success(request, _("Đã kết thúc hợp đồng tư vấn."))
    return redirect("home")
