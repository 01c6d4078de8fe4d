"""Assessed parties: enterprises, cooperatives and household businesses."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dbi_portal.i18n import localized
from dbi_portal.text import NfcCharField

from ..sectors import Section
from ..sizing import SizeClass
from .places import Province, Ward

# What an enterprise tells about itself: the registration form's fields and the import columns.
PROFILE_FIELDS = (
    "tax_code",
    "name_vi",
    "name_en",
    "kind",
    "province",
    "ward",
    "address",
    "sector_section",
    "sector_division",
    "employees",
    "annual_revenue",
    "total_capital",
    "founded_year",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)


class EnterpriseKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    HOUSEHOLD = "household", _("Hộ kinh doanh")


class Enterprise(models.Model):
    """A party that is assessed. Its size class is derived from sector, employees and money
    figures by ``sizing.size_class`` and stored so that lists and reports filter on it in SQL."""

    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True)
    name_vi = NfcCharField(_("tên doanh nghiệp"), max_length=255)
    name_en = NfcCharField(_("tên tiếng Anh"), max_length=255, blank=True)
    kind = models.CharField(_("loại hình"), max_length=20, choices=EnterpriseKind.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("tỉnh/thành phố"),
    )
    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("phường/xã"),
    )
    address = NfcCharField(_("địa chỉ"), max_length=255, blank=True)
    sector_section = models.CharField(
        _("ngành (VSIC cấp 1)"), max_length=1, choices=Section.choices
    )
    sector_division = models.CharField(_("ngành (VSIC cấp 2)"), max_length=2, blank=True)
    employees = models.PositiveIntegerField(_("số lao động có BHXH"), null=True, blank=True)
    annual_revenue = models.PositiveBigIntegerField(_("doanh thu năm (VND)"), null=True, blank=True)
    total_capital = models.PositiveBigIntegerField(_("tổng nguồn vốn (VND)"), null=True, blank=True)
    size_class = models.CharField(
        _("quy mô"), max_length=10, choices=SizeClass.choices, blank=True, editable=False
    )
    founded_year = models.PositiveSmallIntegerField(_("năm thành lập"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = NfcCharField(_("người liên hệ"), max_length=255, blank=True)
    contact_email = models.EmailField(_("email liên hệ"), blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("doanh nghiệp")
        verbose_name_plural = _("doanh nghiệp")
        ordering = ["name_vi"]
        indexes = [
            models.Index(fields=["province", "sector_section"], name="enterprise_province_sector"),
            models.Index(fields=["province", "size_class"], name="enterprise_province_size"),
            # The dashboards' registered and certified counts by group (reports/selectors.py),
            # read from the index alone.
            models.Index(
                fields=["province"],
                include=["id", "ward", "sector_section", "size_class", "kind"],
                name="enterprise_dashboard_idx",
            ),
        ]
        constraints = [
            # The same rules as tax_codes.validate_tax_code, minus the check digit.
            models.CheckConstraint(
                condition=Q(tax_code__regex=r"^[0-9]{10}(-[0-9]{3})?$")
                | (Q(kind="household") & Q(tax_code__regex=r"^[0-9]{12}$")),
                name="enterprise_tax_code_format",
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | (Q(founded_year__gte=1900) & Q(founded_year__lte=2100)),
                name="enterprise_founded_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.tax_code})"

    @property
    def name(self) -> str:
        return localized(self.name_vi, self.name_en)
