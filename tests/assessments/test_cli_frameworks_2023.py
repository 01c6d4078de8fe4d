"""manage.py score_assessment --framework CODE with the 2023 frameworks: the same JSON in as the
score API for the framework's method, the same result JSON out, every problem listed by its key
and exit status 2 on bad input. The cases are worked out by hand in
tests/assessments/frameworks_2023.py; dbi-sme-2021 keeps its CLI (tests/assessments/test_cli.py).
"""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from .frameworks_2023 import (
    DEPARTMENTS_CASE,
    DEPARTMENTS_RESULT,
    LARGE,
    LARGE_TEST,
    LARGE_TEST_CRITERIA,
    READINESS,
    READINESS_CASE,
    READINESS_RESULT,
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


def score(monkeypatch, text: str, *args) -> tuple[str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out, err = io.StringIO(), io.StringIO()
    call_command("score_assessment", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def score_fails(monkeypatch, text: str, *args) -> tuple[CommandError, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("score_assessment", *args, stdout=out, stderr=io.StringIO())
    return caught.value, out.getvalue()


# --- the readiness index ---


def test_readiness_levels_on_stdin_give_the_hand_computed_result(monkeypatch, readiness):
    out, err = score(monkeypatch, json.dumps({"levels": READINESS_CASE}), "--framework", READINESS)

    assert json.loads(out) == READINESS_RESULT
    assert err.startswith("note: 13 questions without an answer are left out of their pillar's")
    assert err.rstrip().endswith(": " + ", ".join(READINESS_RESULT["missing"]))


def test_readiness_levels_from_a_file(monkeypatch, tmp_path, readiness):
    path = tmp_path / "levels.json"
    path.write_text(json.dumps({"levels": READINESS_CASE}), encoding="utf-8")

    out, _ = score(monkeypatch, "not read", str(path), "--framework", READINESS)

    assert json.loads(out) == READINESS_RESULT


def test_bad_readiness_levels_are_listed_per_key_and_exit_2(monkeypatch, readiness):
    body = {"levels": {"9.9.9": 1, "1.1.1": 0, "1.1.2": 6, "1.2.1": 2.5, "1.2.2": 3}}

    error, out = score_fails(monkeypatch, json.dumps(body), "--framework", READINESS)

    assert error.returncode == 2
    assert out == ""
    assert str(error).splitlines() == [
        "invalid input:",
        "  levels.9.9.9: unknown criterion code for framework dbi-sme-readiness-2023",
        "  levels.1.1.1: level 0 is outside 1..5",
        "  levels.1.1.2: level 6 is outside 1..5",
        "  levels.1.2.1: level must be an integer 1..5",
    ]  # 1.2.2 is sound: not reported


def test_departments_sent_to_the_readiness_index_are_refused(monkeypatch, readiness):
    body = {"departments": {"Kinh doanh": {"1.1.1": 50}}}

    error, out = score_fails(monkeypatch, json.dumps(body), "--framework", READINESS)

    assert error.returncode == 2
    assert out == ""
    assert str(error).splitlines() == [
        "invalid input:",
        '  input: framework dbi-sme-readiness-2023 is scored from "levels": send it',
        '  departments: framework dbi-sme-readiness-2023 takes "levels", not "departments"',
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param(
            "[3]", '  input: the input must be a JSON object with a "levels" object', id="array"
        ),
        pytest.param(
            '{"levels": [3]}',
            "  levels: must be an object mapping criterion codes to levels",
            id="levels-array",
        ),
    ],
)
def test_a_readiness_input_of_the_wrong_shape_exits_2(monkeypatch, readiness, text, line):
    error, out = score_fails(monkeypatch, text, "--framework", READINESS)

    assert error.returncode == 2
    assert out == ""
    assert line in str(error).splitlines()


def test_malformed_json_exits_2(monkeypatch, readiness):
    error, _ = score_fails(monkeypatch, '{"levels": ', "--framework", READINESS)

    assert error.returncode == 2
    assert "malformed JSON" in str(error)


# --- the large-enterprise index ---


def test_departments_on_stdin_give_the_hand_computed_result(monkeypatch, large_test):
    text = json.dumps({"departments": DEPARTMENTS_CASE}, ensure_ascii=False)

    out, err = score(monkeypatch, text, "--framework", LARGE_TEST)

    assert json.loads(out) == DEPARTMENTS_RESULT
    assert err == ""  # nothing left out


def test_criteria_a_department_leaves_out_are_noted(monkeypatch, large_test):
    out, err = score(
        monkeypatch, '{"departments": {"IT": {"1.1.1": 100}}}', "--framework", LARGE_TEST
    )

    # Group 1.1 = (100 + 0) / 2 = 50, every other group 0: dimension 1 = 12.5, the department and
    # the enterprise 12.5 / 6 = 2.0833… → 2.08, level 1.
    result = json.loads(out)
    assert (result["percent"], result["level"]) == (2.08, 1)
    assert result["missing"] == LARGE_TEST_CRITERIA[1:]
    assert err.startswith("note: 49 criteria left out by a department count 0 % there: 1.1.2, ")


def test_bad_departments_are_listed_per_department_and_criterion(monkeypatch, large_test):
    body = {"departments": {"": {}, "Kho": [50], "Kinh doanh": {"9.9.9": 5, "1.1.1": 101}}}

    error, out = score_fails(monkeypatch, json.dumps(body), "--framework", LARGE_TEST)

    assert error.returncode == 2
    assert out == ""
    assert str(error).splitlines() == [
        "invalid input:",
        "  departments.: a department name is 1..100 characters",
        "  departments.Kho: must be an object mapping department names to their criteria",
        "  departments.Kinh doanh/9.9.9: unknown criterion code for framework large-test",
        "  departments.Kinh doanh/1.1.1: a percent is a whole number 0..100, or null when not "
        "relevant",
    ]


def test_no_department_exits_2(monkeypatch, large_test):
    error, _ = score_fails(monkeypatch, '{"departments": {}}', "--framework", LARGE_TEST)

    assert error.returncode == 2
    assert "  departments: list at least one department" in str(error).splitlines()


def test_the_large_index_without_its_criteria_exits_2_saying_why(monkeypatch, large):
    text = '{"departments": {"Kinh doanh": {}}}'

    error, out = score_fails(monkeypatch, text, "--framework", LARGE)

    assert error.returncode == 2
    assert out == ""
    lines = str(error).splitlines()
    assert lines[0] == (
        "framework dbi-large-2023 cannot be scored yet: its criteria are not imported"
    )
    # Each dimension's count against its decision's, then each of the 25 empty groups.
    assert lines[1] == "  pillar 1 has 0 criteria; its decision gives it 25"
    assert "  sub-index 6.3 has no criteria yet" in lines
    assert len(lines) == 1 + 6 + 25


def test_the_2021_index_is_still_the_default(monkeypatch, readiness):
    out, _ = score(monkeypatch, '{"levels": {"1.1.1": 3}}')

    assert json.loads(out)["framework"] == "dbi-sme-2021"
