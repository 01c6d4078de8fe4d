"""Reads for certificates: who may issue, who may see which certificate, the facts a renderer
needs, public verification and search, and the honour list. Each issues a fixed number of
queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.lookups import Exact
from django.utils import timezone

from assessments.models import (
    Assessment,
    Framework,
)
from assessments.selectors import WorkQueue, assessments_visible_to, work_queues
from dbi_portal.keyset import Cursor, KeysetPage, keyset_page
from enterprises.access import Viewer, enterprise_scope
from enterprises.duties import conflicted_expression
from enterprises.models import Enterprise, MinistryReviewer, User

from .facts import CertificateFacts, PillarLevel
from .models import HONOUR_ORDER, Certificate, CertificateEvent, HonourOptOut
from .verification import (
    code_matches,
    looks_like_code,
    normalize_code,
    verification_url,
)


def may_issue(user: Viewer) -> bool:
    """Issuing and revoking belong to ministry reviewers with the issuer duty."""
    return (
        user.is_authenticated
        and user.is_active
        and MinistryReviewer.objects.filter(user=user, can_issue=True).exists()
    )


def certificates_visible_to(user: Viewer) -> QuerySet[Certificate]:
    """Certificates of the enterprises ``user`` may see: its members, its assessors, the
    ministry (``enterprises.access``)."""
    return Certificate.objects.filter(
        enterprise__in=Enterprise.objects.filter(enterprise_scope(user))
    )


def certificate_facts(certificate: Certificate) -> CertificateFacts:
    """What the certificate states, as plain data for the renderers (no query)."""
    return CertificateFacts(
        number=certificate.number,
        enterprise_name=certificate.enterprise_name,
        tax_code=certificate.tax_code,
        province_name=certificate.province_name,
        framework_name_vi=certificate.framework_name_vi,
        framework_name_en=certificate.framework_name_en,
        decision_vi=certificate.decision_vi,
        decision_en=certificate.decision_en,
        period=certificate.period,
        overall_level=certificate.overall_level,
        level_name_vi=certificate.level_name_vi,
        level_name_en=certificate.level_name_en,
        total_points=certificate.total_points,
        max_points=certificate.max_points,
        pillars=tuple(
            PillarLevel(
                code=p["code"], name_vi=p["name_vi"], name_en=p.get("name_en", ""), level=p["level"]
            )
            for p in certificate.pillars
        ),
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        authority_name_vi=certificate.authority_name_vi,
        authority_name_en=certificate.authority_name_en,
        signer_name=certificate.signer_name,
        signer_title=certificate.signer_title,
        verification_code=certificate.verification_code,
        verification_url=verification_url(certificate.verification_code),
        framework_version=certificate.framework_version,
        on_reference_questions=certificate.on_reference_questions,
        scoring_method=certificate.scoring_method,
    )


class Verdict:
    """What a verification code turned out to be."""

    FOUND = "found"
    UNKNOWN = "unknown"  # no certificate has this code (mistyped, made up or altered)
    TAMPERED = "tampered"  # the record no longer matches its own code


@dataclass(frozen=True)
class Verification:
    verdict: str
    certificate: Certificate | None = None
    status: str = ""  # the status as of today, when found


def certificate_verify(*, code: str, today: datetime.date | None = None) -> Verification:
    """Look a code up and recompute its HMAC over the stored content (one query)."""
    code = normalize_code(code)
    if not looks_like_code(code):
        return Verification(Verdict.UNKNOWN)
    certificate = (
        Certificate.objects.select_related("replaced_by").filter(verification_code=code).first()
    )
    if certificate is None:
        return Verification(Verdict.UNKNOWN)
    if not code_matches(certificate):
        return Verification(Verdict.TAMPERED, certificate)
    return Verification(
        Verdict.FOUND, certificate, certificate.status_on(today or timezone.localdate())
    )


def certificate_search(*, number: str = "", tax_code: str = "") -> QuerySet[Certificate]:
    """Certificates with exactly this number or tax code, newest first (nothing without either,
    so the public search cannot list everything)."""
    number, tax_code = number.strip().upper(), "".join(tax_code.split())
    if not number and not tax_code:
        return Certificate.objects.none()
    condition = Q()
    if number:
        condition &= Q(number=number)
    if tax_code:
        condition &= Q(tax_code=tax_code)
    return Certificate.objects.filter(condition).order_by("-issued_on", "-pk")


def certificate_history(*, assessment: Assessment) -> list[Certificate]:
    """Every certificate of an assessment, newest first, with its events (two queries)."""
    events = CertificateEvent.objects.select_related("actor").order_by("at", "pk")
    return list(
        Certificate.objects.filter(assessment=assessment)
        .select_related("revoked_by", "issued_by")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-issued_at", "-pk")
    )


def valid_on(today: datetime.date) -> Q:
    return Q(status=Certificate.Status.VALID, valid_until__gte=today)


def honour_list(
    *,
    level: int | None = None,
    province_id: int | None = None,
    sector: str = "",
    today: datetime.date | None = None,
    framework_code: str = "",
) -> QuerySet[Certificate]:
    """Each enterprise's latest valid certificate, unless it opted out; highest level first.
    With ``framework_code``, its latest valid certificate of that framework (the levels and
    scores of different frameworks are not comparable)."""
    today = today or timezone.localdate()
    same_framework = Q(framework_code=framework_code) if framework_code else Q()
    newer = Certificate.objects.filter(
        same_framework,
        valid_on(today),
        enterprise=OuterRef("enterprise"),
    ).filter(Q(period__gt=OuterRef("period")) | Q(period=OuterRef("period"), pk__gt=OuterRef("pk")))
    queryset = (
        Certificate.objects.filter(same_framework, valid_on(today))
        .exclude(Exists(HonourOptOut.objects.filter(enterprise=OuterRef("enterprise"))))
        .exclude(Exists(newer))
    )
    if level is not None:
        # Said as the index says it (-overall_level), so that the index reads only that level.
        queryset = queryset.filter(Exact(HONOUR_ORDER.expressions()[0], -level))
    if province_id is not None:
        queryset = queryset.filter(enterprise__province_id=province_id)
    if sector:
        queryset = queryset.filter(enterprise__sector_section=sector)
    return queryset.order_by(*(e.asc() for e in HONOUR_ORDER.expressions()))


def honour_page(
    *,
    level: int | None = None,
    province_id: int | None = None,
    sector: str = "",
    cursor: Cursor | None = None,
    size: int = 20,
    today: datetime.date | None = None,
    framework_code: str = "",
) -> KeysetPage:
    """One page of the honour list after (or before) ``cursor``, read along the index
    ``certificate_honour_order``: one query, however deep the page and however long the list
    (no OFFSET, no count). With ``framework_code``, that framework's certificates only."""
    queryset = honour_list(
        level=level,
        province_id=province_id,
        sector=sector,
        today=today,
        framework_code=framework_code,
    ).select_related("enterprise")
    return keyset_page(queryset, order=HONOUR_ORDER, size=size, cursor=cursor)


def honour_frameworks(*, today: datetime.date | None = None) -> list[Framework]:
    """The frameworks in which some enterprise that did not opt out holds a valid
    certificate, by code: what the honour list offers to pick from (one query)."""
    today = today or timezone.localdate()
    listed = Certificate.objects.filter(valid_on(today), framework_code=OuterRef("code")).exclude(
        Exists(HonourOptOut.objects.filter(enterprise=OuterRef("enterprise")))
    )
    return list(Framework.objects.filter(Exists(listed)).order_by("code"))


def issuable_assessments() -> QuerySet[Assessment]:
    """Appraised assessments without a valid certificate: what a batch may issue."""
    return (
        Assessment.objects.filter(state=Assessment.State.APPRAISED)
        .exclude(
            Exists(
                Certificate.objects.filter(
                    assessment=OuterRef("pk"), status=Certificate.Status.VALID
                )
            )
        )
        .select_related("enterprise__province", "framework")
        .order_by("-period", "enterprise__name_vi", "pk")
    )


def certificate_work_queue(*, user: User) -> WorkQueue | None:
    """For an issuer, what waits to be issued (``issuable_assessments``) among the assessments
    they may see, of enterprises they are not a member of (``enterprises.duties``); None for
    anyone who may not issue. Two queries at most."""
    if not may_issue(user):
        return None
    State = Assessment.State
    base = (
        issuable_assessments()
        .filter(pk__in=assessments_visible_to(user).values("pk"))
        .exclude(conflicted_expression(user))
    )
    return work_queues(base, {"to_issue": (State.APPRAISED, Q(state=State.APPRAISED))})[0]


def with_current_certificate(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """``assessments`` with ``current_certificate_id``: the latest valid certificate of each
    (None without one), in the same query."""
    current = Certificate.objects.filter(
        assessment=OuterRef("pk"), status=Certificate.Status.VALID
    ).order_by("-issued_at", "-pk")
    return assessments.annotate(current_certificate_id=Subquery(current.values("pk")[:1]))
