"""Who may act for whom: enterprise members, consultants and their engagements, province
officers and ministry reviewers. What each role may see is decided in one place,
``enterprises.access`` — these rows are only the facts it reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dbi_portal.text import NfcCharField, NfcTextField

from .parties import Enterprise
from .places import Province


class Membership(models.Model):
    """A person acting for an enterprise: its owner or staff. A person who registers an existing
    tax code asks to join (pending) and the owner approves."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Chủ tài khoản")
        STAFF = "staff", _("Nhân viên")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        ACTIVE = "active", _("Đang hoạt động")
        REJECTED = "rejected", _("Bị từ chối")
        REMOVED = "removed", _("Đã rời")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên doanh nghiệp")
        verbose_name_plural = _("thành viên doanh nghiệp")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "enterprise"], name="membership_unique_user_enterprise"
            ),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(role="owner", status="active"),
                name="membership_one_active_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise} ({self.role}, {self.status})"


class ConsultingFirm(models.Model):
    name = NfcCharField(_("tên tổ chức tư vấn"), max_length=255)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True)

    class Meta:
        verbose_name = _("tổ chức tư vấn")
        verbose_name_plural = _("tổ chức tư vấn")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Consultant(models.Model):
    """An independent expert, optionally a member of a consulting firm."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant"
    )
    firm = models.ForeignKey(
        ConsultingFirm, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultants"
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("chuyên gia tư vấn")
        verbose_name_plural = _("chuyên gia tư vấn")

    def __str__(self) -> str:
        return str(self.user)


class Accreditation(models.Model):
    """A consultant's recognition by the ministry; only an approved, unexpired one counts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ Bộ duyệt")
        APPROVED = "approved", _("Đã công nhận")
        REJECTED = "rejected", _("Bị từ chối")
        REVOKED = "revoked", _("Đã thu hồi")

    consultant = models.ForeignKey(
        Consultant, on_delete=models.CASCADE, related_name="accreditations"
    )
    number = models.CharField(_("số chứng nhận"), max_length=50, unique=True)
    issued_by = models.CharField(_("cơ quan cấp"), max_length=255)
    valid_until = models.DateField(_("có hiệu lực đến"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("công nhận chuyên gia")
        verbose_name_plural = _("công nhận chuyên gia")
        ordering = ["-valid_until"]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_status_display()})"


class Engagement(models.Model):
    """An enterprise engages a consultant. Only an active engagement gives the consultant access;
    accepting requires the consultant's independence declaration."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Đã mời")
        ACTIVE = "active", _("Đang thực hiện")
        DECLINED = "declined", pgettext_lazy("engagement status", "Từ chối")
        ENDED = "ended", _("Đã kết thúc")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="engagements")
    consultant = models.ForeignKey(Consultant, on_delete=models.CASCADE, related_name="engagements")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người mời"),
    )
    invited_at = models.DateTimeField(_("mời lúc"), auto_now_add=True)
    independence_declared_at = models.DateTimeField(_("cam kết độc lập lúc"), null=True, blank=True)
    responded_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    end_reason = NfcTextField(_("lý do kết thúc"), blank=True)

    class Meta:
        verbose_name = _("hợp đồng tư vấn")
        verbose_name_plural = _("hợp đồng tư vấn")
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "consultant"],
                condition=Q(status__in=["invited", "active"]),
                name="engagement_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(independence_declared_at__isnull=False),
                name="engagement_active_needs_independence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultant} ↔ {self.enterprise} ({self.status})"


class ProvinceOfficer(models.Model):
    """Staff of a province's department: assessor and/or approver, for that province only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="province_officer"
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="officers")
    can_assess = models.BooleanField(_("được đánh giá"), default=True)
    can_approve = models.BooleanField(_("được phê duyệt"), default=False)

    class Meta:
        verbose_name = _("cán bộ Sở")
        verbose_name_plural = _("cán bộ Sở")
        constraints = [
            models.CheckConstraint(
                condition=Q(can_assess=True) | Q(can_approve=True), name="officer_has_a_duty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.province})"


class MinistryReviewer(models.Model):
    """Ministry staff: appraiser and/or certificate issuer, for the whole country."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ministry_reviewer"
    )
    can_appraise = models.BooleanField(_("được thẩm định"), default=True)
    can_issue = models.BooleanField(_("được cấp chứng nhận"), default=False)

    class Meta:
        verbose_name = _("cán bộ Bộ")
        verbose_name_plural = _("cán bộ Bộ")
        constraints = [
            models.CheckConstraint(
                condition=Q(can_appraise=True) | Q(can_issue=True), name="reviewer_has_a_duty"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
