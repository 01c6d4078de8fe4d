"""Certificates as immutable records: everything a certificate states is frozen when it is issued
(number, enterprise, levels, dates, authority, signer), and the PDF is rendered afterwards from
that record by a re-runnable task. Only the lifecycle (valid → revoked / expired / replaced) and
the rendered file change later, and each change leaves a ``CertificateEvent`` row."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.scoring import SME_BANDS_2021
from dbi_portal.i18n import localized
from dbi_portal.jobs import BackgroundJob, JobStatus, StrOrPromise
from dbi_portal.keyset import Order, index_expressions
from dbi_portal.text import NfcCharField, NfcTextField

# The honour list's order (certification.selectors.honour_page): highest level, then points, then
# name; the id breaks the last ties. Its index is ``certificate_honour_order``.
HONOUR_ORDER = Order(
    "honour",
    (("overall_level", True), ("total_points", True), ("enterprise_name", False), ("id", False)),
)


class Signer(models.Model):
    """Who signs certificates on behalf of the ministry for a period, with the title printed under
    the signature. Data, not literals: a new signer gets a new row from their first day."""

    full_name = NfcCharField(_("họ và tên"), max_length=255)
    title = NfcCharField(_("chức danh"), max_length=255)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("người ký chứng nhận")
        verbose_name_plural = _("người ký chứng nhận")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="signer_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.title}"


class CertificateSequence(models.Model):
    """The last number given in a year. Issuing locks this row (select_for_update) and takes the
    next number in the same transaction as the certificate, so numbers have no gaps and no
    duplicates however many people issue at once."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    last = models.PositiveIntegerField(_("số cuối cùng đã cấp"), default=0)

    class Meta:
        verbose_name = _("dãy số chứng nhận")
        verbose_name_plural = _("dãy số chứng nhận")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Còn hiệu lực")
        REVOKED = "revoked", _("Đã thu hồi")
        EXPIRED = "expired", _("Hết hiệu lực")
        REPLACED = "replaced", _("Đã được thay thế")

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="certificates"
    )
    # The assessment's enterprise, kept on the row for the lists that filter by it.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("số chứng nhận"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("năm cấp"))
    sequence = models.PositiveIntegerField(_("số thứ tự trong năm"))
    verification_code = models.CharField(_("mã xác minh"), max_length=32, unique=True)

    # What the certificate states, frozen at issue.
    enterprise_name = models.CharField(_("tên doanh nghiệp"), max_length=255)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, db_index=True)
    province_name = models.CharField(_("tỉnh/thành phố"), max_length=100)
    framework_code = models.CharField(_("mã bộ chỉ số"), max_length=50)
    framework_name_vi = models.CharField(_("bộ chỉ số (tiếng Việt)"), max_length=255)
    framework_name_en = models.CharField(_("bộ chỉ số (tiếng Anh)"), max_length=255, blank=True)
    framework_version = models.PositiveIntegerField(_("phiên bản bộ chỉ số"), default=1)
    # The framework's scoring method, which says the unit of ``total_points`` and of the
    # pillars' "points": 2021 points, the readiness index's R in thousandths, the large index's
    # percent in hundredths (assessments.scoring.UNIT_OF_METHOD).
    scoring_method = models.CharField(
        _("phương pháp tính điểm"), max_length=30, default=SME_BANDS_2021
    )
    # Answered on the portal's own reference questions, not the ministry's official ones (the
    # readiness index until its questions are published): the certificate says so.
    on_reference_questions = models.BooleanField(
        _("theo câu hỏi tham khảo của Cổng"), default=False
    )
    decision_vi = models.CharField(_("văn bản ban hành (tiếng Việt)"), max_length=255, blank=True)
    decision_en = models.CharField(_("văn bản ban hành (tiếng Anh)"), max_length=255, blank=True)
    period = models.PositiveSmallIntegerField(_("năm đánh giá"))
    overall_level = models.PositiveSmallIntegerField(_("mức tổng thể"))
    level_name_vi = models.CharField(_("tên mức (tiếng Việt)"), max_length=255)
    level_name_en = models.CharField(_("tên mức (tiếng Anh)"), max_length=255, blank=True)
    total_points = models.PositiveIntegerField(_("tổng điểm"))
    max_points = models.PositiveIntegerField(_("tổng điểm tối đa"))
    # [{"code": "1", "name_vi": …, "name_en": …, "level": 3, "points": 39, "max_points": 65}, …]
    pillars = models.JSONField(_("mức theo trụ cột"))
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có hiệu lực đến"))
    authority = models.ForeignKey(
        "enterprises.Authority", on_delete=models.PROTECT, related_name="+"
    )
    authority_name_vi = models.CharField(_("cơ quan cấp (tiếng Việt)"), max_length=255)
    authority_name_en = models.CharField(_("cơ quan cấp (tiếng Anh)"), max_length=255, blank=True)
    signer = models.ForeignKey(Signer, on_delete=models.PROTECT, related_name="certificates")
    signer_name = models.CharField(_("người ký"), max_length=255)
    signer_title = models.CharField(_("chức danh người ký"), max_length=255)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)

    # The lifecycle.
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("thay thế chứng nhận"),
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = NfcTextField(_("lý do thu hồi"), blank=True)
    ended_at = models.DateTimeField(_("hết hiệu lực lúc"), null=True, blank=True)

    # The rendered document (re-rendered at will from the fields above).
    pdf = models.FileField(_("tệp PDF"), max_length=255, blank=True)
    pdf_rendered_at = models.DateTimeField(_("tạo PDF lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("chứng nhận")
        verbose_name_plural = _("chứng nhận")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="certificate_unique_sequence"
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_assessment",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked")
                | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="certificate_revoked_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("issued_on")), name="certificate_valid_period"
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1) & Q(number__regex=r"^DBI-[0-9]{4}-[0-9]{6,}$"),
                name="certificate_number_format",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="certificate_status_until"),
            models.Index(fields=["enterprise", "status"], name="certificate_enterprise_status"),
            # The public honour list reads its pages along this index (keyset pagination).
            models.Index(
                *index_expressions(HONOUR_ORDER),
                condition=Q(status="valid"),
                name="certificate_honour_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, today: datetime.date) -> str:
        """The status a reader should see today: a valid certificate past its date is expired
        even before the nightly task has recorded it."""
        if self.status == self.Status.VALID and self.valid_until < today:
            return self.Status.EXPIRED
        return self.status

    @property
    def status_now(self) -> str:
        """``status_on`` today, for pages."""
        return self.status_on(timezone.localdate())

    @property
    def status_now_label(self) -> str:
        return str(self.Status(self.status_now).label)

    @property
    def framework_name(self) -> str:
        return localized(self.framework_name_vi, self.framework_name_en)

    @property
    def decision(self) -> str:
        return localized(self.decision_vi, self.decision_en)

    @property
    def level_name(self) -> str:
        return localized(self.level_name_vi, self.level_name_en)

    @property
    def counts_points(self) -> bool:
        """Whether the score is 2021 points out of a maximum (the others have no maximum)."""
        return self.scoring_method == SME_BANDS_2021

    @property
    def authority_name(self) -> str:
        return localized(self.authority_name_vi, self.authority_name_en)

    @property
    def pillar_rows(self) -> list[dict]:
        return [{**p, "name": localized(p["name_vi"], p.get("name_en", ""))} for p in self.pillars]


class CertificateEvent(models.Model):
    """Append-only: each step of a certificate's life, who took it (none for the nightly expiry)
    and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Cấp")
        REPLACED = "replaced", _("Thay thế bằng chứng nhận mới")
        REVOKED = "revoked", _("Thu hồi")
        EXPIRED = "expired", _("Hết hiệu lực")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("hành động"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = NfcTextField(_("lý do / ghi chú"), blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhật ký chứng nhận")
        verbose_name_plural = _("nhật ký chứng nhận")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("certificate events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("certificate events are append-only")


class HonourOptOut(models.Model):
    """An enterprise that asked not to appear on the public honour list (its certificates can
    still be verified by number, tax code or code)."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="honour_opt_out"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("không hiện trong danh sách vinh danh")
        verbose_name_plural = _("không hiện trong danh sách vinh danh")

    def __str__(self) -> str:
        return str(self.enterprise_id)


class CertificateBatch(BackgroundJob):
    """Many certificates issued at once by a background task; the page polls the counters until
    the batch is done, or failed (its task gave up after its retries: the page says so and stops
    waiting; what was issued before stays issued). Of the ``processed`` assessments, ``issued``
    got a certificate, ``skipped`` had one already and ``failed`` were refused."""

    STATUS_LABELS: ClassVar[dict[str, StrOrPromise]] = {
        JobStatus.RUNNING: _("Đang cấp"),
        JobStatus.FAILED: _("Bị dừng do lỗi"),
    }

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessment_ids = models.JSONField(_("hồ sơ"), default=list)
    issued = models.PositiveIntegerField(_("đã cấp"), default=0)
    skipped = models.PositiveIntegerField(_("bỏ qua"), default=0)
    # [{"assessment_id": 7, "message": "..."}, ...]
    problems = models.JSONField(_("lỗi từng hồ sơ"), default=list, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("đợt cấp chứng nhận")
        verbose_name_plural = _("đợt cấp chứng nhận")
        constraints = [
            *BackgroundJob.Meta.constraints,
            models.CheckConstraint(
                condition=Q(processed=F("issued") + F("skipped") + F("failed")),
                name="certificate_batch_counts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.processed}/{self.total}"
