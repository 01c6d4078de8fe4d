"""Writes for certificates, one service per step of their life: issue (or re-issue), revoke,
expire, render the PDF, issue many at once, and the enterprise's honour-list choice.

Each step locks the rows it changes, checks who acts and from which state, writes, appends a
``CertificateEvent`` and queues the slow work (rendering, emails) for after the commit.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerUnavailable

from assessments.models import Assessment, Column, ColumnResult, Criterion, LevelName
from dbi_portal.jobs import job_fail, job_finish, job_progress, job_start
from dbi_portal.refusals import Refusal, refuse
from enterprises.access import is_active_member
from enterprises.duties import Duty, refuse_if_conflicted
from enterprises.errors import NOT_A_MEMBER
from enterprises.models import User
from enterprises.selectors import authority_on, in_force_on

from .errors import (
    ALREADY_CERTIFIED,
    CHANGED_SINCE_SEEN,
    EMPTY_BATCH,
    MINISTRY_INCOMPLETE,
    NO_AUTHORITY,
    NO_SIGNER,
    NOT_APPRAISED,
    NOT_ISSUER,
    NOT_VALID,
    REASON_REQUIRED,
)
from .models import (
    Certificate,
    CertificateBatch,
    CertificateEvent,
    CertificateSequence,
    HonourOptOut,
    Signer,
)
from .selectors import certificate_facts, may_issue
from .tasks import certificate_batch_task, certificate_notify_task, certificate_render_task
from .verification import verification_code


def _ministry_incomplete(answered: int, total: int) -> Refusal:
    return refuse(
        MINISTRY_INCOMPLETE,
        MINISTRY_INCOMPLETE.message % {"answered": answered, "total": total},
    )


def _next_number(year: int) -> tuple[int, str]:
    """Take the year's next sequence number (gap-free: the row stays locked until the
    certificate that uses the number commits, and a rollback gives the number back)."""
    CertificateSequence.objects.bulk_create(
        [CertificateSequence(year=year, last=0)], ignore_conflicts=True
    )
    sequence = CertificateSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, f"DBI-{year}-{sequence.last:06d}"


def _notify(certificate_ids: list[int], kind: str) -> None:
    """After the commit, tell each certificate's enterprise (its active members) in the inbox
    and by email: one idempotent task per certificate (``notifications.certificate_notify``)."""
    for certificate_id in certificate_ids:
        certificate_notify_task.delay(certificate_id=certificate_id, kind=kind)


def _frozen_result(assessment: Assessment) -> tuple[ColumnResult, list[dict[str, object]]]:
    """The ministry column's stored result and its pillars; refused unless every criterion has
    the ministry's level (the certificate states the ministry's result, not a partial one)."""
    result = (
        ColumnResult.objects.filter(assessment=assessment, column=Column.MINISTRY)
        .prefetch_related("pillars__pillar")
        .first()
    )
    total = Criterion.objects.filter(framework_id=assessment.framework_id).count()
    answered = result.answered if result else 0
    if result is None or answered < total:
        raise _ministry_incomplete(answered, total)
    pillars = sorted(result.pillars.all(), key=lambda p: p.pillar.position)
    return result, [
        {
            "code": p.pillar.code,
            "name_vi": p.pillar.name_vi,
            "name_en": p.pillar.name_en,
            "level": p.level,
            "points": p.points,
            "max_points": p.pillar.max_points,
        }
        for p in pillars
    ]


def _locked_for_issue(assessment_id: int, user: User) -> Assessment:
    """The assessment, locked until the commit (issues of one assessment take turns), once the
    user is known to be an issuer who may certify its enterprise."""
    if not may_issue(user):
        raise refuse(NOT_ISSUER)
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("enterprise__province", "framework", "catalog_version")
        .get(pk=assessment_id)
    )
    # Separation of duties: an issuer does not certify an enterprise they are a member of.
    refuse_if_conflicted(user, assessment.enterprise_id, Duty.CERTIFY)
    return assessment


@transaction.atomic
def certificate_issue(*, assessment_id: int, user: User, reissue: bool = True) -> Certificate:
    """Freeze a certificate of an appraised assessment's ministry result and queue its PDF.

    A valid certificate of the same assessment is replaced (marked replaced, linked to the new
    one, both kept); with ``reissue=False`` that case is refused instead (batches use it).
    Each call issues one more: a request that may be sent twice uses ``certificate_issue_once``."""
    assessment = _locked_for_issue(assessment_id, user)
    return _issue_locked(assessment, user, reissue=reissue)


@dataclass(frozen=True)
class Issued:
    """What an issue request led to: the certificate, and whether this request issued it
    (False: the same request had already been applied, and this is the certificate it issued)."""

    certificate: Certificate
    created: bool


@transaction.atomic
def certificate_issue_once(*, assessment_id: int, user: User, replaces: int | None) -> Issued:
    """Issue (``replaces=None``) or re-issue (``replaces`` = the valid certificate the caller
    saw) once, however often the request is sent.

    Under the assessment's lock the valid certificate now is compared with the one the caller
    saw: the same, it is issued (or replaced) as asked; a later one, the request was already
    applied (a double click, a retried call, two tabs) and that certificate is the answer, with
    nothing issued; none any more (revoked or expired since), the request is refused as out of
    date, so nobody re-issues what they did not see."""
    assessment = _locked_for_issue(assessment_id, user)
    current = (
        Certificate.objects.select_for_update()
        .filter(assessment=assessment, status=Certificate.Status.VALID)
        .first()
    )
    current_id = current.pk if current else None
    if current_id == replaces:
        return Issued(_issue_locked(assessment, user, reissue=True), created=True)
    seen_here = replaces is None or (
        Certificate.objects.filter(pk=replaces, assessment=assessment).exists()
    )
    # One valid certificate at a time: a valid one issued after the one seen was issued by a
    # request that saw the same state, i.e. this request's intent is already done.
    if current is not None and seen_here and (replaces is None or current.pk > replaces):
        return Issued(current, created=False)
    raise refuse(CHANGED_SINCE_SEEN)


def _issue_locked(assessment: Assessment, user: User, *, reissue: bool) -> Certificate:
    if assessment.state != Assessment.State.APPRAISED:
        raise refuse(NOT_APPRAISED)
    result, pillars = _frozen_result(assessment)
    today = timezone.localdate()
    authority = authority_on(day=today)
    if authority is None:
        raise refuse(NO_AUTHORITY)
    signer = in_force_on(Signer.objects.all(), today)
    if signer is None:
        raise refuse(NO_SIGNER)
    previous = (
        Certificate.objects.select_for_update()
        .filter(assessment=assessment, status=Certificate.Status.VALID)
        .first()
    )
    if previous is not None:
        if not reissue:
            raise refuse(ALREADY_CERTIFIED)
        previous.status = Certificate.Status.REPLACED
        previous.ended_at = timezone.now()
        previous.save(update_fields=["status", "ended_at"])

    framework, enterprise = assessment.framework, assessment.enterprise
    level_name = LevelName.objects.filter(framework=framework, level=result.level).first()
    sequence, number = _next_number(today.year)
    certificate = Certificate(
        assessment=assessment,
        enterprise=enterprise,
        number=number,
        year=today.year,
        sequence=sequence,
        enterprise_name=enterprise.name_vi,
        tax_code=enterprise.tax_code,
        province_name=enterprise.province.name,
        framework_code=framework.code,
        framework_name_vi=framework.name_vi,
        framework_name_en=framework.name_en,
        framework_version=framework.version,
        scoring_method=framework.scoring_method,
        on_reference_questions=assessment.catalog_version.is_reference,
        decision_vi=framework.decision_vi,
        decision_en=framework.decision_en,
        period=assessment.period,
        overall_level=result.level,
        level_name_vi=level_name.name_vi if level_name else str(result.level),
        level_name_en=level_name.name_en if level_name else "",
        total_points=result.total,
        max_points=framework.max_points,
        pillars=pillars,
        issued_on=today,
        valid_until=today + datetime.timedelta(days=settings.DBI_CERTIFICATE_VALIDITY_DAYS),
        authority=authority,
        authority_name_vi=authority.name_vi,
        authority_name_en=authority.name_en,
        signer=signer,
        signer_name=signer.full_name,
        signer_title=signer.title,
        issued_by=user,
        replaces=previous,
    )
    certificate.verification_code = verification_code(certificate)
    certificate.save()
    if previous is not None:
        CertificateEvent.objects.create(
            certificate=previous,
            action=CertificateEvent.Action.REPLACED,
            actor=user,
            reason=certificate.number,
        )
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateEvent.Action.ISSUED, actor=user
    )
    _queue_render(certificate.pk)
    _notify([certificate.pk], "certificate_issued")
    return certificate


def _queue_render(certificate_id: int) -> None:
    certificate_render_task.delay(certificate_id=certificate_id)


@transaction.atomic
def certificate_revoke(*, certificate_id: int, user: User, reason: str) -> Certificate:
    """Withdraw a valid certificate, saying why; the verification page shows it from now on."""
    if not may_issue(user):
        raise refuse(NOT_ISSUER)
    if not reason.strip():
        raise refuse(REASON_REQUIRED)
    certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
    refuse_if_conflicted(user, certificate.enterprise_id, Duty.CERTIFY)
    if certificate.status != Certificate.Status.VALID:
        raise refuse(NOT_VALID)
    now = timezone.now()
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = certificate.ended_at = now
    certificate.revoked_by = user
    certificate.revocation_reason = reason.strip()
    certificate.save(
        update_fields=["status", "revoked_at", "ended_at", "revoked_by", "revocation_reason"]
    )
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateEvent.Action.REVOKED,
        actor=user,
        reason=certificate.revocation_reason,
    )
    _notify([certificate.pk], "certificate_revoked")
    return certificate


@transaction.atomic
def certificates_expire(*, today: datetime.date) -> int:
    """Mark expired every valid certificate whose last valid day is before ``today`` and tell
    its enterprise; returns how many (0 when run again the same day)."""
    certificates = list(
        Certificate.objects.select_for_update()
        .filter(status=Certificate.Status.VALID, valid_until__lt=today)
        .order_by("pk")
    )
    if not certificates:
        return 0
    now = timezone.now()
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(
        status=Certificate.Status.EXPIRED, ended_at=now
    )
    CertificateEvent.objects.bulk_create(
        [
            CertificateEvent(certificate=c, action=CertificateEvent.Action.EXPIRED)
            for c in certificates
        ]
    )
    _notify([c.pk for c in certificates], "certificate_expired")
    return len(certificates)


def pdf_name(certificate: Certificate) -> str:
    """Always the same name for the same certificate, so a re-render overwrites its file."""
    return f"certificates/{certificate.year}/{certificate.number}.pdf"


logger = logging.getLogger(__name__)

# How long one request for a rendering stands: a page that asks again within it queues nothing.
RENDER_REQUEST_SECONDS = 60


def certificate_render_request(*, certificate_id: int) -> bool:
    """Ask for the certificate's PDF to be rendered in the background, when its file is not
    stored (the rendering queued at issue has not run yet, has failed, or the file was lost):
    queue the idempotent ``certificate_render_task``, at most once per
    ``RENDER_REQUEST_SECONDS`` for one certificate, so a waiting page that reloads does not fill
    the queue. Returns whether a task was queued.

    Queuing is not rendering: nothing is rendered, written or locked here, so a GET may call it
    (outside a transaction the task is sent at once; with Celery eager, as in tests and in
    development without a broker, it runs before this returns). A broker that cannot be reached
    is logged and the request withdrawn, for the next visit to try again."""
    key = f"certificate-render-request:{certificate_id}"
    if not cache.add(key, True, RENDER_REQUEST_SECONDS):
        return False
    try:
        certificate_render_task.delay(certificate_id=certificate_id)
    except BrokerUnavailable:
        cache.delete(key)
        logger.warning("could not queue the rendering of certificate %s", certificate_id)
        return False
    return True


def certificate_render(*, certificate_id: int) -> str:
    """Render the certificate's PDF from its frozen record and store it under its fixed name,
    replacing an earlier rendering; returns the stored name. Safe to run any number of times."""
    from .pdf import certificate_pdf  # the renderer (WeasyPrint) loads only where it is used

    certificate = Certificate.objects.get(pk=certificate_id)
    content = certificate_pdf(certificate_facts(certificate), language="vi")
    name = pdf_name(certificate)
    with transaction.atomic():
        # The row lock serializes two renderings of one certificate, so the name stays free.
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if default_storage.exists(name):
            default_storage.delete(name)
        stored = default_storage.save(name, ContentFile(content))
        Certificate.objects.filter(pk=certificate_id).update(
            pdf=stored, pdf_rendered_at=timezone.now()
        )
    return stored


@transaction.atomic
def certificate_issue_batch(*, assessment_ids: list[int], user: User) -> CertificateBatch:
    """Issue certificates for many assessments in the background; the batch row counts
    progress. Assessments that already have a valid certificate are skipped, not re-issued."""
    if not may_issue(user):
        raise refuse(NOT_ISSUER)
    ids = list(dict.fromkeys(int(i) for i in assessment_ids))
    if not ids:
        raise refuse(EMPTY_BATCH)
    batch = CertificateBatch.objects.create(created_by=user, assessment_ids=ids, total=len(ids))
    certificate_batch_task.delay(batch_id=batch.pk)
    return batch


def certificate_batch_run(*, batch_id: int) -> CertificateBatch:
    """Work through a batch, one assessment per transaction, saving the counters after each so
    the page can show progress. A retried task carries on where the last run stopped."""
    if not job_start(job_model=CertificateBatch, job_id=batch_id):
        return CertificateBatch.objects.get(pk=batch_id)
    batch = CertificateBatch.objects.select_related("created_by").get(pk=batch_id)
    for assessment_id in batch.assessment_ids[batch.processed :]:
        counter, problem = "issued", None
        try:
            certificate_issue(assessment_id=assessment_id, user=batch.created_by, reissue=False)
        except Refusal as error:
            if error.code == ALREADY_CERTIFIED:
                counter = "skipped"
            else:
                counter, problem = "failed", str(error.message)
        except Assessment.DoesNotExist:
            counter, problem = "failed", str(_("Không tìm thấy hồ sơ."))
        if problem:
            batch.problems.append({"assessment_id": assessment_id, "message": problem})
        setattr(batch, counter, getattr(batch, counter) + 1)
        job_progress(
            job_model=CertificateBatch,
            job_id=batch.pk,
            processed=F("processed") + 1,
            **{counter: F(counter) + 1},
            problems=batch.problems,
        )
    job_finish(job_model=CertificateBatch, job_id=batch.pk)
    batch.refresh_from_db()
    return batch


def certificate_batch_fail(*, batch_id: int) -> None:
    """Record that the batch's task gave up (its page stops waiting and says so); a batch that
    was done is left as it is."""
    job_fail(job_model=CertificateBatch, job_id=batch_id)


@dataclass(frozen=True)
class HonourChoice:
    enterprise_id: int
    listed: bool


@transaction.atomic
def honour_preference_set(*, enterprise_id: int, user: User, listed: bool) -> HonourChoice:
    """An active member of the enterprise chooses whether it appears on the public honour list."""
    if not is_active_member(user, enterprise_id):
        raise refuse(NOT_A_MEMBER)
    if listed:
        HonourOptOut.objects.filter(enterprise_id=enterprise_id).delete()
    else:
        HonourOptOut.objects.get_or_create(
            enterprise_id=enterprise_id, defaults={"decided_by": user}
        )
    return HonourChoice(enterprise_id=enterprise_id, listed=listed)
