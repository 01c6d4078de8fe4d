"""The public calculator page (GET /): answers in the query string, results and gap analysis out.

Expected figures are worked out by hand from DOMAIN.md §2:

* no answers: total 0, overall level 0. For level 1 the total must exceed 20 and 4 pillars must
  reach level 1, i.e. more than 10 % of their maximum: pillar 6 needs 4 of 35, pillar 2 needs 5 of
  25 (one step of 2.1.1; 3 points are not reachable), pillar 5 needs 6 of 50, pillar 1 needs 7 of
  65 (pillar 4 also 7, pillar 3 needs 9). Cheapest plan: 4 + 5 + 6 + 7 = 22 points, which also
  clears the total of 21.
* 1.1.1 = 3 and 2.1.1 = 4: pillar 1 = 3/65 → level 0, pillar 2 = 20/25 = 80 % → level 4, total
  23. Total > 20 is met but only one pillar is at level ≥ 1, so overall level 0. Pillar 2 needs
  21 points for level 5, reachable only as 25 (+5); pillar 1 needs 7 (+4). Gap to level 1: three
  more pillars — 1 (+4), 6 (+4), 5 (+6) — 14 points.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders

from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db


# Measured on SQLite and PostgreSQL: SAVEPOINT + framework, bands, overall rules, level names,
# pillars, sub-indices, criteria, options + RELEASE. The same whatever the answers.
PAGE_QUERIES = 10
NOT_FOUND_QUERIES = 4

GROUPS = [
    "Tiếp thị điện tử",
    "Thương mại điện tử",
    "Công nghệ số cơ bản",
    "Công nghệ số nâng cao",
    "Công nghệ số phục vụ sản xuất",
    "Cơ cấu tổ chức nhân sự",
    "Kỹ năng nhân viên",
]


def page(client, query: dict | None = None, **headers):
    response = client.get("/", query or {}, **headers)
    return response, " ".join(response.content.decode().split())


def fieldset(html: str, code: str) -> str:
    match = re.search(rf'<fieldset [^>]*id="criterion-{re.escape(code)}".*?</fieldset>', html)
    assert match, f"no fieldset for {code}"
    return match.group(0)


def checked(html: str) -> dict[str, str]:
    """{field name: value} of every checked radio."""
    return dict(re.findall(r'<input type="radio" name="([^"]+)" value="(\d+)" checked>', html))


def pillar_row(html: str, code: str) -> str:
    match = re.search(rf'<tr data-pillar="{code}">.*?</tr>', html)
    assert match, f"no result row for pillar {code}"
    return match.group(0)


def radar(html: str) -> dict:
    match = re.search(r'<script id="radar-data" type="application/json">(.*?)</script>', html)
    assert match, "no radar data"
    return json.loads(match.group(1))


# --- the empty form ---


def test_empty_page_lists_all_60_criteria(client):
    response, html = page(client)

    assert response.status_code == 200
    codes = re.findall(r'<span class="code">([\d.]+)</span>', html)
    assert codes == ALL_CODES
    assert html.count('type="radio"') == 360
    assert checked(html) == {}


def test_empty_page_shows_the_group_headings_in_order(client):
    _, html = page(client)

    headings = re.findall(r'<h4 class="group">([^<]+)</h4>', html)
    assert [h for h in headings if h in GROUPS] == GROUPS
    assert len(headings) == len(set(headings))  # one heading per group, not one per criterion
    group_1 = html.index('<h4 class="group">Tiếp thị điện tử</h4>')
    assert group_1 < html.index('id="criterion-1.1.1"') < html.index('id="criterion-1.1.3"')
    group_2 = html.index('<h4 class="group">Thương mại điện tử</h4>')
    assert html.index('id="criterion-1.1.3"') < group_2 < html.index('id="criterion-1.1.4"')


def test_empty_page_shows_overall_level_0_and_total_0(client):
    _, html = page(client)

    assert '<strong id="overall-level" data-level="0">Mức 0 – Chưa khởi động</strong>' in html
    assert '<strong id="total-points">0</strong> / 320' in html
    assert "Đã trả lời 0/60 tiêu chí" in html


def test_strategy_criterion_says_it_is_worth_five_points_per_level(client):
    _, html = page(client)

    assert "Mỗi mức của tiêu chí này được 5 điểm." in fieldset(html, "2.1.1")
    assert "Mỗi mức của tiêu chí này được" not in fieldset(html, "1.1.1")


def test_empty_page_shows_the_cheapest_way_to_level_1(client):
    _, html = page(client)

    assert (
        "Để đạt mức 1 – Khởi động: tổng điểm trên 20 và ít nhất 4 trụ cột đạt mức 1 trở lên."
        in html
    )
    assert "Tổng điểm: còn thiếu 21 điểm." in html
    assert "Số trụ cột đạt mức 1: mới có 0, cần thêm 4." in html
    assert "Cách ít tốn nhất: thêm 22 điểm" in html
    plan = re.findall(r"<li>(Nâng trụ cột [^<]+)</li>", html)
    assert plan == [
        "Nâng trụ cột 6. Dữ liệu và tài sản thông tin thêm 4 điểm để đạt mức 1.",
        "Nâng trụ cột 2. Chiến lược số thêm 5 điểm để đạt mức 1.",
        "Nâng trụ cột 5. Chuyển đổi số văn hóa doanh nghiệp thêm 6 điểm để đạt mức 1.",
        "Nâng trụ cột 1. Trải nghiệm số cho khách hàng thêm 7 điểm để đạt mức 1.",
    ]
    assert "ở bất kỳ tiêu chí nào" not in html  # the plan alone clears the total


# --- answers in the query string ---


def test_answers_are_scored_and_shown_checked(client):
    response, html = page(client, {"c-1.1.1": "3", "c-2.1.1": "4"})

    assert response.status_code == 200
    assert '<strong id="total-points">23</strong> / 320' in html
    assert '<strong id="overall-level" data-level="0">Mức 0 – Chưa khởi động</strong>' in html
    assert checked(html) == {"c-1.1.1": "3", "c-2.1.1": "4"}
    assert "Đã trả lời 2/60 tiêu chí" in html


def test_answers_set_pillar_points_levels_and_points_to_next_level(client):
    _, html = page(client, {"c-1.1.1": "3", "c-2.1.1": "4"})

    pillar_1, pillar_2 = pillar_row(html, "1"), pillar_row(html, "2")
    assert "<td>3/65</td>" in pillar_1
    assert 'data-level="0"' in pillar_1
    assert "<td>4 điểm</td>" in pillar_1
    assert "<td>20/25</td>" in pillar_2
    assert 'data-level="4">4 <small>Nâng cao</small>' in pillar_2
    assert "<td>5 điểm</td>" in pillar_2  # 21 of 25 is needed; 2.1.1 moves in fives
    assert radar(html)["levels"] == [0, 4, 0, 0, 0, 0]


def test_answers_change_the_gap_analysis(client):
    _, html = page(client, {"c-1.1.1": "3", "c-2.1.1": "4"})

    assert "Tổng điểm: đã đạt." in html
    assert "Số trụ cột đạt mức 1: mới có 1, cần thêm 3." in html
    assert "Cách ít tốn nhất: thêm 14 điểm" in html
    assert re.findall(r"<li>Nâng trụ cột (\d)\. [^<]+ thêm (\d+) điểm", html) == [
        ("1", "4"),
        ("6", "4"),
        ("5", "6"),
    ]


def test_all_answers_at_five_reach_the_top_level(client):
    _, html = page(client, {f"c-{code}": "5" for code in ALL_CODES})

    assert '<strong id="total-points">320</strong> / 320' in html
    assert '<strong id="overall-level" data-level="5">Mức 5 – Dẫn dắt</strong>' in html
    assert "Đã đạt mức cao nhất." in html
    assert len(checked(html)) == 60


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"c-1.1.1": "3", "c-2.1.1": "4"},
        {f"c-{code}": "5" for code in ALL_CODES},
        {"c-1.1.1": "9", "c-2.1.1": "4"},
    ],
    ids=["no-answers", "two-answers", "all-60", "invalid"],
)
def test_page_issues_the_same_queries_whatever_the_answers(
    client, query, django_assert_max_num_queries
):
    with django_assert_max_num_queries(PAGE_QUERIES):
        client.get("/", query)


def test_framework_in_the_path_gives_the_same_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get("/calculator/dbi-sme-2021/", {"c-1.1.1": "3", "c-2.1.1": "4"})

    assert response.status_code == 200
    assert '<strong id="total-points">23</strong>' in response.content.decode()


def test_unknown_framework_is_404(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(NOT_FOUND_QUERIES):
        response = client.get("/calculator/unknown/")

    assert response.status_code == 404


# --- invalid answers ---


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9", "Mức 9 nằm ngoài khoảng 0–5."),
        ("-1", "Mức -1 nằm ngoài khoảng 0–5."),
        ("abc", "Mức phải là số nguyên từ 0 đến 5."),
        ("2.5", "Mức phải là số nguyên từ 0 đến 5."),
        ("--1", "Mức phải là số nguyên từ 0 đến 5."),
        ("²", "Mức phải là số nguyên từ 0 đến 5."),
    ],
    ids=["above-5", "negative", "letters", "decimal", "double-minus", "superscript-two"],
)
def test_invalid_answer_is_a_400_with_the_error_next_to_its_criterion(client, value, message):
    response, html = page(client, {"c-1.1.1": value, "c-2.1.1": "4"})

    assert response.status_code == 400
    bad = fieldset(html, "1.1.1")
    assert "has-error" in bad
    assert f'<p class="field-error" role="alert">Câu trả lời không hợp lệ: {message}</p>' in bad
    assert "field-error" not in fieldset(html, "2.1.1")
    assert html.count('class="field-error"') == 1
    assert "Có 1 câu trả lời không hợp lệ; hãy chọn lại ở tiêu chí được đánh dấu." in html


def test_invalid_answer_keeps_the_other_answers_checked_and_scored(client):
    _, html = page(client, {"c-1.1.1": "9", "c-2.1.1": "4", "c-6.1.7": "2"})

    assert checked(html) == {"c-2.1.1": "4", "c-6.1.7": "2"}
    assert '<strong id="total-points">22</strong> / 320' in html  # 20 + 2; 1.1.1 left out


def test_unknown_parameters_are_ignored(client):
    response, html = page(client, {"c-9.9.9": "3", "utm_source": "x", "c-1.1.1": "2"})

    assert response.status_code == 200
    assert '<strong id="total-points">2</strong>' in html


# --- htmx partial ---


def test_htmx_request_gets_only_the_results(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get("/", {"c-1.1.1": "3", "c-2.1.1": "4"}, HTTP_HX_REQUEST="true")

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert '<strong id="total-points">23</strong> / 320' in html
    assert '<strong id="overall-level" data-level="0">Mức 0 – Chưa khởi động</strong>' in html
    assert "Phân tích khoảng cách" in html


def test_results_vary_on_the_htmx_header(client):
    """A cache must not hand the partial to a plain browser request for the same URL."""
    response = client.get("/", {"c-1.1.1": "3"}, HTTP_HX_REQUEST="true")

    assert "HX-Request" in response.get("Vary", "")


# --- works without JavaScript, and only with local assets ---


def test_form_submits_without_javascript(client):
    _, html = page(client)

    form = re.search(r'<form id="calculator-form"[^>]*>', html).group(0)
    assert 'method="get"' in form
    assert 'action="/"' in form
    assert '<button type="submit" class="button primary">Tính điểm</button>' in html


def test_page_loads_htmx_and_chart_js_from_local_static_files(client):
    _, html = page(client)

    scripts = re.findall(r'<script [^>]*src="([^"]+)"', html)
    stylesheets = re.findall(r'<link [^>]*href="([^"]+)"', html)
    assert "/static/vendor/htmx.min.js" in scripts
    assert "/static/vendor/chart.umd.min.js" in scripts
    assert all(src.startswith("/static/") for src in scripts), scripts
    assert all(href.startswith("/static/") for href in stylesheets), stylesheets
    assert "cdn" not in html.lower()
    for src in scripts + stylesheets:
        assert finders.find(src.removeprefix("/static/")), f"{src} is not a static file"


# --- English ---


def test_english_page_shows_english_names(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_QUERIES):
        response, html = page(client, {"c-2.1.1": "4"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200

    assert '<html lang="en">' in html
    assert "Customer digital experience" in html
    assert "Trải nghiệm số cho khách hàng" not in html
    assert "E-marketing" in html  # group heading 1.1.1–1.1.3
    assert '<strong id="overall-level" data-level="0">Level 0 – Not started</strong>' in html
    assert 'data-level="4">4 <small>Advanced</small>' in pillar_row(html, "2")


def test_calculator_only_answers_get_since_it_stores_nothing(client):
    response = client.post("/", {"c-1.1.1": "3"})

    assert response.status_code == 405
