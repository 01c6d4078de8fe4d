"""Size class by Decree 80/2021/NĐ-CP, Art. 5 (enterprises/sizing.py, DOMAIN.md §5).

The caps are written out here from DOMAIN.md's table, not read from the module:

| class  | agriculture…; industry, construction   | trade, services                         |
|--------|-----------------------------------------|-----------------------------------------|
| micro  | ≤ 10; revenue ≤ 3 bn or capital ≤ 3 bn  | ≤ 10; revenue ≤ 10 bn or capital ≤ 3 bn |
| small  | ≤ 100; revenue ≤ 50 bn or capital ≤ 20  | ≤ 50; revenue ≤ 100 bn or capital ≤ 50  |
| medium | ≤ 200; revenue ≤ 200 bn or capital ≤ 100| ≤ 100; revenue ≤ 300 bn or capital ≤ 100|

A class holds when employees are within its cap and revenue OR capital is within its money
cap; otherwise the next class up is tried; above medium is large.
"""

import pytest

from enterprises.sizing import BILLION, size_class

INDUSTRY_SECTIONS = ["C", "A"]  # manufacturing; agriculture, forestry and fishery
SERVICES_SECTIONS = ["G", "J"]  # trade; information and communication

# (employees, revenue, capital, expected) — money in billions of VND, None when unknown.
# A figure "+1" is one VND above a cap, written as (cap, 1).
INDUSTRY_CASES = [
    # employee edges, money well inside the micro caps
    pytest.param(10, 1, 1, "micro", id="10-employees-micro"),
    pytest.param(11, 1, 1, "small", id="11-employees-small"),
    pytest.param(100, 1, 1, "small", id="100-employees-small"),
    pytest.param(101, 1, 1, "medium", id="101-employees-medium"),
    pytest.param(200, 1, 1, "medium", id="200-employees-medium"),
    pytest.param(201, 1, 1, "large", id="201-employees-large"),
    pytest.param(0, 1, 1, "micro", id="no-insured-employees-micro"),
    # micro money caps: revenue 3 bn, capital 3 bn
    pytest.param(5, 3, None, "micro", id="revenue-3bn-micro"),
    pytest.param(5, (3, 1), None, "small", id="revenue-3bn+1-small"),
    pytest.param(5, None, 3, "micro", id="capital-3bn-micro"),
    pytest.param(5, None, (3, 1), "small", id="capital-3bn+1-small"),
    pytest.param(5, 40, 3, "micro", id="revenue-over-capital-within-micro"),
    pytest.param(5, 2, 15, "micro", id="capital-over-revenue-within-micro"),
    pytest.param(5, (3, 1), (3, 1), "small", id="both-over-micro-small"),
    # small money caps: revenue 50 bn, capital 20 bn
    pytest.param(50, 50, None, "small", id="revenue-50bn-small"),
    pytest.param(50, (50, 1), None, "medium", id="revenue-50bn+1-medium"),
    pytest.param(50, None, 20, "small", id="capital-20bn-small"),
    pytest.param(50, None, (20, 1), "medium", id="capital-20bn+1-medium"),
    pytest.param(50, 150, 20, "small", id="revenue-over-capital-within-small"),
    pytest.param(50, 50, 90, "small", id="capital-over-revenue-within-small"),
    pytest.param(50, (50, 1), (20, 1), "medium", id="both-over-small-medium"),
    # medium money caps: revenue 200 bn, capital 100 bn
    pytest.param(150, 200, None, "medium", id="revenue-200bn-medium"),
    pytest.param(150, (200, 1), None, "large", id="revenue-200bn+1-large"),
    pytest.param(150, None, 100, "medium", id="capital-100bn-medium"),
    pytest.param(150, None, (100, 1), "large", id="capital-100bn+1-large"),
    pytest.param(150, 900, 100, "medium", id="revenue-over-capital-within-medium"),
    pytest.param(150, 200, 900, "medium", id="capital-over-revenue-within-medium"),
    pytest.param(150, (200, 1), (100, 1), "large", id="both-over-medium-large"),
    # few employees do not make a big-money enterprise small
    pytest.param(3, 500, 500, "large", id="few-employees-big-money-large"),
]

SERVICES_CASES = [
    # employee edges, money well inside the micro caps
    pytest.param(10, 1, 1, "micro", id="10-employees-micro"),
    pytest.param(11, 1, 1, "small", id="11-employees-small"),
    pytest.param(50, 1, 1, "small", id="50-employees-small"),
    pytest.param(51, 1, 1, "medium", id="51-employees-medium"),
    pytest.param(100, 1, 1, "medium", id="100-employees-medium"),
    pytest.param(101, 1, 1, "large", id="101-employees-large"),
    pytest.param(0, 1, 1, "micro", id="no-insured-employees-micro"),
    # micro money caps: revenue 10 bn, capital 3 bn
    pytest.param(5, 10, None, "micro", id="revenue-10bn-micro"),
    pytest.param(5, (10, 1), None, "small", id="revenue-10bn+1-small"),
    pytest.param(5, None, 3, "micro", id="capital-3bn-micro"),
    pytest.param(5, None, (3, 1), "small", id="capital-3bn+1-small"),
    pytest.param(5, 80, 3, "micro", id="revenue-over-capital-within-micro"),
    pytest.param(5, 10, 40, "micro", id="capital-over-revenue-within-micro"),
    pytest.param(5, (10, 1), (3, 1), "small", id="both-over-micro-small"),
    # small money caps: revenue 100 bn, capital 50 bn
    pytest.param(30, 100, None, "small", id="revenue-100bn-small"),
    pytest.param(30, (100, 1), None, "medium", id="revenue-100bn+1-medium"),
    pytest.param(30, None, 50, "small", id="capital-50bn-small"),
    pytest.param(30, None, (50, 1), "medium", id="capital-50bn+1-medium"),
    pytest.param(30, 250, 50, "small", id="revenue-over-capital-within-small"),
    pytest.param(30, 100, 90, "small", id="capital-over-revenue-within-small"),
    pytest.param(30, (100, 1), (50, 1), "medium", id="both-over-small-medium"),
    # medium money caps: revenue 300 bn, capital 100 bn
    pytest.param(80, 300, None, "medium", id="revenue-300bn-medium"),
    pytest.param(80, (300, 1), None, "large", id="revenue-300bn+1-large"),
    pytest.param(80, None, 100, "medium", id="capital-100bn-medium"),
    pytest.param(80, None, (100, 1), "large", id="capital-100bn+1-large"),
    pytest.param(80, 900, 100, "medium", id="revenue-over-capital-within-medium"),
    pytest.param(80, 300, 900, "medium", id="capital-over-revenue-within-medium"),
    pytest.param(80, (300, 1), (100, 1), "large", id="both-over-medium-large"),
    pytest.param(3, 500, 500, "large", id="few-employees-big-money-large"),
]


def vnd(amount) -> int | None:
    """Billions to VND; (cap, 1) is one VND above the cap."""
    if amount is None:
        return None
    if isinstance(amount, tuple):
        billions, extra = amount
        return billions * BILLION + extra
    return amount * BILLION


@pytest.mark.parametrize("section", INDUSTRY_SECTIONS)
@pytest.mark.parametrize(("employees", "revenue", "capital", "expected"), INDUSTRY_CASES)
def test_industry_and_agriculture_size_by_their_caps(
    section, employees, revenue, capital, expected
):
    got = size_class(
        section=section, employees=employees, revenue=vnd(revenue), capital=vnd(capital)
    )
    assert got == expected


@pytest.mark.parametrize("section", SERVICES_SECTIONS)
@pytest.mark.parametrize(("employees", "revenue", "capital", "expected"), SERVICES_CASES)
def test_trade_and_services_size_by_their_caps(section, employees, revenue, capital, expected):
    got = size_class(
        section=section, employees=employees, revenue=vnd(revenue), capital=vnd(capital)
    )
    assert got == expected


# 5 employees and 8 bn revenue: above the industry micro revenue cap (3 bn) → small, within the
# services micro revenue cap (10 bn) → micro.
@pytest.mark.parametrize(
    ("section", "expected"),
    [(s, "small") for s in "ABCDEF"] + [(s, "micro") for s in "GHIJKLMNOPQRSTU"],
)
def test_every_section_falls_in_its_sector_group(section, expected):
    assert size_class(section=section, employees=5, revenue=8 * BILLION, capital=None) == expected


# 60 employees, 8 bn revenue: within industry small (≤ 100), above services small (≤ 50).
def test_the_employee_caps_differ_between_sector_groups():
    assert size_class(section="C", employees=60, revenue=8 * BILLION, capital=None) == "small"
    assert size_class(section="G", employees=60, revenue=8 * BILLION, capital=None) == "medium"


@pytest.mark.parametrize("section", ["C", "G"])
def test_unknown_employees_give_no_size(section):
    assert (
        size_class(section=section, employees=None, revenue=1 * BILLION, capital=1 * BILLION)
        is None
    )


@pytest.mark.parametrize("section", ["C", "G"])
def test_unknown_revenue_and_capital_give_no_size(section):
    assert size_class(section=section, employees=5, revenue=None, capital=None) is None


@pytest.mark.parametrize("section", ["C", "G"])
def test_one_unknown_money_figure_is_sized_by_the_other(section):
    # 2 bn is within the micro revenue cap of both groups and the micro capital cap (3 bn).
    assert size_class(section=section, employees=5, revenue=2 * BILLION, capital=None) == "micro"
    assert size_class(section=section, employees=5, revenue=None, capital=2 * BILLION) == "micro"
    # 30 bn capital alone: above every micro cap (3 bn); above the industry small cap (20 bn),
    # within its medium cap (100 bn) → medium; within the services small cap (50 bn) → small.
    capital_only = size_class(section=section, employees=5, revenue=None, capital=30 * BILLION)
    assert capital_only == {"C": "medium", "G": "small"}[section]


def test_zero_money_is_known_money():
    assert size_class(section="C", employees=5, revenue=0, capital=None) == "micro"
    assert size_class(section="G", employees=5, revenue=None, capital=0) == "micro"
