"""Enterprise rows: the database's own checks on tax codes and founding years, and the stored
size class (``enterprise_refresh_size``, Decree 80/2021/NĐ-CP as in DOMAIN.md §5)."""

import pytest
from django.db import IntegrityError, transaction

from enterprises.models import Enterprise, EnterpriseKind, Province
from enterprises.services import enterprise_refresh_size
from enterprises.sizing import BILLION

VIETTEL = "0100109106"  # 0·31+1·29+0·23+0·19+1·17+0·13+9·7+1·5+0·3 = 114 → 10 − 4 = 6
PERSONAL_ID = "001085012345"
TAX_CODE_FORMAT = "enterprise_tax_code_format"
FOUNDED_YEAR_RANGE = "enterprise_founded_year_range"
# PostgreSQL names the violated unique index; SQLite names its column.
TAX_CODE_UNIQUE = r"tax_code|UNIQUE constraint failed: enterprises_enterprise\.tax_code"


def create(**fields) -> Enterprise:
    values = {
        "tax_code": VIETTEL,
        "name_vi": "Công ty TNHH Thử nghiệm",
        "kind": EnterpriseKind.ENTERPRISE,
        "province": Province.objects.get(code=86),
        "sector_section": "C",
    } | fields
    return Enterprise.objects.create(**values)


# --- database constraints ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tax_code", ["0100109106", "0100109106-001", "0100112437", "0100112437-999"]
)
@pytest.mark.parametrize("kind", [EnterpriseKind.ENTERPRISE, EnterpriseKind.COOPERATIVE])
def test_a_ten_digit_or_branch_tax_code_is_stored(kind, tax_code):
    enterprise = create(kind=kind, tax_code=tax_code)
    assert Enterprise.objects.get(pk=enterprise.pk).tax_code == tax_code


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EnterpriseKind.ENTERPRISE, EnterpriseKind.COOPERATIVE])
def test_a_personal_id_as_tax_code_is_refused_for_a_non_household(kind):
    with pytest.raises(IntegrityError, match=TAX_CODE_FORMAT), transaction.atomic():
        create(kind=kind, tax_code=PERSONAL_ID)


@pytest.mark.django_db
def test_a_personal_id_as_tax_code_is_stored_for_a_household():
    household = create(kind=EnterpriseKind.HOUSEHOLD, tax_code=PERSONAL_ID)
    assert Enterprise.objects.get(pk=household.pk).tax_code == PERSONAL_ID


@pytest.mark.django_db
def test_a_household_may_keep_a_ten_digit_tax_code():
    household = create(kind=EnterpriseKind.HOUSEHOLD, tax_code=VIETTEL)
    assert Enterprise.objects.get(pk=household.pk).kind == EnterpriseKind.HOUSEHOLD


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tax_code",
    [
        "ABC",
        "01001091",  # 8 digits
        "010010910",  # 9 digits
        "01001091060",  # 11 digits
        "01001O9106",  # letter O
        "0100109106-01",
        "0100109106-",
        "0100-109106",
        "0100 109106",
        "",
    ],
)
@pytest.mark.parametrize("kind", [EnterpriseKind.ENTERPRISE, EnterpriseKind.HOUSEHOLD])
def test_a_malformed_tax_code_is_refused(kind, tax_code):
    with pytest.raises(IntegrityError, match=TAX_CODE_FORMAT), transaction.atomic():
        create(kind=kind, tax_code=tax_code)


@pytest.mark.django_db
def test_a_tax_code_is_stored_once():
    create(tax_code=VIETTEL, name_vi="Tập đoàn Công nghiệp - Viễn thông Quân đội")
    with pytest.raises(IntegrityError, match=TAX_CODE_UNIQUE), transaction.atomic():
        create(tax_code=VIETTEL, name_vi="Bản sao")
    assert Enterprise.objects.filter(tax_code=VIETTEL).count() == 1


@pytest.mark.django_db
def test_a_branch_is_a_different_tax_code_from_its_main_unit():
    create(tax_code=VIETTEL)
    create(tax_code=f"{VIETTEL}-001")
    assert Enterprise.objects.filter(tax_code__startswith=VIETTEL).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1800, 1899, 2101])
def test_a_founding_year_outside_1900_to_2100_is_refused(year):
    with pytest.raises(IntegrityError, match=FOUNDED_YEAR_RANGE), transaction.atomic():
        create(founded_year=year)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [None, 1900, 1989, 2100])
def test_a_founding_year_from_1900_to_2100_or_none_is_stored(year):
    enterprise = create(founded_year=year)
    assert Enterprise.objects.get(pk=enterprise.pk).founded_year == year


# --- size class ----------------------------------------------------------------------------


def unsaved(section: str, employees, revenue, capital, size_class: str = "") -> Enterprise:
    enterprise = Enterprise(
        sector_section=section,
        employees=employees,
        annual_revenue=revenue,
        total_capital=capital,
    )
    enterprise.size_class = size_class
    return enterprise


@pytest.mark.parametrize(
    ("section", "employees", "revenue", "capital", "expected"),
    [
        # Industry (C): micro ≤ 10 and (revenue ≤ 3 bn or capital ≤ 3 bn).
        pytest.param("C", 8, 2 * BILLION, None, "micro", id="C-8-staff-2bn-revenue-micro"),
        # 4 bn revenue is over the micro cap, 2 bn capital is within it: still micro.
        pytest.param("C", 8, 4 * BILLION, 2 * BILLION, "micro", id="C-capital-keeps-micro"),
        pytest.param("C", 8, 4 * BILLION, 4 * BILLION, "small", id="C-both-over-micro-small"),
        # 150 staff: over the small cap (100), within medium (200); 150 bn ≤ 200 bn revenue.
        pytest.param("C", 150, 150 * BILLION, None, "medium", id="C-150-staff-medium"),
        pytest.param("C", 250, 1 * BILLION, None, "large", id="C-250-staff-large"),
        # Agriculture (A) uses the industry caps: 60 staff ≤ 100, 40 bn ≤ 50 bn → small.
        pytest.param("A", 60, 40 * BILLION, None, "small", id="A-60-staff-small"),
        # Trade (G): 8 staff, 8 bn revenue ≤ 10 bn → micro (industry would say small).
        pytest.param("G", 8, 8 * BILLION, None, "micro", id="G-8bn-revenue-micro"),
        # Services (J): 60 staff over the small cap (50), within medium (100) → medium.
        pytest.param("J", 60, 8 * BILLION, None, "medium", id="J-60-staff-medium"),
        pytest.param("J", 60, 400 * BILLION, 150 * BILLION, "large", id="J-big-money-large"),
    ],
)
def test_refresh_size_sets_the_class_from_the_fields(
    section, employees, revenue, capital, expected
):
    enterprise = unsaved(section, employees, revenue, capital)
    enterprise_refresh_size(enterprise)
    assert enterprise.size_class == expected
    assert enterprise.pk is None


@pytest.mark.parametrize(
    ("employees", "revenue", "capital"),
    [
        pytest.param(None, 2 * BILLION, 2 * BILLION, id="employees-unknown"),
        pytest.param(8, None, None, id="money-unknown"),
        pytest.param(None, None, None, id="nothing-known"),
    ],
)
def test_refresh_size_clears_the_class_when_it_cannot_be_known(employees, revenue, capital):
    enterprise = unsaved("C", employees, revenue, capital, size_class="small")
    enterprise_refresh_size(enterprise)
    assert enterprise.size_class == ""


def test_refresh_size_replaces_a_stale_class():
    enterprise = unsaved("G", 8, 8 * BILLION, None, size_class="large")
    enterprise_refresh_size(enterprise)
    assert enterprise.size_class == "micro"
    enterprise.employees = 300
    enterprise_refresh_size(enterprise)
    assert enterprise.size_class == "large"


@pytest.mark.django_db
def test_the_refreshed_class_is_what_gets_stored():
    enterprise = Enterprise(
        tax_code=VIETTEL,
        name_vi="Công ty TNHH Thử nghiệm",
        kind=EnterpriseKind.ENTERPRISE,
        province=Province.objects.get(code=86),
        sector_section="C",
        employees=40,
        annual_revenue=30 * BILLION,  # 40 ≤ 100 staff and 30 bn ≤ 50 bn → small
    )
    enterprise_refresh_size(enterprise)
    enterprise.save()
    assert Enterprise.objects.filter(size_class="small", pk=enterprise.pk).exists()
