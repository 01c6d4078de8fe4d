"""Factories for every model the tests build (one place, factory_boy)."""

import datetime

import factory
from django.utils import timezone

from assessments.models import Assessment, CatalogVersion, Framework
from certification.models import Signer
from enterprises.models import (
    Accreditation,
    Consultant,
    Engagement,
    Enterprise,
    EnterpriseKind,
    Membership,
    MinistryReviewer,
    Province,
    ProvinceOfficer,
    User,
)
from enterprises.tax_codes import check_digit


def _valid_tax_code(n: int) -> str:
    """The n-th valid 10-digit tax code after 010000000x (skips prefixes with no check digit)."""
    prefix = 10_000_000 + n
    while check_digit(f"{prefix:09d}") is None:
        prefix += 100_000  # stays unique per n for the sizes tests use
    return f"{prefix:09d}{check_digit(f'{prefix:09d}')}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    tax_code = factory.Sequence(_valid_tax_code)
    name_vi = factory.Sequence(lambda n: f"Công ty TNHH Thử nghiệm {n}")
    kind = EnterpriseKind.ENTERPRISE
    province = factory.LazyFunction(lambda: Province.objects.get(code=86))
    sector_section = "C"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    role = Membership.Role.OWNER
    status = Membership.Status.ACTIVE


class ConsultantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultant

    user = factory.SubFactory(UserFactory)


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation

    consultant = factory.SubFactory(ConsultantFactory)
    number = factory.Sequence(lambda n: f"TV-TEST-{n:05d}")
    issued_by = "Bộ Khoa học và Công nghệ"
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    status = Accreditation.Status.APPROVED


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    enterprise = factory.SubFactory(EnterpriseFactory)
    consultant = factory.SubFactory(ConsultantFactory)
    invited_by = factory.SubFactory(UserFactory)
    status = Engagement.Status.ACTIVE
    independence_declared_at = factory.LazyFunction(timezone.now)


class ProvinceOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProvinceOfficer

    user = factory.SubFactory(UserFactory)
    province = factory.LazyFunction(lambda: Province.objects.get(code=86))


class MinistryReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinistryReviewer

    user = factory.SubFactory(UserFactory)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    enterprise = factory.SubFactory(EnterpriseFactory)
    framework = factory.LazyFunction(lambda: Framework.objects.get(code="dbi-sme-2021"))
    # Workflow, scoring and permission tests answer every criterion with a level: on the
    # portal's guidance version (one answer per level 0–5) they can. The national form's
    # version is exercised by its own tests (``catalog_version=official_version()``).
    catalog_version = factory.LazyAttribute(
        lambda o: CatalogVersion.objects.get(framework=o.framework, label="guidance-2021")
    )
    period = 2026
    created_by = factory.SubFactory(UserFactory)


def official_version() -> CatalogVersion:
    """The national form's version of the SME index (the current one)."""
    return CatalogVersion.objects.get(framework__code="dbi-sme-2021", label="official-2021")


class SignerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signer

    full_name = "Nguyễn Thị Ánh Tuyết"
    title = "Thứ trưởng Bộ Khoa học và Công nghệ"
    valid_from = datetime.date(2025, 3, 1)
