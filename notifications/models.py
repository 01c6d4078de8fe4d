"""In-app notifications (the inbox); the same events are emailed. The things a notification is
about belong to other apps, so they are named by string ("app.Model"), never imported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class Notification(models.Model):
    """One person told about one thing: a step of an assessment's review chain (``assessment``
    and its audit ``event``), a step of an engagement (``engagement`` and the ``kind`` of step;
    an engagement is invited, answered and ended at most once each) or a step of a certificate's
    life (``certificate`` and ``kind``; ``assessment`` is the certificate's assessment, so the
    link to its certificate panel needs no join; issued, revoked and expired at most once each)."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Bước xét duyệt hồ sơ")
        ENGAGEMENT_INVITED = "engagement_invited", _("Lời mời tư vấn")
        ENGAGEMENT_ACCEPTED = "engagement_accepted", _("Chuyên gia nhận lời tư vấn")
        ENGAGEMENT_DECLINED = "engagement_declined", _("Chuyên gia từ chối lời mời tư vấn")
        ENGAGEMENT_ENDED = "engagement_ended", _("Hợp đồng tư vấn kết thúc")
        CERTIFICATE_ISSUED = "certificate_issued", _("Chứng nhận được cấp")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Chứng nhận bị thu hồi")
        CERTIFICATE_EXPIRED = "certificate_expired", _("Chứng nhận hết hiệu lực")

    ENGAGEMENT_KINDS = (
        Kind.ENGAGEMENT_INVITED,
        Kind.ENGAGEMENT_ACCEPTED,
        Kind.ENGAGEMENT_DECLINED,
        Kind.ENGAGEMENT_ENDED,
    )
    CERTIFICATE_KINDS = (
        Kind.CERTIFICATE_ISSUED,
        Kind.CERTIFICATE_REVOKED,
        Kind.CERTIFICATE_EXPIRED,
    )

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices, default=Kind.TRANSITION)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    event = models.ForeignKey(
        "assessments.AuditEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    engagement = models.ForeignKey(
        "enterprises.Engagement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    certificate = models.ForeignKey(
        "certification.Certificate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One notification per person per event: re-running the task adds nothing.
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once"),
            models.UniqueConstraint(
                fields=["recipient", "engagement", "kind"],
                condition=Q(engagement__isnull=False),
                name="notification_once_per_engagement_step",
            ),
            models.UniqueConstraint(
                fields=["recipient", "certificate", "kind"],
                condition=Q(certificate__isnull=False),
                name="notification_once_per_certificate_step",
            ),
            # About exactly one thing: a review step, a step of an engagement, or a step of a
            # certificate (with the certificate's assessment, for the link).
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="transition",
                        assessment__isnull=False,
                        event__isnull=False,
                        engagement__isnull=True,
                        certificate__isnull=True,
                    )
                    | Q(
                        kind__in=[
                            "engagement_invited",
                            "engagement_accepted",
                            "engagement_declined",
                            "engagement_ended",
                        ],
                        engagement__isnull=False,
                        assessment__isnull=True,
                        event__isnull=True,
                        certificate__isnull=True,
                    )
                    | Q(
                        kind__in=[
                            "certificate_issued",
                            "certificate_revoked",
                            "certificate_expired",
                        ],
                        certificate__isnull=False,
                        assessment__isnull=False,
                        event__isnull=True,
                        engagement__isnull=True,
                    )
                ),
                name="notification_about_one_thing",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        about = self.event_id or self.engagement_id or self.certificate_id
        return f"{self.recipient_id}: {self.kind} {about}"

    def get_absolute_url(self) -> str:
        """The page to act on: the assessment; the invitation (the consultant's page of the
        engagement) for the consultant; the enterprise for its members; the certificate panel of
        the assessment for a certificate's step."""
        if self.kind == self.Kind.TRANSITION:
            return reverse("assessment", args=[self.assessment_id])
        if self.kind in self.CERTIFICATE_KINDS or self.engagement is None:
            return reverse("certificate-panel", args=[self.assessment_id])
        if self.recipient_id == self.engagement.consultant.user_id:
            return reverse("engagement-respond", args=[self.engagement_id])
        return reverse("enterprise-detail", args=[self.engagement.enterprise_id])

    @property
    def actor(self) -> AbstractBaseUser | None:
        """Who took the step (never the recipient); None for a certificate's expiry (nobody).
        Each kind is about exactly one thing (``notification_about_one_thing``)."""
        if self.event is not None:  # a review step
            return self.event.actor
        if self.certificate is not None:
            if self.kind == self.Kind.CERTIFICATE_ISSUED:
                return self.certificate.issued_by
            if self.kind == self.Kind.CERTIFICATE_REVOKED:
                return self.certificate.revoked_by
            return None
        if self.engagement is None:
            return None
        if self.kind == self.Kind.ENGAGEMENT_INVITED:
            return self.engagement.invited_by
        if self.kind == self.Kind.ENGAGEMENT_ENDED:
            return self.engagement.ended_by
        return self.engagement.consultant.user
