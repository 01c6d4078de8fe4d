"""The public catalog and scoring API (/api/v1/), its structured errors and its documentation.

Expected scores are worked out by hand from DOMAIN.md §2 (see test_cli.py for the arithmetic of
the shared cases). Query counts include the SAVEPOINT / RELEASE pair of ATOMIC_REQUESTS.

The catalog and the score endpoint use the framework's current catalog version (the national
form, official-2021): 26 criteria take their level from figures, so "every criterion at 5" is
sent as levels for the others and figures for those (tests/assessments/official_form.py, read
from the version's file).
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from assessments.models import CatalogVersion, FigureField, Question, SurveyStatement
from tests.factories import AssessmentFactory, official_version

from .official_form import (
    ANSWER_CODES,
    FIGURE_CODES,
    OFFICIAL,
    QUESTIONS,
    figures_for,
    level_of,
    position_for,
)
from .sme_reference import BAD_LEVELS

pytestmark = pytest.mark.django_db


LIST_URL = "/api/v1/frameworks/"
DETAIL_URL = "/api/v1/frameworks/dbi-sme-2021/"
SCORE_URL = "/api/v1/frameworks/dbi-sme-2021/score/"

# Measured on SQLite: savepoint + count + page for the list. The tree: savepoint + framework,
# bands, overall rules, level names, pillars, sub-indices, criteria + the current version,
# whether it has assessments, its questions (survey statements, questions, options, thresholds,
# figures, scale, needs) + release. Scoring: savepoint + framework, criteria, bands, overall
# rules + the same 9 for the questions + release; one more (ROLLBACK TO SAVEPOINT) when a request
# fails. Once the current version has an assessment its questions are cached (it can no longer
# be edited): 7 fewer. The same whatever the size of the input.
LIST_QUERIES = 4
TREE_QUERIES = 18
SCORE_QUERIES = 15
SCORE_QUERIES_ON_ERROR = 16
CACHED_QUESTIONS = 7
NOT_FOUND_QUERIES = 4

CRITERIA_PER_SUB = {
    "1.1": 9, "1.2": 4, "2.1": 1, "3.1": 2, "3.2": 14,
    "4.1": 6, "4.2": 7, "5.1": 5, "5.2": 5, "6.1": 7,
}  # fmt: skip
ALL_CODES = [f"{sub}.{n}" for sub, count in CRITERIA_PER_SUB.items() for n in range(1, count + 1)]
PILLAR_MAX = {"1": 65, "2": 25, "3": 80, "4": 65, "5": 50, "6": 35}

SMALL_CASE = {"1.1.1": 3, "2.1.1": 4, "3.2.1": 5}
# 3/65 → 0, 20/25 = 80 % → 4, 5/80 → 0; total 28 but a single pillar at level ≥ 1 → overall 0.
SMALL_PILLARS = [
    {"code": "1", "points": 3, "max": 65, "level": 0},
    {"code": "2", "points": 20, "max": 25, "level": 4},
    {"code": "3", "points": 5, "max": 80, "level": 0},
    {"code": "4", "points": 0, "max": 65, "level": 0},
    {"code": "5", "points": 0, "max": 50, "level": 0},
    {"code": "6", "points": 0, "max": 35, "level": 0},
]


ENGLISH_CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The score endpoint is throttled per client address; start every test with a clean slate."""
    cache.clear()


def post_score(client, body, **extra):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(SCORE_URL, data=data, content_type="application/json", **extra)


# --- catalog ---


def test_framework_list_is_open_to_anonymous_users(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [f["code"] for f in results] == ["dbi-sme-2021"]
    assert results[0]["max_points"] == 320
    assert results[0]["url"].endswith(DETAIL_URL)


def test_framework_detail_returns_the_whole_tree(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(TREE_QUERIES):
        response = client.get(DETAIL_URL)

    assert response.status_code == 200
    tree = response.json()
    pillars = tree["pillars"]
    subs = [s for p in pillars for s in p["sub_indices"]]
    criteria = [c for s in subs for c in s["criteria"]]
    assert tree["max_points"] == 320
    assert {p["code"]: p["max_points"] for p in pillars} == PILLAR_MAX
    assert pillars[0]["name_en"] == "Customer digital experience"
    assert [s["code"] for s in subs] == list(CRITERIA_PER_SUB)
    assert [c["code"] for c in criteria] == ALL_CODES
    assert [c["code"] for c in criteria if c["question"]["kind"] == "figures"] == FIGURE_CODES
    assert {c["code"]: c["points_per_level"] for c in criteria if c["points_per_level"] != 1} == {
        "2.1.1": 5
    }
    assert criteria[0]["group_vi"] == "Tiếp thị điện tử"


def test_framework_detail_carries_the_scoring_rules(client):
    tree = client.get(DETAIL_URL).json()

    assert tree["scoring_method"] == "sme-bands-2021"
    assert [(b["level"], b["upper_percent"]) for b in tree["bands"]] == [
        (0, 10),
        (1, 20),
        (2, 40),
        (3, 60),
        (4, 80),
        (5, 100),
    ]
    assert [(r["level"], r["total_above"], r["min_pillars"]) for r in tree["overall_rules"]] == [
        (1, 20, 4),
        (2, 64, 4),
        (3, 128, 4),
        (4, 192, 5),
        (5, 256, 6),
    ]
    assert [(n["level"], n["name_vi"], n["name_en"]) for n in tree["level_names"]] == [
        (0, "Chưa khởi động", "Not started"),
        (1, "Khởi động", "Initiating"),
        (2, "Bắt đầu", "Beginning"),
        (3, "Hình thành", "Forming"),
        (4, "Nâng cao", "Advanced"),
        (5, "Dẫn dắt", "Leading"),
    ]


@pytest.mark.parametrize(
    "url", ["/api/v1/frameworks/dbi-nope/", "/api/v1/frameworks/dbi-nope/score/"]
)
def test_unknown_framework_is_a_structured_404(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(NOT_FOUND_QUERIES):
        if url.endswith("/score/"):
            response = client.post(url, data="{}", content_type="application/json")
        else:
            response = client.get(url)

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["message"] == "Không tìm thấy tài nguyên yêu cầu."
    assert error["fields"] == {}


def criteria_of(tree: dict) -> dict[str, dict]:
    return {c["code"]: c for p in tree["pillars"] for s in p["sub_indices"] for c in s["criteria"]}


def test_each_criterion_carries_its_question_of_the_current_version(client):
    criteria = criteria_of(client.get(DETAIL_URL).json())

    questions = Question.objects.filter(version=official_version()).select_related(
        "criterion", "numerator", "denominator"
    )
    assert questions.count() == 60
    for question in questions:
        shown = criteria[question.criterion.code]["question"]
        options = question.options.order_by("position")
        thresholds = question.thresholds.order_by("level")
        assert shown == {
            "kind": question.kind,
            "gate_vi": question.gate_vi,
            "gate_en": question.gate_en,
            "prompt_vi": question.prompt_vi,
            "prompt_en": question.prompt_en,
            "help_vi": question.help_vi,
            "help_en": question.help_en,
            "options": [
                {
                    "position": o.position,
                    "level": o.level,
                    "label_vi": o.label_vi,
                    "label_en": o.label_en,
                }
                for o in options
            ],
            "mapping_note_vi": question.mapping_note_vi,
            "mapping_note_en": question.mapping_note_en,
            "numerator": question.numerator.key if question.numerator else None,
            "denominator": question.denominator.key if question.denominator else None,
            "thresholds": [{"level": t.level, "min_percent": t.min_percent} for t in thresholds],
            "threshold_note_vi": question.threshold_note_vi,
            "threshold_note_en": question.threshold_note_en,
            "published_text_vi": question.published_text_vi,
            "correction_note_vi": question.correction_note_vi,
            "correction_note_en": question.correction_note_en,
        }


def test_the_questions_are_the_national_forms_as_filed(client):
    criteria = criteria_of(client.get(DETAIL_URL).json())

    for code, filed in QUESTIONS.items():
        question = criteria[code]["question"]
        assert (question["gate_vi"], question["prompt_vi"]) == (
            filed["gate_vi"],
            filed["prompt_vi"],
        )
        assert [(o["level"], o["label_vi"]) for o in question["options"]] == [
            (o["level"], o["label_vi"]) for o in filed["options"]
        ]
        assert question["thresholds"] == filed["thresholds"]
    # 1.2.1: three frequencies mapped to levels 1, 3 and 5, as its mapping note says.
    assert [o["level"] for o in criteria["1.2.1"]["question"]["options"]] == [0, 1, 3, 5]
    assert criteria["1.2.1"]["question"]["mapping_note_vi"]


def test_framework_detail_names_the_current_version_its_figures_and_its_survey(client):
    tree = client.get(DETAIL_URL).json()

    version = CatalogVersion.objects.get(framework__code="dbi-sme-2021", is_current=True)
    assert tree["version"] == {
        "number": 2,
        "label": "official-2021",
        "name_vi": version.name_vi,
        "name_en": version.name_en,
    }
    assert tree["figures"] == OFFICIAL["figures"]
    assert [f["key"] for f in tree["figures"] if f["shared"]] == [
        "staff_total",
        "revenue_3m",
        "revenue_last_year",
        "spending_last_year",
    ]
    survey = tree["survey"]
    assert survey == OFFICIAL["survey"]
    assert [b["code"] for b in survey["barriers"]] == [f"8.{n}" for n in range(1, 10)]
    statements = [s for g in survey["perception_groups"] for s in g["statements"]]
    assert (
        len(statements)
        == 29
        == SurveyStatement.objects.filter(version=version, part="perception").count()
    )
    assert [s["value"] for s in survey["scale"]] == [1, 2, 3, 4, 5]
    assert survey["support_needs"][-1]["asks_text"] is True


def test_framework_detail_reads_an_answered_version_from_the_cache(
    client, django_assert_max_num_queries
):
    AssessmentFactory(catalog_version=official_version())
    client.get(DETAIL_URL)  # warms the cache

    with django_assert_max_num_queries(TREE_QUERIES - CACHED_QUESTIONS):
        tree = client.get(DETAIL_URL).json()

    assert criteria_of(tree)["3.2.3"]["question"]["numerator"] == "c3_2_3_num"
    assert len(tree["survey"]["barriers"]) == 9


# --- score ---


def every_criterion_at(level: int) -> dict:
    """Levels for the criteria answered with an option, figures for the others."""
    return {
        "levels": dict.fromkeys(ANSWER_CODES, level),
        "figures": figures_for(FIGURE_CODES, level),
    }


@pytest.mark.parametrize(
    "body",
    [
        {"levels": {}},
        {"levels": SMALL_CASE},
        every_criterion_at(5),
        {"answers": {"1.1.1": 3}, "figures": {"c3_2_3_num": 12, "c3_2_3_den": 40}},
    ],
    ids=["no-levels", "three-levels", "all-60", "answers-and-figures"],
)
def test_score_issues_the_same_queries_whatever_the_input(
    client, body, django_assert_max_num_queries
):
    with django_assert_max_num_queries(SCORE_QUERIES):
        response = post_score(client, body)

    assert response.status_code == 200


def test_score_reads_an_answered_version_from_the_cache(client, django_assert_max_num_queries):
    AssessmentFactory(catalog_version=official_version())
    post_score(client, {"levels": {}})  # warms the cache

    with django_assert_max_num_queries(SCORE_QUERIES - CACHED_QUESTIONS):
        response = post_score(client, every_criterion_at(5))

    assert response.json()["total"] == 320


def test_score_gives_the_hand_computed_result(client):
    response = post_score(client, {"levels": SMALL_CASE})

    assert response.status_code == 200
    document = response.json()
    assert document["framework"] == "dbi-sme-2021"
    assert document["total"] == 28
    assert document["level"] == 0
    assert document["pillars"] == SMALL_PILLARS
    assert document["sub_indices"][2] == {"code": "2.1", "points": 20, "max": 25}
    assert document["sub_indices"][4] == {"code": "3.2", "points": 5, "max": 70}


def test_score_all_five_is_320_at_level_5(client):
    document = post_score(client, every_criterion_at(5)).json()

    assert document["total"] == 320
    assert document["level"] == 5
    assert [p["level"] for p in document["pillars"]] == [5] * 6
    assert list(document["computations"]) == FIGURE_CODES
    assert {c["level"] for c in document["computations"].values()} == {5}


def test_score_all_three_is_192_at_level_3(client):
    # Each pillar at exactly 60 % → 3; 192 is not strictly above 192, so overall stays 3.
    document = post_score(client, every_criterion_at(3)).json()

    assert document["total"] == 192
    assert document["level"] == 3
    assert [p["points"] for p in document["pillars"]] == [39, 15, 48, 39, 30, 21]


# --- answers and figures ---


def test_answers_are_option_positions(client):
    # 1.1.1 and 2.1.1 list levels 0..5 in order (position = level); 3.2.1 too.
    answers = {code: position_for(code, level) for code, level in SMALL_CASE.items()}
    assert answers == SMALL_CASE

    document = post_score(client, {"answers": answers}).json()

    assert document["total"] == 28
    assert document["pillars"] == SMALL_PILLARS
    assert document["computations"] == {}


def test_an_answer_gives_its_options_level_not_its_position(client):
    # 1.2.1's options are "No" and three frequencies, at levels 0, 1, 3 and 5.
    document = post_score(client, {"answers": {"1.2.1": 2}}).json()

    assert document["pillars"][0]["points"] == 3
    document = post_score(client, {"answers": {"1.2.1": 3}}).json()
    assert document["pillars"][0]["points"] == 5


def test_figures_give_their_criterion_the_level_of_their_share(client):
    # 3.2.3: 12 of 40 invoices are e-invoices, 30 %: level 2 by the file's thresholds.
    assert level_of("3.2.3", 12, 40) == 2
    document = post_score(client, {"figures": {"c3_2_3_num": 12, "c3_2_3_den": 40}}).json()

    assert document["computations"] == {
        "3.2.3": {"numerator": 12, "denominator": 40, "percent": "30.0", "level": 2}
    }
    assert document["sub_indices"][4] == {"code": "3.2", "points": 2, "max": 70}


def test_a_shared_figure_serves_every_criterion_that_divides_by_it(client):
    body = {"figures": {"staff_total": 40, "c4_2_1_num": 12, "c4_2_2_num": 4, "c4_2_3_num": 0}}

    computations = post_score(client, body).json()["computations"]

    assert computations == {
        "4.2.1": {"numerator": 12, "denominator": 40, "percent": "30.0",
                  "level": level_of("4.2.1", 12, 40)},
        "4.2.2": {"numerator": 4, "denominator": 40, "percent": "10.0",
                  "level": level_of("4.2.2", 4, 40)},
        "4.2.3": {"numerator": 0, "denominator": 40, "percent": "0.0", "level": 0},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("numerator", "denominator", "percent"),
    [(1, 3, "33.3"), (2, 3, "66.6"), (2999, 10000, "29.9"), (0, 0, None), (7, 7, "100.0")],
    ids=["a-third", "two-thirds-truncated", "never-rounded-up", "nothing-to-share", "all"],
)
def test_the_percent_has_one_decimal_truncated(client, numerator, denominator, percent):
    body = {"figures": {"c3_2_3_num": numerator, "c3_2_3_den": denominator}}

    computation = post_score(client, body).json()["computations"]["3.2.3"]

    assert computation["percent"] == percent
    assert computation["level"] == level_of("3.2.3", numerator, denominator)


def test_a_criterion_with_one_figure_missing_has_no_level_yet(client):
    document = post_score(client, {"figures": {"c3_2_3_num": 12, "c3_2_3_den": None}}).json()

    assert document["computations"] == {}
    assert document["total"] == 0


def test_levels_answers_and_figures_add_up(client):
    body = {
        "levels": {"2.1.1": 4},
        "answers": {"1.1.1": 3},
        "figures": {"c3_2_3_num": 12, "c3_2_3_den": 40},
    }

    document = post_score(client, body).json()

    assert document["total"] == 20 + 3 + 2


FIGURES_ONLY_VI = "Mức của tiêu chí này được tính từ số liệu; hãy nhập số liệu thay vì chọn mức."
FIGURES_ONLY_EN = (
    "This criterion's level is computed from figures; enter the figures instead of choosing a "
    "level."
)
BAD_FIGURE_VI = "Số liệu phải là số nguyên không âm (đồng hoặc số lượng), không quá 10^15."
BAD_FIGURE_EN = "A figure is a whole number of at least 0 (đồng or a count), at most 10^15."


def test_a_level_for_a_criterion_asked_as_figures_is_refused_under_it(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(SCORE_QUERIES_ON_ERROR):
        response = post_score(client, {"levels": {"3.2.3": 2, "1.1.1": 3}})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"levels": {"3.2.3": [FIGURES_ONLY_VI]}}


def test_an_answer_for_a_criterion_asked_as_figures_is_refused_under_it(client):
    error = post_score(client, {"answers": {"3.2.3": 2}}).json()["error"]

    assert error["fields"] == {"answers": {"3.2.3": [FIGURES_ONLY_VI]}}


def test_figures_errors_follow_an_english_accept_language(client):
    body = {"levels": {"3.2.3": 2}, "figures": {"c3_2_3_num": -1}}

    error = post_score(client, body, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert error["message"] == "The submitted data is invalid."
    assert error["fields"] == {
        "levels": {"3.2.3": [FIGURES_ONLY_EN]},
        "figures": {"c3_2_3_num": [BAD_FIGURE_EN]},
    }


@pytest.mark.parametrize(
    "value",
    [-1, 12.5, "12", True, 10**15 + 1, [12], {"value": 12}],
    ids=["negative", "decimal", "string", "boolean", "too-large", "array", "object"],
)
def test_a_figure_that_is_not_a_whole_number_is_refused_under_its_key(client, value):
    response = post_score(client, {"figures": {"c3_2_3_num": value, "c3_2_3_den": 40}})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"figures": {"c3_2_3_num": [BAD_FIGURE_VI]}}


def test_a_numerator_above_its_denominator_is_refused_under_the_numerator(client):
    labels = dict(
        FigureField.objects.filter(version=official_version()).values_list("key", "label_vi")
    )
    body = {"figures": {"staff_total": 10, "c4_2_1_num": 12, "c4_2_2_num": 4}}

    response = post_score(client, body)

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "figures": {
            "c4_2_1_num": [
                f"Tiêu chí 4.2.1: {labels['c4_2_1_num']} lớn hơn {labels['staff_total']}."
            ]
        }
    }


def test_a_numerator_above_its_denominator_is_said_in_english(client):
    labels = dict(
        FigureField.objects.filter(version=official_version()).values_list("key", "label_en")
    )
    body = {"figures": {"c3_2_3_num": 50, "c3_2_3_den": 40}}

    error = post_score(client, body, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert error["fields"]["figures"] == {
        "c3_2_3_num": [
            f"Criterion 3.2.3: {labels['c3_2_3_num']} is larger than {labels['c3_2_3_den']}."
        ]
    }


def test_an_unknown_figure_is_refused_under_its_key(client):
    error = post_score(client, {"figures": {"staff": 40}}).json()["error"]

    assert error["fields"] == {"figures": {"staff": ["Số liệu không thuộc bộ câu hỏi này."]}}


@pytest.mark.parametrize(
    ("answers", "message_vi", "message_en"),
    [
        (
            {"1.2.1": 4},
            "Câu hỏi này không có phương án số 4; các phương án: 0, 1, 2, 3.",
            "This question has no option 4; its options are 0, 1, 2, 3.",
        ),
        (
            {"1.2.1": "1"},
            "Câu trả lời là số thứ tự của một phương án: một số nguyên từ 0.",
            "An answer is the position of an option: a whole number from 0.",
        ),
        (
            {"9.9.9": 1},
            "Không có tiêu chí mã này trong bộ chỉ số dbi-sme-2021.",
            "There is no criterion with this code in framework dbi-sme-2021.",
        ),
    ],
    ids=["no-such-option", "not-a-position", "unknown-criterion"],
)
def test_bad_answers_are_named_in_the_callers_language(client, answers, message_vi, message_en):
    vi = post_score(client, {"answers": answers}).json()["error"]["fields"]
    en = post_score(client, {"answers": answers}, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    key = next(iter(answers))
    assert vi == {"answers": {key: [message_vi]}}
    assert en["fields"] == {"answers": {key: [message_en]}}


def test_a_criterion_given_both_a_level_and_an_answer_is_refused(client):
    error = post_score(client, {"levels": {"1.1.1": 3}, "answers": {"1.1.1": 3}}).json()["error"]

    assert error["fields"] == {
        "answers": {
            "1.1.1": ["Tiêu chí 1.1.1 đã có mức trong “levels”; hãy chỉ gửi một trong hai."]
        }
    }


def test_score_answers_exactly_what_the_cli_prints(client, monkeypatch):
    body = json.dumps({"levels": SMALL_CASE})
    monkeypatch.setattr(sys, "stdin", io.StringIO(body))
    out = io.StringIO()
    call_command("score_assessment", stdout=out, stderr=io.StringIO())

    assert post_score(client, body).json() == json.loads(out.getvalue())


def test_score_needs_no_csrf_token(sme_framework):
    response = Client(enforce_csrf_checks=True).post(
        SCORE_URL, data={"levels": SMALL_CASE}, content_type="application/json"
    )

    assert response.status_code == 200


def test_score_endpoint_names_every_bad_key(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(SCORE_QUERIES_ON_ERROR):
        response = post_score(client, {"levels": {**BAD_LEVELS, "1.1.9": 2}})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]["levels"]) == set(BAD_LEVELS)


def test_score_endpoint_explains_each_bad_value_in_vietnamese(client):
    body = {"levels": {"9.9.9": 1, "1.1.1": 6, "1.1.3": 2.5, "1.1.5": True}}

    error = post_score(client, body).json()["error"]

    assert error["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert error["fields"]["levels"] == {
        "9.9.9": ["Không có tiêu chí mã này trong bộ chỉ số dbi-sme-2021."],
        "1.1.1": ["Mức 6 nằm ngoài khoảng 0–5."],
        "1.1.3": ["Mức phải là số nguyên từ 0 đến 5."],
        "1.1.5": ["Mức phải là số nguyên từ 0 đến 5."],
    }


def test_score_endpoint_refuses_null_with_the_same_wording_as_other_non_integers(client):
    error = post_score(client, {"levels": {"1.1.6": None}}).json()["error"]

    assert error["fields"]["levels"] == {"1.1.6": ["Mức phải là số nguyên từ 0 đến 5."]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param("[1, 2]", "non_field_errors", id="array"),
        pytest.param('"levels"', "non_field_errors", id="string"),
        pytest.param("{}", "non_field_errors", id="none-of-the-three"),
        pytest.param('{"level": {"1.1.1": 3}}', "non_field_errors", id="misspelt"),
        pytest.param('{"levels": [3]}', "levels", id="levels-array"),
        pytest.param('{"levels": 3}', "levels", id="levels-number"),
    ],
)
def test_score_endpoint_refuses_a_body_without_a_levels_answers_or_figures_object(
    client, body, field
):
    response = post_score(client, body)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]


def test_score_endpoint_reports_malformed_json_as_a_structured_400(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(SCORE_QUERIES_ON_ERROR):
        response = post_score(client, '{"levels": {"1.1.1": 3')

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "parse_error"
    assert error["message"]
    assert error["fields"] == {}


def test_score_endpoint_allows_only_post(client):
    response = client.get(SCORE_URL)

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.xfail(
    not ENGLISH_CATALOG.exists(),
    reason="English catalog pending",
    strict=False,
)
def test_score_error_messages_follow_an_english_accept_language(client):
    body = {"levels": {"9.9.9": 1, "1.1.1": 6, "1.1.3": 2.5}}

    error = post_score(client, body, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert error["message"] == "The submitted data is invalid."
    assert error["fields"]["levels"] == {
        "9.9.9": ["There is no criterion with this code in framework dbi-sme-2021."],
        "1.1.1": ["Level 6 is outside 0–5."],
        "1.1.3": ["The level must be a whole number from 0 to 5."],
    }


@pytest.mark.xfail(not ENGLISH_CATALOG.exists(), reason="English catalog pending", strict=False)
def test_not_found_message_follows_an_english_accept_language(client):
    error = client.get("/api/v1/frameworks/dbi-nope/", HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert error["message"] == "The requested resource was not found."


# --- schema and documentation ---


def test_schema_documents_the_three_endpoints(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/frameworks/",
        "/api/v1/frameworks/{code}/",
        "/api/v1/frameworks/{code}/score/",
    } <= set(schema["paths"])
    assert "post" in schema["paths"]["/api/v1/frameworks/{code}/score/"]


def test_api_docs_load_only_local_assets(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
    links = re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", html)
    assert scripts, "Swagger UI needs its bundle"
    # The bundle from static files, its start-up script from the page's own URL (no inline
    # script: the Content-Security-Policy).
    assert all(src.startswith(("/static/", "/api/docs/?script=")) for src in scripts), scripts
    assert all(href.startswith("/static/") for href in links), links
    assert "cdn" not in html.lower()
    assert "/api/schema/" in client.get("/api/docs/?script=").content.decode()
