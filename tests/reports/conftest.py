"""A small country whose dashboard figures are counted by hand (see ``country``)."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from assessments.column_results import column_results_mark_reference
from assessments.models import Assessment, Column, Rating
from assessments.selectors import catalog_index
from assessments.services.ratings import write_column_result
from certification.models import Certificate, Signer
from enterprises.models import Authority, EnterpriseKind, Province, Ward

from ..assessments.sme_reference import ALL_CODES
from ..factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)

State = Assessment.State
YEAR = 2026


def write_results(assessment, column: str, pillar_levels: list[int], user) -> None:
    """Every criterion of pillar i at ``pillar_levels[i]`` (so that pillar is at that level),
    scored and stored by the real ``write_column_result``."""
    index = catalog_index(assessment.framework)
    now = timezone.now()
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            column=column,
            criterion_id=index.criterion_id_by_code[code],
            level=pillar_levels[int(code.split(".")[0]) - 1],
            rated_by=user,
            rated_at=now,
        )
        for code in ALL_CODES
    )
    write_column_result(assessment, column, index)


def assessed(enterprise, period: int, state: str, columns: dict[str, list[int]], user):
    """An assessment in ``state`` with these columns' results, its reference marked as the
    transitions mark it."""
    assessment = AssessmentFactory(
        enterprise=enterprise, period=period, state=state, created_by=user
    )
    for column, levels in columns.items():
        write_results(assessment, column, levels, user)
    column_results_mark_reference(assessment=assessment)
    return assessment


_numbers = iter(range(1, 10_000))


def certify(assessment, *, status=Certificate.Status.VALID, valid_until=None, user=None):
    """A certificate record as the certification service freezes it (only what counts here
    matters: enterprise, period, status, validity)."""
    today = timezone.localdate()
    n = next(_numbers)
    signer = Signer.objects.first() or Signer.objects.create(
        full_name="Người ký", title="Thứ trưởng", valid_from=datetime.date(2021, 1, 1)
    )
    authority = Authority.objects.filter(kind=Authority.Kind.MINISTRY).first()
    extra = {}
    if status == Certificate.Status.REVOKED:
        extra = {"revoked_at": timezone.now(), "revocation_reason": "Sai sót"}
    return Certificate.objects.create(
        assessment=assessment,
        enterprise=assessment.enterprise,
        number=f"DBI-{today.year}-{n:06d}",
        year=today.year,
        sequence=n,
        verification_code=f"TEST{n:012d}",
        enterprise_name=assessment.enterprise.name_vi,
        tax_code=assessment.enterprise.tax_code,
        province_name=assessment.enterprise.province.name,
        framework_code="dbi-sme-2021",
        framework_name_vi="Bộ chỉ số DBI",
        period=assessment.period,
        overall_level=1,
        level_name_vi="Khởi động",
        total_points=64,
        max_points=320,
        pillars=[],
        issued_on=today - datetime.timedelta(days=400),
        valid_until=valid_until or today + datetime.timedelta(days=30),
        authority=authority,
        authority_name_vi=authority.name_vi,
        signer=signer,
        signer_name=signer.full_name,
        signer_title=signer.title,
        issued_by=user or UserFactory(),
        status=status,
        **extra,
    )


@dataclass
class Country:
    vinh_long: Province
    hcm: Province
    ward_1: Ward
    ward_2: Ward
    enterprises: dict
    officer: object  # a Vĩnh Long officer
    reviewer: object  # a ministry reviewer


@pytest.fixture
def country(sme_framework) -> Country:
    """Six enterprises, counted by hand in the tests:

    ==  =========  ======  ======  ====  ===========  ==========================================
    #   province   ward    sector  size  kind         assessments (pillar levels per column)
    ==  =========  ======  ======  ====  ===========  ==========================================
    E1  Vĩnh Long  ward 1  C       small enterprise   2026 appraised: self 3s, province 2s,
                                                      ministry 4,4,4,4,4,5 (overall 4); valid cert
    E2  Vĩnh Long  ward 2  G       micro household    2026 submitted: self 2s; certificate past
                                                      its date (still "valid" in the record)
    E3  Vĩnh Long  —       C       micro cooperative  2026 draft: self 5s (not counted)
    E4  Vĩnh Long  —       G       —     enterprise   none
    E5  HCM        —       C       mid.  enterprise   2026 province approved: self 4s, province 1s;
                                                      revoked certificate
    E6  Vĩnh Long  ward 1  C       small enterprise   2025 appraised: self 3s, ministry 1s;
                                                      valid certificate
    ==  =========  ======  ======  ====  ===========  ==========================================
    """
    vinh_long, hcm = Province.objects.get(code=86), Province.objects.get(code=79)
    ward_1, ward_2 = Ward.objects.filter(province=vinh_long).order_by("code")[:2]
    user = UserFactory()
    make = EnterpriseFactory
    e = {
        1: make(province=vinh_long, ward=ward_1, sector_section="C", size_class="small"),
        2: make(
            province=vinh_long,
            ward=ward_2,
            sector_section="G",
            size_class="micro",
            kind=EnterpriseKind.HOUSEHOLD,
            tax_code="086123456789",
        ),
        3: make(
            province=vinh_long,
            sector_section="C",
            size_class="micro",
            kind=EnterpriseKind.COOPERATIVE,
        ),
        4: make(province=vinh_long, sector_section="G"),
        5: make(province=hcm, sector_section="C", size_class="medium"),
        6: make(province=vinh_long, ward=ward_1, sector_section="C", size_class="small"),
    }
    a1 = assessed(
        e[1], YEAR, State.APPRAISED,
        {Column.SELF: [3] * 6, Column.PROVINCE: [2] * 6, Column.MINISTRY: [4, 4, 4, 4, 4, 5]},
        user,
    )  # fmt: skip
    a2 = assessed(e[2], YEAR, State.SUBMITTED, {Column.SELF: [2] * 6}, user)
    assessed(e[3], YEAR, State.DRAFT, {Column.SELF: [5] * 6}, user)
    a5 = assessed(
        e[5], YEAR, State.PROVINCE_APPROVED,
        {Column.SELF: [4] * 6, Column.PROVINCE: [1] * 6}, user,
    )  # fmt: skip
    a6 = assessed(
        e[6], YEAR - 1, State.APPRAISED, {Column.SELF: [3] * 6, Column.MINISTRY: [1] * 6}, user
    )
    certify(a1, user=user)
    certify(a2, valid_until=timezone.localdate() - datetime.timedelta(days=1), user=user)
    certify(a5, status=Certificate.Status.REVOKED, user=user)
    certify(a6, user=user)
    return Country(
        vinh_long=vinh_long,
        hcm=hcm,
        ward_1=ward_1,
        ward_2=ward_2,
        enterprises=e,
        officer=ProvinceOfficerFactory(province=vinh_long).user,
        reviewer=MinistryReviewerFactory().user,
    )
