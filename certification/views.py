"""Certificate pages.

Signed in: an assessment's certificate panel (issue, re-issue, revoke with a reason, download,
history, honour-list choice), the PDF download, and batch issuing with a progress bar.
Public (no login): verification by code, search by number or tax code, the honour list.
"""

from __future__ import annotations

import re
from typing import TypeGuard

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from assessments.catalog import DEFAULT_FRAMEWORK_CODE
from assessments.models import Assessment, Column
from assessments.selectors import assessments_visible_to
from assessments.step_selectors import certified_result, missing_criteria
from dbi_portal.keyset import cursor_loads
from dbi_portal.params import primary_key, whole_number
from dbi_portal.public_cache import public_fragment
from dbi_portal.refusals import back_on_refusal, refusal_shown
from enterprises.access import is_active_member, visible_enterprises
from enterprises.models import Province
from enterprises.sectors import Section

from .models import HONOUR_ORDER, Certificate, CertificateBatch, HonourOptOut
from .selectors import (
    Verdict,
    certificate_history,
    certificate_search,
    certificate_verify,
    certificates_visible_to,
    honour_frameworks,
    honour_page,
    issuable_assessments,
    may_issue,
)
from .services import (
    certificate_issue,
    certificate_issue_batch,
    certificate_issue_once,
    certificate_render_request,
    certificate_revoke,
    honour_preference_set,
)
from .verification import grouped

PUBLIC_PAGE_SIZE = 20
# A framework's code (a slug); anything else reads as the default.
FRAMEWORK_CODE = re.compile(r"^[a-z0-9-]{1,50}$")
BATCH_PAGE_SIZE = 100
PDF_RETRY_SECONDS = 5  # a certificate renders in well under a second once its task runs


def _panel_context(request, assessment: Assessment, **extra) -> dict:
    history = certificate_history(assessment=assessment)
    current = next((c for c in history if c.status == Certificate.Status.VALID), None)
    member = is_active_member(request.user, assessment.enterprise_id)
    return {
        "assessment": assessment,
        "history": history,
        "current": current,
        "today": timezone.localdate(),
        # A member of the enterprise does not certify it (enterprises.duties): no buttons.
        "may_issue": may_issue(request.user) and not member,
        "appraised": assessment.state == Assessment.State.APPRAISED,
        "is_member": member,
        "listed": member
        and not HonourOptOut.objects.filter(enterprise_id=assessment.enterprise_id).exists(),
        **extra,
    }


@login_required
def certificate_panel(request, pk: int):
    assessment = get_object_or_404(assessments_visible_to(request.user), pk=pk)
    return render(request, "certification/panel.html", _panel_context(request, assessment))


@login_required
@require_http_methods(["GET", "POST"])
@back_on_refusal("certificate-panel", pk="pk")
def certificate_issue_view(request, pk: int):
    """GET: what issuing (or re-issuing) will certify — the ministry's result, the certificate
    it replaces, the criteria the ministry's column has no level for — with "Xác nhận" and
    "Quay lại"; POST: issue it."""
    assessment = get_object_or_404(assessments_visible_to(request.user), pk=pk)
    if request.method == "GET":
        context = _panel_context(request, assessment)
        if not context["may_issue"]:
            raise PermissionDenied
        if not context["appraised"]:
            return redirect("certificate-panel", pk=pk)
        context |= {
            "certified": certified_result(assessment),
            "missing": missing_criteria(assessment, Column.MINISTRY),
        }
        return render(request, "certification/issue_confirm.html", context)
    if "replaces" not in request.POST:  # a form from before requests named what they saw
        certificate = certificate_issue(assessment_id=assessment.pk, user=request.user)
    else:
        seen = request.POST["replaces"].strip()
        replaces = primary_key(seen)
        if seen and replaces is None:
            return HttpResponseBadRequest()
        issued = certificate_issue_once(
            assessment_id=assessment.pk, user=request.user, replaces=replaces
        )
        certificate = issued.certificate
        if not issued.created:  # sent twice (double click, back and resend): one certificate
            messages.info(
                request,
                _(
                    "Yêu cầu này đã được thực hiện: chứng nhận số %(number)s đã được cấp; "
                    "không cấp thêm chứng nhận nào."
                )
                % {"number": certificate.number},
            )
            return redirect("certificate-panel", pk=pk)
    messages.success(
        request,
        _(
            "Đã cấp chứng nhận số %(number)s. Tiếp theo: doanh nghiệp tải chứng nhận (PDF) và "
            "dùng trang xác minh công khai; doanh nghiệp sẽ được thông báo."
        )
        % {"number": certificate.number},
    )
    return redirect("certificate-panel", pk=pk)


@login_required
@require_POST
def certificate_revoke_view(request, pk: int):
    certificate = get_object_or_404(
        certificates_visible_to(request.user).select_related("assessment__enterprise"), pk=pk
    )
    reason = request.POST.get("reason", "")
    # A refusal is said in the panel's revoke form, with the reason typed.
    with refusal_shown() as refused:
        certificate_revoke(certificate_id=certificate.pk, user=request.user, reason=reason)
    if refused.refusal:
        context = _panel_context(
            request,
            certificate.assessment,
            revoke_error=refused.refusal.message,
            revoke_reason=reason,
            revoke_target=certificate.pk,
        )
        return render(request, "certification/panel.html", context, status=400)
    messages.success(request, _("Đã thu hồi chứng nhận số %(number)s.") % {"number": certificate})
    return redirect("certificate-panel", pk=certificate.assessment_id)


def _stored(name: str | None) -> TypeGuard[str]:
    return name is not None and name != "" and default_storage.exists(name)


@transaction.non_atomic_requests  # reads only: asking for a rendering writes no row
@login_required
@require_safe
def certificate_pdf_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """For the enterprise's members, its assessors and the ministry: the stored PDF.

    A GET that reads only. Issuing queues the rendering (``certificate_render_task``); when its
    file is not stored yet (the task has not run, has failed, or the file was lost) this asks
    for a rendering (``certificate_render_request`` queues the same idempotent task; nothing is
    rendered or locked here) and answers 202 with a page saying that the PDF is being prepared,
    which reloads itself (``Retry-After`` says when). With Celery eager the task has run by
    then, so the file is served at once."""
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    name = certificate.pdf.name
    if not _stored(name):
        certificate_render_request(certificate_id=certificate.pk)
        certificate.refresh_from_db(fields=["pdf"])
        name = certificate.pdf.name
    if not _stored(name):
        context = {"certificate": certificate, "retry_seconds": PDF_RETRY_SECONDS}
        response = render(request, "certification/pdf_pending.html", context, status=202)
        response["Retry-After"] = str(PDF_RETRY_SECONDS)
        return response
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def honour_preference(request, pk: int):
    enterprise = get_object_or_404(visible_enterprises(request.user), pk=pk)
    listed = request.POST.get("listed") == "yes"
    honour_preference_set(enterprise_id=enterprise.pk, user=request.user, listed=listed)
    if listed:
        messages.success(request, _("Doanh nghiệp sẽ hiện trong danh sách vinh danh."))
    else:
        messages.success(request, _("Doanh nghiệp sẽ không hiện trong danh sách vinh danh."))
    if back := primary_key(request.POST.get("assessment")):
        return redirect("certificate-panel", pk=back)
    return redirect("enterprise-detail", pk=enterprise.pk)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_batch_new(request):
    """Pick appraised assessments without a valid certificate and issue them in one batch."""
    if not may_issue(request.user):
        raise PermissionDenied
    candidates = issuable_assessments()
    if request.method == "POST":
        if request.POST.get("all") == "yes":
            ids = list(candidates.values_list("pk", flat=True))
        else:
            ids = [pk for v in request.POST.getlist("assessment") if (pk := primary_key(v))]
            ids = list(candidates.filter(pk__in=ids).values_list("pk", flat=True))
        # Refused (nothing chosen): said above the same list, re-rendered.
        with refusal_shown() as refused:
            batch = certificate_issue_batch(assessment_ids=ids, user=request.user)
            return redirect("certificate-batch", pk=batch.pk)
        messages.error(request, refused.message)
    page = Paginator(candidates, BATCH_PAGE_SIZE).get_page(request.GET.get("page"))
    recent = CertificateBatch.objects.filter(created_by=request.user)[:5]
    context = {"page": page, "query": "", "recent": recent}
    return render(request, "certification/batch_new.html", context)


@login_required
def certificate_batch(request, pk: int):
    if not may_issue(request.user):
        raise PermissionDenied
    batch = get_object_or_404(CertificateBatch, pk=pk)
    context = {"batch": batch, "job": batch}
    if request.htmx and request.GET.get("progress"):
        return render(request, "certification/_batch_progress.html", context)
    return render(request, "certification/batch.html", context)


# Public pages -----------------------------------------------------------------------------


@require_GET
def certificate_verify_page(request, code: str):
    """What a QR code opens: the certificate's status and facts, or a plain 404 page saying
    that the code matches no certificate or that the record does not match its code."""
    verification = certificate_verify(code=code)
    context = {
        "verification": verification,
        "certificate": verification.certificate,
        "status": verification.status,
        "code": (
            grouped(verification.certificate.verification_code)
            if verification.certificate is not None and verification.verdict == Verdict.FOUND
            else code
        ),
    }
    status = 200 if verification.verdict == Verdict.FOUND else 404
    return render(request, "certification/verify.html", context, status=status)


@require_GET
def certificate_search_page(request):
    number = request.GET.get("number", "").strip()[:30]
    tax_code = request.GET.get("tax_code", "").strip()[:20]
    results = certificate_search(number=number, tax_code=tax_code)
    page = Paginator(results, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "number": number,
        "tax_code": tax_code,
        "searched": bool(number or tax_code),
        "today": timezone.localdate(),
        "query": urlencode({"number": number, "tax_code": tax_code}),
    }
    return render(request, "certification/search.html", context)


@transaction.non_atomic_requests  # reads only
@require_GET
def honour_list_page(request):
    """Public: read by keyset (``honour_page``), rendered once per framework, filter, cursor and
    language every ``DBI_PUBLIC_CACHE_SECONDS`` (``public_fragment``). One framework at a time
    (levels and scores of different frameworks are not comparable): ``?framework=``, by default
    the 2021 index, or the only framework with listed certificates. A cursor that is not ours
    reads as the first page."""
    level = whole_number(request.GET.get("level"), high=10)
    province = primary_key(request.GET.get("province"))
    sector = request.GET.get("sector", "")
    sector = sector if sector in Section.values else ""
    code = request.GET.get("framework", "")
    code = code if FRAMEWORK_CODE.fullmatch(code) else ""
    cursor = cursor_loads(HONOUR_ORDER, request.GET.get("cursor"))
    params = {"level": level, "province": province, "sector": sector}

    def listing() -> str:
        # The frameworks to pick from (a few rows), read with the page on a cache miss only.
        frameworks = honour_frameworks()
        framework = next((f for f in frameworks if f.code == code), None)
        if framework is None:
            framework = next((f for f in frameworks if f.code == DEFAULT_FRAMEWORK_CODE), None)
        if framework is None and len(frameworks) == 1:
            framework = frameworks[0]
        chosen = framework.code if framework else DEFAULT_FRAMEWORK_CODE
        # The links keep the framework (the 2021 index's stay as they were).
        kept = {**params, "framework": chosen} if chosen != DEFAULT_FRAMEWORK_CODE else params
        page = honour_page(
            level=level,
            province_id=province,
            sector=sector,
            cursor=cursor,
            size=PUBLIC_PAGE_SIZE,
            framework_code=chosen,
        )
        top = framework.max_level if framework else 5
        context = {
            "frameworks": frameworks,
            "framework": framework,
            "rows": page.rows,
            "next": page.next_cursor(),
            "previous": page.previous_cursor(),
            "first": page.first,
            "params": kept,
            "levels": range(top, 0, -1),
            "provinces": Province.objects.order_by("name"),
            "sections": Section.choices,
            "query": urlencode({k: v for k, v in kept.items() if v not in (None, "")}),
        }
        return render_to_string("certification/_honour_list.html", context)

    key = {
        **params,
        "framework": code,
        "cursor": cursor and [cursor.key, cursor.before, cursor.carry],
    }
    listing_html = public_fragment("honour", key, listing)
    return render(request, "certification/honour.html", {"listing": listing_html})
