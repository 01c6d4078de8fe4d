"""The survey's dashboard file (XLSX or CSV): the whole scope first, then every breakdown the
scope offers, one row per group and barrier or need, with the dashboard's filters and scoping;
text that would start a formula stays text; the number of queries does not grow with the data.
The numbers are the hand counts of tests/reports/survey_world.py."""

import pytest
from django.urls import reverse

from assessments.models import Column
from enterprises.models import Ward
from enterprises.sectors import Section

from ..factories import EnterpriseFactory, UserFactory
from .conftest import YEAR, assessed
from .survey_world import answer, survey_country
from .test_exports import body, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

EXPORT = reverse("dashboard-survey-export")
HEADERS = [
    "Phân theo",
    "Nhóm",
    "Phần",
    "Mã",
    "Nội dung",
    "Số doanh nghiệp trả lời",
    "Số doanh nghiệp đánh giá 4–5 hoặc chọn",
    "Tỉ lệ (%)",
]


@pytest.fixture
def surveyed(country):
    return survey_country(country)


def export(client, user, **params):
    client.force_login(user)
    response = client.get(EXPORT, {"year": YEAR, **params})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    content = body(response)
    return response, csv_rows(content) if params.get("format") == "csv" else xlsx_rows(content)


def keyed(rows) -> dict[tuple[str, str, str], list]:
    """{(breakdown, group, code): [respondents, count, percent]}."""
    return {(r[0], r[1], r[3]): [*r[5:], None, None, None][:3] for r in rows[1:]}


def test_the_xlsx_has_the_whole_nation_then_each_breakdown(client, surveyed):
    response, rows = export(client, surveyed.reviewer)

    assert response["Content-Disposition"] == (
        'attachment; filename="dbi-khao-sat-2026-toan-quoc.xlsx"'
    )
    assert rows[0] == HEADERS
    assert rows[1] == [
        "Toàn bộ",
        "Toàn quốc",
        "Rào cản",
        "8.1",
        "Rào cản về chi phí đầu tư, ứng dụng công nghệ",
        3,
        2,
        66.7,
    ]
    cells = keyed(rows)
    assert cells["Toàn bộ", "Toàn quốc", "8.2"] == [2, 2, 100]
    assert cells["Toàn bộ", "Toàn quốc", "8.4"] == [0, 0, None]
    assert cells["Toàn bộ", "Toàn quốc", "dx_training"] == [3, 2, 66.7]
    assert cells["Tỉnh/thành phố", "Vĩnh Long", "8.1"] == [2, 1, 50]
    assert cells["Tỉnh/thành phố", surveyed.hcm.name, "other"] == [1, 0, 0]
    assert cells["Ngành (VSIC cấp 1)", str(Section("G").label), "8.1"] == [1, 0, 0]
    assert {k[0] for k in cells} == {
        "Toàn bộ",
        "Tỉnh/thành phố",
        "Ngành (VSIC cấp 1)",
        "Quy mô",
        "Loại hình",
    }
    # 9 barriers and 6 needs per group: the nation, 2 provinces, 2 sectors, 3 sizes, 2 types.
    assert len(rows) == 1 + 15 * (1 + 2 + 2 + 3 + 2)


def test_the_csv_of_a_province_has_its_wards_and_no_other_province(client, surveyed):
    response, rows = export(client, surveyed.officer, format="csv")

    assert response["Content-Disposition"] == 'attachment; filename="dbi-khao-sat-2026-86.csv"'
    cells = keyed(rows)
    assert cells["Toàn bộ", "Vĩnh Long", "8.1"] == ["2", "1", "50.0"]
    assert cells["Phường/xã", surveyed.ward_1.name, "8.3"] == ["1", "0", "0.0"]
    assert cells["Phường/xã", surveyed.ward_2.name, "intro_website"] == ["1", "1", "100.0"]
    assert not any("Hồ Chí Minh" in k[1] for k in cells)


def test_the_dashboards_filters_apply(client, surveyed):
    _, rows = export(client, surveyed.reviewer, sector="G", format="csv")

    assert keyed(rows)["Toàn bộ", "Toàn quốc", "8.1"] == ["1", "0", "0.0"]


def test_an_officer_naming_another_province_gets_404(client, surveyed, other_province_officer):
    client.force_login(surveyed.officer)
    assert client.get(EXPORT, {"province": 79}).status_code == 404
    client.force_login(other_province_officer)
    _, rows = export(client, other_province_officer, format="csv")
    assert keyed(rows)["Toàn bộ", "Đồng Nai", "8.1"] == ["0", "0", ""]  # nobody there answered
    assert client.get(EXPORT, {"province": 86}).status_code == 404


def test_people_without_a_dashboard_get_403(client, surveyed, owner):
    client.force_login(owner.user)

    assert client.get(EXPORT).status_code == 403


def test_a_ward_named_like_a_formula_stays_text(client, surveyed):
    Ward.objects.filter(pk=surveyed.ward_1.pk).update(name="=HYPERLINK(1)")

    _, rows = export(client, surveyed.officer)

    assert any(row[1] == "'=HYPERLINK(1)" for row in rows)
    assert not any(row[1] == "=HYPERLINK(1)" for row in rows)


def test_an_english_file_has_english_headers(client, surveyed):
    client.cookies["django_language"] = "en"

    _, rows = export(client, surveyed.reviewer, format="csv")

    assert rows[0][:3] == ["Broken down by", "Group", "Part"]
    assert rows[1][2] == "Barrier"


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_file_takes_as_many_queries_with_more_answers(
    client, surveyed, django_assert_max_num_queries, file_format
):
    client.force_login(surveyed.reviewer)
    client.get(EXPORT, {"format": file_format})
    with django_assert_max_num_queries(30) as few:
        body(client.get(EXPORT, {"format": file_format}))
    user = UserFactory()
    for i in range(9):
        enterprise = EnterpriseFactory(province=surveyed.hcm, sector_section="CG"[i % 2])
        answer(
            assessed(enterprise, YEAR, "appraised", {Column.MINISTRY: [3] * 6}, user),
            {f"8.{1 + i}": 5},
            {"dx_consulting": ""},
            user,
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        body(client.get(EXPORT, {"format": file_format}))
