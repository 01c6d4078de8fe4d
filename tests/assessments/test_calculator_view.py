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

The questions are the current catalog version's (the national form, official-2021): a radio's
value is the option's position (for 1.1.1 and 2.1.1 the options run level 0..5 in order, so
position = level), and 26 criteria take their level from figures (``f-<figure key>``) through
their thresholds, read here from the version's file (tests/assessments/official_form.py).
"""

from __future__ import annotations

import html as html_text
import json
import re

import pytest
from django.contrib.staticfiles import finders

from assessments.models import FigureField, Question, QuestionOption
from tests.factories import AssessmentFactory, official_version

from .official_form import (
    ANSWER_CODES,
    FIGURE_CODES,
    QUESTIONS,
    SHARED_KEYS,
    answers_for,
    figures_for,
    level_of,
    position_for,
)
from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db


# Measured on SQLite: SAVEPOINT + framework, bands, overall rules, level names, pillars,
# sub-indices, criteria + the current version, whether it has assessments, and its questions
# (survey statements, questions, options, thresholds, figures, scale, needs) + RELEASE. The same
# whatever the answers and figures. Once the version has an assessment its questions are cached
# (it can no longer be edited): 7 fewer.
PAGE_QUERIES = 18
PAGE_QUERIES_ANSWERED_VERSION = 11
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
    return dict(re.findall(r'<input type="radio" name="([^"]+)" value="(\d+)"[^>]* checked>', html))


def figure_values(html: str) -> dict[str, str]:
    """{field name: value} of every figure input (f-<figure key>)."""
    return dict(re.findall(r'<input type="text" [^>]*name="(f-[^"]+)" value="([^"]*)"', html))


def computation(html: str, code: str) -> str:
    match = re.search(
        rf'<p class="computation" id="computation-{re.escape(code)}"[^>]*>(.*?)</p>', html
    )
    assert match, f"no computation for {code}"
    return match.group(1).strip()


def text(fragment: str) -> str:
    """The fragment's text as a reader sees it: tags dropped, entities decoded, spaces joined."""
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def all_at(level: int) -> dict[str, str]:
    """The query string that gives every criterion ``level``: an option or figures."""
    answers = {f"c-{code}": str(p) for code, p in answers_for(ANSWER_CODES, level).items()}
    figures = {f"f-{key}": str(v) for key, v in figures_for(FIGURE_CODES, level).items()}
    return answers | figures


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
    options = sum(len(QUESTIONS[code]["options"]) for code in ANSWER_CODES)
    assert html.count('type="radio"') == options == 199
    assert checked(html) == {}
    # Each figure once: the shared ones in their own fieldset, the others in their criterion.
    assert set(figure_values(html)) == {
        f"f-{key}"
        for key in FigureField.objects.filter(version=official_version()).values_list(
            "key", flat=True
        )
    }
    assert set(figure_values(html).values()) == {""}


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
    response, html = page(client, all_at(5))

    assert response.status_code == 200
    assert '<strong id="total-points">320</strong> / 320' in html
    assert '<strong id="overall-level" data-level="5">Mức 5 – Dẫn dắt</strong>' in html
    assert "Đã đạt mức cao nhất." in html
    assert len(checked(html)) == len(ANSWER_CODES) == 34
    assert "Đã trả lời 60/60 tiêu chí" in html
    assert all(computation(html, code).endswith("→ mức 5") for code in FIGURE_CODES)


def test_all_answers_at_three_are_192_points_at_level_3(client):
    # Each pillar at exactly 60 % → 3; 192 is not strictly above 192, so overall stays 3.
    _, html = page(client, all_at(3))

    assert '<strong id="total-points">192</strong> / 320' in html
    assert '<strong id="overall-level" data-level="3">Mức 3 – Hình thành</strong>' in html


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"c-1.1.1": "3", "c-2.1.1": "4"},
        all_at(5),
        {"c-1.1.1": "9", "c-2.1.1": "4", "f-c3_2_3_num": "12,5", "f-staff_total": "x"},
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


NO_SUCH_OPTION = "Câu hỏi này không có phương án số {}; các phương án: 0, 1, 2, 3, 4, 5."
NOT_A_POSITION = "Câu trả lời là số thứ tự của một phương án: một số nguyên từ 0."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9", NO_SUCH_OPTION.format(9)),
        ("-1", NO_SUCH_OPTION.format(-1)),
        ("abc", NOT_A_POSITION),
        ("2.5", NOT_A_POSITION),
        ("--1", NOT_A_POSITION),
        ("²", NOT_A_POSITION),
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
    assert position_for("6.1.6", 2) == 2
    _, html = page(client, {"c-1.1.1": "9", "c-2.1.1": "4", "c-6.1.6": "2"})

    assert checked(html) == {"c-2.1.1": "4", "c-6.1.6": "2"}
    assert '<strong id="total-points">22</strong> / 320' in html  # 20 + 2; 1.1.1 left out


def test_an_answer_for_a_criterion_asked_as_figures_is_refused_next_to_it(client):
    response, html = page(client, {"c-6.1.7": "2", "c-2.1.1": "4"})

    assert response.status_code == 400
    assert "Mức của tiêu chí này được tính từ số liệu" in fieldset(html, "6.1.7")
    assert '<strong id="total-points">20</strong> / 320' in html


def test_unknown_parameters_are_ignored(client):
    response, html = page(client, {"c-9.9.9": "3", "utm_source": "x", "c-1.1.1": "2"})

    assert response.status_code == 200
    assert '<strong id="total-points">2</strong>' in html


# --- the national form's questions ---


def test_every_question_of_the_current_version_is_asked_word_for_word(client):
    _, html = page(client)

    questions = Question.objects.filter(version=official_version()).select_related(
        "criterion", "numerator", "denominator"
    )
    assert questions.count() == 60
    for question in questions:
        shown = text(fieldset(html, question.criterion.code))
        code = question.criterion.code
        for line in (question.gate_vi, question.prompt_vi):
            assert " ".join(line.split()) in shown, (code, line)
        options = QuestionOption.objects.filter(question=question).order_by("position")
        radios = re.findall(rf'name="c-{re.escape(code)}" value="(\d+)"', fieldset(html, code))
        assert radios == [str(o.position) for o in options], code
        for option in options:
            assert f"Mức {option.level} {' '.join(option.label_vi.split())}" in shown, code
        if question.numerator:
            assert " ".join(question.numerator.label_vi.split()) in shown, code
            assert " ".join(question.denominator.label_vi.split()) in shown, code


def test_figures_give_the_level_of_their_share_with_the_computation_shown(client):
    # 3.2.3: 12 of 40 invoices are e-invoices: 30 %; the file's thresholds give level 2.
    expected = level_of("3.2.3", 12, 40)
    assert expected == 2
    response, html = page(client, {"f-c3_2_3_num": "12", "f-c3_2_3_den": "40"})

    assert response.status_code == 200
    assert computation(html, "3.2.3") == "12 / 40 = 30 % → mức 2"
    assert "<td>2/80</td>" in pillar_row(html, "3")
    assert figure_values(html)["f-c3_2_3_num"] == "12"
    assert "Đã trả lời 1/60 tiêu chí" in html


def test_a_shared_figure_feeds_every_criterion_that_divides_by_it(client):
    # 4.2.1 and 4.2.2: 12 and 4 of 40 staff.
    response, html = page(
        client, {"f-staff_total": "40", "f-c4_2_1_num": "12", "f-c4_2_2_num": "4"}
    )

    assert response.status_code == 200
    level_1, level_2 = level_of("4.2.1", 12, 40), level_of("4.2.2", 4, 40)
    assert computation(html, "4.2.1") == f"12 / 40 = 30 % → mức {level_1}"
    assert computation(html, "4.2.2") == f"4 / 40 = 10 % → mức {level_2}"
    assert 'id="denominator-4.2.1">40</strong>' in html
    assert "<td>" + f"{level_1 + level_2}/65</td>" in pillar_row(html, "4")
    assert figure_values(html)["f-staff_total"] == "40"
    assert html.count('name="f-staff_total"') == 1


def test_a_figure_that_is_not_a_whole_number_keeps_everything_typed(client):
    query = {"f-c3_2_3_num": "12,5", "f-c3_2_3_den": "40", "c-1.1.1": "3", "f-staff_total": "40"}
    response, html = page(client, query)

    assert response.status_code == 400
    bad = fieldset(html, "3.2.3")
    assert "has-error" in bad
    assert "“12,5” không phải số nguyên không âm" in text(bad)
    assert computation(html, "3.2.3") == "Nhập đủ số liệu để tính mức."
    values = figure_values(html)
    assert (values["f-c3_2_3_num"], values["f-c3_2_3_den"], values["f-staff_total"]) == (
        "12,5",
        "40",
        "40",
    )
    assert checked(html) == {"c-1.1.1": "3"}
    assert '<strong id="total-points">3</strong> / 320' in html
    assert html.count('class="field-error"') == 1


def test_a_numerator_above_its_denominator_is_refused_next_to_its_criterion(client):
    response, html = page(client, {"f-c3_2_3_num": "50", "f-c3_2_3_den": "40", "c-2.1.1": "4"})

    assert response.status_code == 400
    numerator, denominator = (
        QUESTIONS["3.2.3"]["numerator"],
        QUESTIONS["3.2.3"]["denominator"],
    )
    labels = dict(
        FigureField.objects.filter(version=official_version()).values_list("key", "label_vi")
    )
    message = f"Tiêu chí 3.2.3: {labels[numerator]} lớn hơn {labels[denominator]}."
    assert message in text(fieldset(html, "3.2.3"))
    values = figure_values(html)
    assert (values["f-c3_2_3_num"], values["f-c3_2_3_den"]) == ("50", "40")
    assert '<strong id="total-points">20</strong> / 320' in html  # 3.2.3 left out


def test_a_bad_shared_figure_is_said_next_to_it(client):
    response, html = page(client, {"f-staff_total": "bốn mươi", "f-c4_2_1_num": "12"})

    assert response.status_code == 400
    box = re.search(r'<div class="figure-error" id="figure-error-staff_total">(.*?)</div>', html)
    assert "“bốn mươi” không phải số nguyên không âm" in box.group(1)
    assert figure_values(html)["f-staff_total"] == "bốn mươi"
    assert computation(html, "4.2.1") == "Nhập đủ số liệu để tính mức."
    assert "Có 1 câu trả lời không hợp lệ" in html


def test_shared_figures_are_asked_once_above_the_criteria(client):
    _, html = page(client)

    shared = re.search(r'<fieldset class="shared-figures card" id="shared-figures"[^>]*>', html)
    assert shared
    assert "disabled" not in shared.group(0)
    assert shared.start() < html.index('id="criterion-1.1.1"')
    assert re.findall(r'data-testid="shared-([a-z0-9_]+)"', html) == SHARED_KEYS


def test_an_answered_version_is_read_from_the_cache(client, django_assert_max_num_queries):
    AssessmentFactory(catalog_version=official_version())
    client.get("/")  # warms the cache

    with django_assert_max_num_queries(PAGE_QUERIES_ANSWERED_VERSION):
        _, html = page(client, {"f-c3_2_3_num": "12", "f-c3_2_3_den": "40"})

    assert computation(html, "3.2.3") == "12 / 40 = 30 % → mức 2"


# --- htmx partial ---


def test_htmx_request_gets_only_the_results(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get("/", {"c-1.1.1": "3", "c-2.1.1": "4"}, HTTP_HX_REQUEST="true")

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert "<input" not in html  # what the user typed is left alone
    assert '<strong id="total-points">23</strong> / 320' in html
    assert '<strong id="overall-level" data-level="0">Mức 0 – Chưa khởi động</strong>' in html
    assert "Phân tích khoảng cách" in html


def test_htmx_answer_recomputes_the_figures_next_to_their_inputs(client):
    query = {"f-c3_2_3_num": "12", "f-c3_2_3_den": "40", "f-c1_1_3_num": "9", "f-c1_1_3_den": "4"}
    response = client.get("/", query, HTTP_HX_REQUEST="true")

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200  # htmx swaps only successful answers
    assert '<p id="computation-3.2.3" hx-swap-oob="innerHTML">12 / 40 = 30 % → mức 2</p>' in html
    error = re.search(r'<div id="error-1.1.3" hx-swap-oob="innerHTML">(.*?)</div>', html)
    assert "Tiêu chí 1.1.3:" in error.group(1)
    assert '<div id="error-3.2.3" hx-swap-oob="innerHTML"></div>' in html  # cleared
    alert = re.search(
        r'<div id="calculator-alert" hx-swap-oob="innerHTML">(.*?)</div> </div>', html
    )
    assert "Có 1 câu trả lời không hợp lệ" in alert.group(1)
    # Every criterion's error box is answered, so an error fixed since is cleared.
    assert len(re.findall(r'<div id="error-[\d.]+" hx-swap-oob="innerHTML">', html)) == 60
    assert len(re.findall(r'<p id="computation-[\d.]+" hx-swap-oob', html)) == 26


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
    # Random tokens (CSP nonce, CSRF) may spell "cdn" by chance: look at everything else.
    assert "cdn" not in re.sub(r'(nonce|value|content)="[^"]*"', "", html).lower()
    for src in scripts + stylesheets:
        assert finders.find(src.removeprefix("/static/")), f"{src} is not a static file"


# --- English ---


def test_english_page_shows_english_names(client, django_assert_max_num_queries):
    client.cookies["django_language"] = "en"  # chosen with the language selector
    with django_assert_max_num_queries(PAGE_QUERIES):
        response, html = page(client, {"c-2.1.1": "4"})

    assert response.status_code == 200

    assert '<html lang="en">' in html
    assert "Customer digital experience" in html
    assert "Trải nghiệm số cho khách hàng" not in html
    assert "E-marketing" in html  # group heading 1.1.1–1.1.3
    assert '<strong id="overall-level" data-level="0">Level 0 – Not started</strong>' in html
    assert 'data-level="4">4 <small>Advanced</small>' in pillar_row(html, "2")
    gate = Question.objects.get(version=official_version(), criterion__code="1.1.1").gate_en
    assert " ".join(gate.split()) in text(fieldset(html, "1.1.1"))


def test_english_page_shows_the_computation_in_english(client):
    client.cookies["django_language"] = "en"  # chosen with the language selector
    _, html = page(client, {"f-c3_2_3_num": "1200", "f-c3_2_3_den": "4000"})

    assert computation(html, "3.2.3") == "1,200 / 4,000 = 30 % → level 2"


def test_calculator_only_answers_get_since_it_stores_nothing(client):
    response = client.post("/", {"c-1.1.1": "3"})

    assert response.status_code == 405
