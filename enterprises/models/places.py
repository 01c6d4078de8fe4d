"""Where parties are: provinces and wards as they are now, the pre-2025 provinces, and the
authorities (ministry, provincial departments) whose names are data."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dbi_portal.i18n import localized
from dbi_portal.text import NfcCharField


class Province(models.Model):
    """A provincial-level unit as it is now (34 since 1 July 2025), codes of the GSO list."""

    code = models.PositiveSmallIntegerField(_("mã"), unique=True)
    name = models.CharField(_("tên"), max_length=100)
    codename = models.SlugField(_("mã chữ"), max_length=100, unique=True)
    division_type = models.CharField(_("loại đơn vị"), max_length=50)

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """A commune-level unit (phường, xã, đặc khu); there is no district level since 2025."""

    code = models.PositiveIntegerField(_("mã"), unique=True)
    name = models.CharField(_("tên"), max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        verbose_name = _("phường, xã")
        verbose_name_plural = _("phường, xã")
        ordering = ["province__code", "name"]

    def __str__(self) -> str:
        return self.name


class LegacyProvince(models.Model):
    """One of the 63 provincial units before 1 July 2025, and the current unit it became part of,
    so that older records can be reported under today's provinces."""

    code = models.PositiveSmallIntegerField(_("mã cũ"), unique=True)
    name = models.CharField(_("tên"), max_length=100)
    successor = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="predecessors")

    class Meta:
        verbose_name = _("tỉnh cũ (trước 7/2025)")
        verbose_name_plural = _("tỉnh cũ (trước 7/2025)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} → {self.successor}"


class Authority(models.Model):
    """The ministry, or a province's department, with its name for a period: the ministry and
    departments were renamed in 2025, so names are data with validity dates, never literals."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Bộ")
        DEPARTMENT = "department", _("Sở")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="authorities"
    )
    name_vi = NfcCharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = NfcCharField(_("tên (tiếng Anh)"), max_length=255, blank=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)
    # Whom an enterprise contacts (shown on the help page); filled in by the administrator.
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = NfcCharField(_("địa chỉ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cơ quan quản lý")
        verbose_name_plural = _("cơ quan quản lý")
        ordering = ["kind", "province__code", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="ministry") & Q(province__isnull=True))
                | (Q(kind="department") & Q(province__isnull=False)),
                name="authority_department_has_province",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="authority_valid_period",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="ministry", valid_until__isnull=True),
                name="authority_one_current_ministry",
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(kind="department", valid_until__isnull=True),
                name="authority_one_current_department_per_province",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_vi, self.name_en)
