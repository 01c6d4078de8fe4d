"""People. The custom user exists from the first migration so that no later issue has to
migrate away from ``auth.User``; users log in with their email address."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from dbi_portal.i18n import localized

from .sectors import Section
from .sizing import SizeClass


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("địa chỉ email"), unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=255, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email


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
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255, blank=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)

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


class EnterpriseKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    HOUSEHOLD = "household", _("Hộ kinh doanh")


class Enterprise(models.Model):
    """A party that is assessed. Its size class is derived from sector, employees and money
    figures by ``sizing.size_class`` and stored so that lists and reports filter on it in SQL."""

    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True)
    name_vi = models.CharField(_("tên doanh nghiệp"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    kind = models.CharField(_("loại hình"), max_length=20, choices=EnterpriseKind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="enterprises")
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="enterprises"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
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
    contact_name = models.CharField(_("người liên hệ"), max_length=255, blank=True)
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
