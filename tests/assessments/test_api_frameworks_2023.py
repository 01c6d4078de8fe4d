"""The public framework API with the 2023 frameworks: the list (method, audience, levels,
whether each can be scored and whether its questions are the portal's reference ones), the
detail's method rules, and the score endpoint fed each method's input.

The cases are worked out by hand in tests/assessments/frameworks_2023.py. The 2021 index keeps
its answers (tests/assessments/test_api.py, unchanged). Query counts include the SAVEPOINT /
RELEASE pair of ATOMIC_REQUESTS.
"""

from __future__ import annotations

import io
import json
import sys

import pytest
import yaml
from django.core.management import call_command

from assessments.catalog import assessable_problems
from assessments.selectors import framework_definition

from .frameworks_2023 import (
    DEPARTMENTS_CASE,
    DEPARTMENTS_RESULT,
    LARGE,
    LARGE_TEST,
    LARGE_TEST_CRITERIA,
    READINESS,
    READINESS_CASE,
    READINESS_QUESTIONS,
    READINESS_RESULT,
    READINESS_WEIGHTS,
    load_large_test,
    load_quietly,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def readiness(db):
    load_quietly(READINESS)


@pytest.fixture
def large(db):
    load_quietly(LARGE)


@pytest.fixture
def large_test(db):
    load_large_test()


LIST_URL = "/api/v1/frameworks/"
SME = "dbi-sme-2021"
# savepoint + the frameworks (their state in subqueries) + their level names + release: the
# same for one framework as for four (the paginator counts the rows read).
LIST_QUERIES = 4
# savepoint + the framework, its criteria, sub-indices, pillars and thresholds + its state +
# release, whatever the input; one more (ROLLBACK TO SAVEPOINT) when it is refused.
SCORE_QUERIES = 8

LARGE_REASONS_VI = [
    "Số nhóm tiêu chí chưa có tiêu chí nào: 25.",
    "Số trụ cột có số tiêu chí chưa khớp với quyết định: 6 (đã nhập 0 trong 140 tiêu chí).",
]
LARGE_REASONS_EN = [
    "Criteria groups without any criterion yet: 25.",
    "Pillars whose number of criteria does not match the decision: 6 (0 of 140 criteria imported).",
]
REFERENCE_NOTE_EN = (
    "The current version's questions are the portal's reference questions, written for each "
    "pillar's assessment aims; they are not the ministry's official questions (the decision has "
    "not published them). The official questions will be loaded as a new version once they are "
    "published."
)


def score_url(code: str) -> str:
    return f"/api/v1/frameworks/{code}/score/"


def post_score(client, code: str, body, **extra):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(score_url(code), data=data, content_type="application/json", **extra)


def listed(client, **extra) -> dict[str, dict]:
    return {f["code"]: f for f in client.get(LIST_URL, **extra).json()["results"]}


# --- the list ---


def test_the_list_gives_each_frameworks_method_audience_and_levels(client, readiness, large):
    frameworks = listed(client)

    assert list(frameworks) == [LARGE, SME, READINESS]
    readiness_index = frameworks[READINESS]
    assert readiness_index["scoring_method"] == "readiness-median-2023"
    assert readiness_index["audience"] == "sme"
    assert (readiness_index["min_level"], readiness_index["max_level"]) == (1, 5)
    assert readiness_index["decision_vi"].startswith("Quyết định số 2158/QĐ-BTTTT")
    assert frameworks[LARGE]["scoring_method"] == "department-means-2023"
    assert frameworks[LARGE]["audience"] == "large"
    assert (frameworks[LARGE]["min_level"], frameworks[LARGE]["max_level"]) == (0, 5)
    assert frameworks[SME]["scoring_method"] == "sme-bands-2021"
    assert frameworks[SME]["max_points"] == 320


def test_the_list_gives_the_level_names_with_their_descriptions(client, large):
    names = listed(client)[LARGE]["level_names"]

    assert [(n["level"], n["name_vi"], n["name_en"]) for n in names] == [
        (0, "Chưa có dữ liệu", "No data yet"),
        (1, "Khởi động", "Starting"),
        (2, "Bắt đầu", "Beginning"),
        (3, "Hình thành", "Forming"),
        (4, "Nâng cao", "Advanced"),
        (5, "Dẫn dắt", "Leading"),
    ]
    assert names[5]["description_vi"].endswith("tạo lập hệ sinh thái doanh nghiệp số vệ tinh.")
    assert names[5]["description_en"].startswith("The enterprise's digital transformation is")


def test_the_large_index_without_its_criteria_is_listed_as_not_assessable(client, readiness, large):
    frameworks = listed(client)

    # 25 groups, none with a criterion; each of the 6 dimensions expects 25/24/29/22/22/18.
    assert frameworks[LARGE]["assessable"] is False
    assert frameworks[LARGE]["not_assessable_because"] == LARGE_REASONS_VI
    for code in (SME, READINESS):
        assert frameworks[code]["assessable"] is True
        assert frameworks[code]["not_assessable_because"] == []


def test_assessable_in_the_list_is_what_the_catalog_checker_says(
    client, readiness, large, large_test
):
    frameworks = listed(client)

    assert set(frameworks) == {SME, READINESS, LARGE, LARGE_TEST}
    for code, shown in frameworks.items():
        assert shown["assessable"] is not assessable_problems(framework_definition(code=code))
    assert frameworks[LARGE_TEST]["assessable"] is True


def test_the_readiness_index_is_labelled_as_the_portals_reference_questions(
    client, readiness, large
):
    frameworks = listed(client)

    assert frameworks[READINESS]["reference_questions"] is True
    assert frameworks[READINESS]["reference_note"].startswith(
        "Các câu hỏi của phiên bản hiện hành là câu hỏi tham khảo do Cổng soạn"
    )
    for code in (SME, LARGE):
        assert frameworks[code]["reference_questions"] is False
        assert frameworks[code]["reference_note"] is None


def test_the_list_in_english(client, readiness, large):
    frameworks = listed(client, HTTP_ACCEPT_LANGUAGE="en")

    assert frameworks[LARGE]["not_assessable_because"] == LARGE_REASONS_EN
    assert frameworks[READINESS]["reference_note"] == REFERENCE_NOTE_EN


def test_the_list_issues_the_same_queries_however_many_frameworks(
    client, django_assert_max_num_queries, readiness, large, large_test
):
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.json()["count"] == 4


def test_a_pillar_with_too_few_criteria_keeps_the_framework_not_assessable(client, large_test):
    from assessments.models import Criterion

    Criterion.objects.filter(framework__code=LARGE_TEST, code="6.3.2").delete()

    shown = listed(client)[LARGE_TEST]

    # Every group still has a criterion, but dimension 6 has 5 of its 6.
    assert shown["assessable"] is False
    assert shown["not_assessable_because"] == [
        "Số trụ cột có số tiêu chí chưa khớp với quyết định: 1 (đã nhập 49 trong 50 tiêu chí)."
    ]
    assert assessable_problems(framework_definition(code=LARGE_TEST)) == [
        "pillar 6 has 5 criteria; its decision gives it 6"
    ]


# --- the detail ---


def test_the_readiness_detail_gives_its_thresholds_weights_and_questions(client, readiness):
    tree = client.get(f"/api/v1/frameworks/{READINESS}/").json()

    assert tree["scoring_method"] == "readiness-median-2023"
    assert tree["min_level"] == 1
    assert tree["thresholds"] == [
        {"level": 1, "from": 1},
        {"level": 2, "from": 1.8},
        {"level": 3, "from": 2.6},
        {"level": 4, "from": 3.4},
        {"level": 5, "from": 4.2},
    ]
    assert tree["threshold_note_en"].startswith("Decision No. 2158/QD-BTTTT does not state")
    assert tree["bands"] == []
    assert tree["overall_rules"] == []
    assert {p["code"]: p["weight_percent"] for p in tree["pillars"]} == READINESS_WEIGHTS
    assert {p["code"]: p["expected_criteria"] for p in tree["pillars"]} == dict.fromkeys(
        READINESS_WEIGHTS
    )
    criteria = [c for p in tree["pillars"] for s in p["sub_indices"] for c in s["criteria"]]
    assert [c["code"] for c in criteria] == READINESS_QUESTIONS
    assert {c["question"]["kind"] for c in criteria} == {"scale"}
    assert [o["level"] for o in criteria[0]["question"]["options"]] == [1, 2, 3, 4, 5]
    assert tree["version"]["label"] == "portal-reference-2023"
    assert tree["reference_questions"] is True
    assert tree["reference_note"].startswith("Các câu hỏi của phiên bản hiện hành")
    assert tree["assessable"] is True
    assert tree["not_assessable_because"] == []


def test_the_large_detail_gives_its_bands_and_expected_criteria(client, large):
    tree = client.get(f"/api/v1/frameworks/{LARGE}/").json()

    assert tree["scoring_method"] == "department-means-2023"
    assert [(t["level"], t["from"]) for t in tree["thresholds"]] == [
        (1, 0),
        (2, 25),
        (3, 50),
        (4, 75),
        (5, 100),
    ]
    assert [p["expected_criteria"] for p in tree["pillars"]] == [25, 24, 29, 22, 22, 18]
    assert [len(p["sub_indices"]) for p in tree["pillars"]] == [4, 6, 5, 4, 3, 3]
    assert all(not s["criteria"] for p in tree["pillars"] for s in p["sub_indices"])
    assert tree["version"]["label"] == "structure-2023"
    assert tree["reference_questions"] is False
    assert tree["assessable"] is False
    assert tree["not_assessable_because"] == LARGE_REASONS_VI


def test_a_criterion_asked_by_no_question_has_a_null_question(client, large_test):
    tree = client.get(f"/api/v1/frameworks/{LARGE_TEST}/").json()

    criteria = [c for p in tree["pillars"] for s in p["sub_indices"] for c in s["criteria"]]
    assert [c["code"] for c in criteria] == LARGE_TEST_CRITERIA
    assert {c["question"] is None for c in criteria} == {True}
    assert tree["assessable"] is True


def test_the_2021_detail_says_its_questions_are_official(client):
    tree = client.get(f"/api/v1/frameworks/{SME}/").json()

    assert tree["reference_questions"] is False
    assert tree["reference_note"] is None
    assert tree["thresholds"] == []
    assert tree["assessable"] is True
    assert {p["weight_percent"] for p in tree["pillars"]} == {0}


# --- scoring the readiness index ---


def test_readiness_levels_give_the_hand_computed_result(client, readiness):
    response = post_score(client, READINESS, {"levels": READINESS_CASE})

    assert response.status_code == 200
    assert response.json() == READINESS_RESULT


def test_readiness_every_question_at_3_is_r_3_at_level_3(client, readiness):
    result = post_score(client, READINESS, {"levels": dict.fromkeys(READINESS_QUESTIONS, 3)})

    # Every median 3, the weights add up to 100: R = 3, level 3 (2.6 ≤ 3 < 3.4).
    body = result.json()
    assert (body["score"], body["level"]) == (3.0, 3)
    assert {(p["score"], p["level"]) for p in body["pillars"]} == {(3.0, 3)}
    assert body["missing"] == []


def test_readiness_r_exactly_at_a_threshold_reaches_its_level(client, readiness):
    levels = dict.fromkeys(READINESS_QUESTIONS, 4)
    levels |= {code: 5 for code in READINESS_QUESTIONS if code[0] in "27"}
    levels |= {"4.2.2": 5, "4.3.1": 5, "4.3.2": 5}  # pillar 4: 4, 4, 4, 5, 5, 5 → 4.5

    body = post_score(client, READINESS, {"levels": levels}).json()

    # R = 4 + (7·1 + 11·1 + 4·0.5) / 100 = 4 + 20 / 100 = 4.2, the threshold of level 5.
    assert (body["score"], body["level"]) == (4.2, 5)
    pillars = {p["code"]: (p["score"], p["level"]) for p in body["pillars"]}
    assert pillars["4"] == (4.5, 5)
    assert pillars["1"] == (4.0, 4)


def test_readiness_scoring_issues_the_same_queries_whatever_the_input(
    client, readiness, django_assert_max_num_queries
):
    for levels in ({"1.1.1": 3}, dict.fromkeys(READINESS_QUESTIONS, 5)):
        with django_assert_max_num_queries(SCORE_QUERIES):
            assert post_score(client, READINESS, {"levels": levels}).status_code == 200


def test_bad_readiness_levels_are_named_under_their_code_in_vietnamese(client, readiness):
    body = {"levels": {"9.9.9": 1, "1.1.1": 0, "1.1.2": 6, "1.2.1": 2.5, "1.2.2": None}}

    response = post_score(client, READINESS, body)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "Dữ liệu gửi lên không hợp lệ."
    # Levels run 1..5 (min_level 1): 0 is refused like 6.
    assert error["fields"] == {
        "levels": {
            "9.9.9": ["Không có câu hỏi mã này trong bộ chỉ số dbi-sme-readiness-2023."],
            "1.1.1": ["Mức 0 nằm ngoài khoảng 1–5."],
            "1.1.2": ["Mức 6 nằm ngoài khoảng 1–5."],
            "1.2.1": ["Mức phải là số nguyên từ 1 đến 5."],
            "1.2.2": ["Mức phải là số nguyên từ 1 đến 5."],
        }
    }


def test_bad_readiness_levels_in_english(client, readiness):
    body = {"levels": {"9.9.9": 1, "1.1.1": 0, "1.2.1": "3"}}

    error = post_score(client, READINESS, body, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert error["message"] == "The submitted data is invalid."
    assert error["fields"]["levels"] == {
        "9.9.9": ["There is no question with this code in framework dbi-sme-readiness-2023."],
        "1.1.1": ["Level 0 is outside 1–5."],
        "1.2.1": ["The level must be a whole number from 1 to 5."],
    }


def test_departments_sent_to_the_readiness_index_are_refused_under_their_key(client, readiness):
    response = post_score(client, READINESS, {"departments": {"Kinh doanh": {"1.1.1": 50}}})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "non_field_errors": ["Bộ chỉ số dbi-sme-readiness-2023 được tính từ “levels”; hãy gửi nó."],
        "departments": [
            "Bộ chỉ số dbi-sme-readiness-2023 không nhận “departments”; hãy gửi “levels”."
        ],
    }


def test_a_key_besides_levels_is_refused_even_with_good_levels(client, readiness):
    body = {"levels": {"1.1.1": 3}, "answers": {"1.1.1": 2}}

    error = post_score(client, READINESS, body, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert error["fields"] == {
        "answers": ["Framework dbi-sme-readiness-2023 does not take “answers”: send “levels”."]
    }


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param(
            "[1, 2]",
            {"non_field_errors": ["Dữ liệu gửi lên phải là một đối tượng JSON có “levels”."]},
            id="array",
        ),
        pytest.param(
            "{}",
            {
                "non_field_errors": [
                    "Bộ chỉ số dbi-sme-readiness-2023 được tính từ “levels”; hãy gửi nó."
                ]
            },
            id="empty",
        ),
        pytest.param(
            '{"levels": [3]}',
            {"levels": ["Phải là một đối tượng JSON: mã câu hỏi → mức."]},
            id="levels-array",
        ),
    ],
)
def test_a_readiness_body_of_the_wrong_shape_is_a_structured_400(client, readiness, body, fields):
    response = post_score(client, READINESS, body)

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == fields


# --- scoring the large-enterprise index ---


def test_the_large_index_without_its_criteria_cannot_be_scored(client, large):
    response = post_score(client, LARGE, {"departments": {"Kinh doanh": {}}})

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "not_assessable"
    assert error["message"] == (
        "Chưa chấm điểm được theo bộ chỉ số dbi-large-2023: các tiêu chí của nó chưa được nhập."
    )
    assert error["fields"] == {"code": LARGE_REASONS_VI}


def test_the_large_index_refusal_in_english(client, large):
    response = post_score(client, LARGE, {"departments": {}}, HTTP_ACCEPT_LANGUAGE="en")

    error = response.json()["error"]
    assert error["message"] == (
        "Framework dbi-large-2023 cannot be scored yet: its criteria have not been imported."
    )
    assert error["fields"] == {"code": LARGE_REASONS_EN}


def test_departments_give_the_hand_computed_result(client, large_test):
    response = post_score(client, LARGE_TEST, {"departments": DEPARTMENTS_CASE})

    assert response.status_code == 200
    assert response.json() == DEPARTMENTS_RESULT


def test_a_criterion_a_department_leaves_out_counts_0_and_is_listed(client, large_test):
    body = {"departments": {"IT": {"1.1.1": 100}}}

    result = post_score(client, LARGE_TEST, body).json()

    # Group 1.1 = (100 + 0) / 2 = 50, the other 24 groups 0: dimension 1 = 50 / 4 = 12.5,
    # dimensions 2–6 = 0; the department and the enterprise = 12.5 / 6 = 2.0833… → 2.08,
    # level 1 (from 0 %).
    assert (result["percent"], result["level"]) == (2.08, 1)
    assert result["dimensions"][0] == {"code": "1", "percent": 12.5, "level": 1}
    assert result["missing"] == [c for c in LARGE_TEST_CRITERIA if c != "1.1.1"]


def test_every_criterion_at_100_is_level_5(client, large_test):
    body = {"departments": {"A": dict.fromkeys(LARGE_TEST_CRITERIA, 100)}}

    result = post_score(client, LARGE_TEST, body).json()

    assert (result["percent"], result["level"]) == (100.0, 5)


def test_bad_departments_are_named_by_department_and_criterion(client, large_test):
    body = {
        "departments": {
            "": {},
            "Kho": [50],
            "Kinh doanh": {"9.9.9": 5, "1.1.1": 101, "1.1.2": "50", "1.2.1": None},
        }
    }

    response = post_score(client, LARGE_TEST, body)

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "departments": {
            "": ["Tên bộ phận dài từ 1 đến 100 ký tự."],
            "Kho": [
                "Phải là một đối tượng JSON: mã tiêu chí → tỷ lệ phần trăm, hoặc null khi tiêu "
                "chí không liên quan đến bộ phận."
            ],
            "Kinh doanh/9.9.9": ["Không có tiêu chí mã này trong bộ chỉ số large-test."],
            "Kinh doanh/1.1.1": [
                "Tỷ lệ phần trăm là số nguyên từ 0 đến 100, hoặc null khi tiêu chí không liên "
                "quan đến bộ phận."
            ],
            "Kinh doanh/1.1.2": [
                "Tỷ lệ phần trăm là số nguyên từ 0 đến 100, hoặc null khi tiêu chí không liên "
                "quan đến bộ phận."
            ],
        }
    }


def test_bad_departments_in_english(client, large_test):
    body = {"departments": {"Kinh doanh": {"9.9.9": 5, "1.1.1": -1}, "x" * 101: {}}}

    error = post_score(client, LARGE_TEST, body, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert error["message"] == "The submitted data is invalid."
    assert error["fields"]["departments"] == {
        "Kinh doanh/9.9.9": ["There is no criterion with this code in framework large-test."],
        "Kinh doanh/1.1.1": [
            "A percent is a whole number from 0 to 100, or null when the criterion is not "
            "relevant to the department."
        ],
        "x" * 101: ["A department name is 1 to 100 characters long."],
    }


@pytest.mark.parametrize(
    ("departments", "message_vi", "message_en"),
    [
        pytest.param(
            {}, "Hãy liệt kê ít nhất một bộ phận.", "List at least one department.", id="none"
        ),
        pytest.param(
            [1],
            "Phải là một đối tượng JSON: tên bộ phận → các tiêu chí của bộ phận đó.",
            "Must be a JSON object: department name → its criteria.",
            id="array",
        ),
        pytest.param(
            {f"D{n}": {} for n in range(51)},
            "Tối đa 50 bộ phận.",
            "At most 50 departments.",
            id="too-many",
        ),
    ],
)
def test_departments_wrong_as_a_whole_are_said_under_departments(
    client, large_test, departments, message_vi, message_en
):
    body = {"departments": departments}

    vi = post_score(client, LARGE_TEST, body).json()["error"]
    en = post_score(client, LARGE_TEST, body, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert vi["fields"] == {"departments": [message_vi]}
    assert en["fields"] == {"departments": [message_en]}


def test_levels_sent_to_the_large_index_are_refused(client, large_test):
    response = post_score(client, LARGE_TEST, {"levels": {"1.1.1": 3}}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "non_field_errors": ["Framework large-test is scored from “departments”: send it."],
        "levels": ["Framework large-test does not take “levels”: send “departments”."],
    }


def test_department_scoring_issues_the_same_queries_whatever_the_input(
    client, large_test, django_assert_max_num_queries
):
    small = {"A": {"1.1.1": 50}}
    big = {f"D{n}": dict.fromkeys(LARGE_TEST_CRITERIA, 80) for n in range(50)}
    for departments in (small, big):
        with django_assert_max_num_queries(SCORE_QUERIES):
            assert post_score(client, LARGE_TEST, {"departments": departments}).status_code == 200


# --- the API and the CLI; the schema ---


@pytest.mark.parametrize(
    ("code", "body"),
    [
        pytest.param(READINESS, {"levels": READINESS_CASE}, id="readiness"),
        pytest.param(LARGE_TEST, {"departments": DEPARTMENTS_CASE}, id="departments"),
    ],
)
def test_the_api_answers_exactly_what_the_cli_prints(
    client, monkeypatch, readiness, large_test, code, body
):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(body)))
    out = io.StringIO()
    call_command("score_assessment", "--framework", code, stdout=out, stderr=io.StringIO())

    assert post_score(client, code, body).json() == json.loads(out.getvalue())


def test_the_schema_documents_each_frameworks_input_and_result(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)

    operation = schema["paths"]["/api/v1/frameworks/{code}/score/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]
    components = schema["components"]["schemas"]
    assert body["schema"] == {"$ref": "#/components/schemas/FrameworkScoreInput"}
    # The same {"levels": …} is a sound body of two methods: any of, not exactly one of.
    assert components["FrameworkScoreInput"]["anyOf"] == [
        {"$ref": f"#/components/schemas/{name}"}
        for name in ("ScoreInput", "ReadinessScoreInput", "DepartmentsScoreInput")
    ]
    assert components["ReadinessScoreInput"]["required"] == ["levels"]
    assert components["DepartmentsScoreInput"]["required"] == ["departments"]
    output = operation["responses"]["200"]["content"]["application/json"]
    assert {s["$ref"].rsplit("/", 1)[1] for s in components["FrameworkScoreOutput"]["oneOf"]} == {
        "ScoreOutput",
        "ReadinessScoreOutput",
        "DepartmentsScoreOutput",
    }
    assert {"score", "level", "pillars", "reference_questions"} <= set(
        components["ReadinessScoreOutput"]["required"]
    )
    assert {"percent", "level", "dimensions", "departments"} <= set(
        components["DepartmentsScoreOutput"]["required"]
    )
    examples = [e["summary"] for e in body["examples"].values()]
    assert any(s.startswith(READINESS) for s in examples)
    assert any(s.startswith(LARGE) for s in examples)
    assert any(s.startswith(SME) for s in examples)
    assert {e["summary"].split(":")[0] for e in output["examples"].values()} == {
        SME,
        READINESS,
        LARGE,
    }
    assert "409" in operation["responses"]
    detail = components["FrameworkDetail"]["properties"]
    assert {"thresholds", "reference_questions", "assessable", "audience"} <= set(detail)
    assert components["Threshold"]["properties"]["from"]["type"] == "number"
