"""manage.py score_assessment: JSON levels, answers and figures in (as the score API), JSON result
out, exit status 2 on bad input.

Expected results are worked out by hand from DOMAIN.md §2 (points = level, 5 × level for 2.1.1;
pillar bands 10/20/40/60/80/100 %, upper bound included; overall rules total > 20/64/128/192/256
with 4/4/4/5/6 pillars at that level). The framework's current catalog version asks 26 criteria
as figures: "every criterion at 5" gives those their figures (tests/assessments/official_form.py).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from .official_form import ANSWER_CODES, FIGURE_CODES, figures_for
from .sme_reference import BAD_LEVELS

pytestmark = pytest.mark.django_db

PILLAR_MAX = {"1": 65, "2": 25, "3": 80, "4": 65, "5": 50, "6": 35}
SUB_MAX = {
    "1.1": 45, "1.2": 20, "2.1": 25, "3.1": 10, "3.2": 70,
    "4.1": 30, "4.2": 35, "5.1": 25, "5.2": 25, "6.1": 35,
}  # fmt: skip
CRITERIA_PER_SUB = {
    "1.1": 9, "1.2": 4, "2.1": 1, "3.1": 2, "3.2": 14,
    "4.1": 6, "4.2": 7, "5.1": 5, "5.2": 5, "6.1": 7,
}  # fmt: skip
ALL_CODES = [f"{sub}.{n}" for sub, count in CRITERIA_PER_SUB.items() for n in range(1, count + 1)]

# {"1.1.1": 3, "2.1.1": 4, "3.2.1": 5}: pillar 1 = 3/65 (4.6 % → 0), pillar 2 = 4 × 5 = 20/25
# (exactly 80 % → 4), pillar 3 = 5/80 (6.25 % → 0), total 28 > 20 but only one pillar at level ≥ 1.
SMALL_CASE = {"1.1.1": 3, "2.1.1": 4, "3.2.1": 5}
SMALL_RESULT = {
    "computations": {},
    "framework": "dbi-sme-2021",
    "total": 28,
    "level": 0,
    "pillars": [
        {"code": "1", "points": 3, "max": 65, "level": 0},
        {"code": "2", "points": 20, "max": 25, "level": 4},
        {"code": "3", "points": 5, "max": 80, "level": 0},
        {"code": "4", "points": 0, "max": 65, "level": 0},
        {"code": "5", "points": 0, "max": 50, "level": 0},
        {"code": "6", "points": 0, "max": 35, "level": 0},
    ],
    "sub_indices": [
        {"code": "1.1", "points": 3, "max": 45},
        {"code": "1.2", "points": 0, "max": 20},
        {"code": "2.1", "points": 20, "max": 25},
        {"code": "3.1", "points": 0, "max": 10},
        {"code": "3.2", "points": 5, "max": 70},
        {"code": "4.1", "points": 0, "max": 30},
        {"code": "4.2", "points": 0, "max": 35},
        {"code": "5.1", "points": 0, "max": 25},
        {"code": "5.2", "points": 0, "max": 25},
        {"code": "6.1", "points": 0, "max": 35},
    ],
}

# Every criterion at 3: pillar points 13×3 = 39, 15, 16×3 = 48, 13×3 = 39, 10×3 = 30, 7×3 = 21,
# each exactly 60 % of its maximum → level 3; total 192 > 128 with 6 pillars at 3 → overall 3,
# and 192 is not strictly above 192, so not 4.
ALL_THREE_PILLARS = {"1": 39, "2": 15, "3": 48, "4": 39, "5": 30, "6": 21}
ALL_THREE_SUBS = {
    "1.1": 27, "1.2": 12, "2.1": 15, "3.1": 6, "3.2": 42,
    "4.1": 18, "4.2": 21, "5.1": 15, "5.2": 15, "6.1": 21,
}  # fmt: skip


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


# --- good input ---


def test_stdin_input_gives_the_hand_computed_result(monkeypatch, sme_framework):
    out, _ = score(monkeypatch, json.dumps({"levels": SMALL_CASE}), "-")

    assert json.loads(out) == SMALL_RESULT


def test_stdin_is_the_default_input(monkeypatch, sme_framework):
    out, _ = score(monkeypatch, json.dumps({"levels": SMALL_CASE}))

    assert json.loads(out) == SMALL_RESULT


def test_file_input_gives_the_same_result(monkeypatch, tmp_path, sme_framework):
    path = tmp_path / "levels.json"
    path.write_text(json.dumps({"levels": SMALL_CASE}), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("not read"))
    out = io.StringIO()

    call_command("score_assessment", str(path), stdout=out, stderr=io.StringIO())

    assert json.loads(out.getvalue()) == SMALL_RESULT


def test_output_is_one_json_document_with_exactly_the_public_keys(monkeypatch, sme_framework):
    out, _ = score(monkeypatch, json.dumps({"levels": SMALL_CASE}))
    document = json.loads(out)

    assert list(document) == [
        "framework",
        "total",
        "level",
        "pillars",
        "sub_indices",
        "computations",
    ]
    assert all(list(p) == ["code", "points", "max", "level"] for p in document["pillars"])
    assert all(list(s) == ["code", "points", "max"] for s in document["sub_indices"])


def test_missing_criteria_are_counted_in_a_note_on_stderr(monkeypatch, sme_framework):
    out, err = score(monkeypatch, json.dumps({"levels": SMALL_CASE}))

    assert err.startswith("note: 57 criteria without a level count 0: ")
    listed = err.strip().split(" count 0: ", 1)[1].split(", ")
    assert listed == [code for code in ALL_CODES if code not in SMALL_CASE]
    assert "note" not in out


def every_criterion_at(level: int) -> str:
    """Levels for the criteria answered with an option, figures for the others."""
    return json.dumps(
        {
            "levels": dict.fromkeys(ANSWER_CODES, level),
            "figures": figures_for(FIGURE_CODES, level),
        }
    )


def test_all_criteria_at_five_score_320_and_level_5(monkeypatch, sme_framework):
    out, err = score(monkeypatch, every_criterion_at(5))
    document = json.loads(out)

    assert document["total"] == 320
    assert document["level"] == 5
    assert document["pillars"] == [
        {"code": code, "points": maximum, "max": maximum, "level": 5}
        for code, maximum in PILLAR_MAX.items()
    ]
    assert document["sub_indices"] == [
        {"code": code, "points": maximum, "max": maximum} for code, maximum in SUB_MAX.items()
    ]
    assert err == ""  # nothing missing, no note


def test_all_criteria_at_three_score_192_and_level_3(monkeypatch, sme_framework):
    out, _ = score(monkeypatch, every_criterion_at(3))
    document = json.loads(out)

    assert document["total"] == 192
    assert document["level"] == 3
    assert document["pillars"] == [
        {"code": code, "points": ALL_THREE_PILLARS[code], "max": maximum, "level": 3}
        for code, maximum in PILLAR_MAX.items()
    ]
    assert document["sub_indices"] == [
        {"code": code, "points": ALL_THREE_SUBS[code], "max": maximum}
        for code, maximum in SUB_MAX.items()
    ]


def test_empty_levels_score_zero_with_a_note_for_all_60(monkeypatch, sme_framework):
    out, err = score(monkeypatch, '{"levels": {}}')

    assert json.loads(out)["total"] == 0
    assert json.loads(out)["level"] == 0
    assert err.startswith("note: 60 criteria without a level count 0")


def test_figures_give_their_criterion_a_level_and_the_computation_is_printed(
    monkeypatch, sme_framework
):
    # 3.2.3: 12 of 40 invoices, 30 % → level 2 (thresholds 0/25/50/75/100 %); 1.1.1 answered
    # with the option at position 3 (level 3).
    body = {"answers": {"1.1.1": 3}, "figures": {"c3_2_3_num": 12, "c3_2_3_den": 40}}

    out, err = score(monkeypatch, json.dumps(body))
    document = json.loads(out)

    assert document["computations"] == {
        "3.2.3": {"numerator": 12, "denominator": 40, "percent": "30.0", "level": 2}
    }
    assert document["total"] == 3 + 2
    assert err.startswith("note: 58 criteria without a level")


def test_bad_figures_and_a_level_for_a_figures_criterion_exit_2_naming_each(
    monkeypatch, sme_framework
):
    body = {
        "levels": {"3.2.3": 2},
        "answers": {"1.2.1": 7},
        "figures": {"c3_2_3_num": 50, "c3_2_3_den": 40, "staff_total": -4, "staff": 1},
    }

    error, out = score_fails(monkeypatch, json.dumps(body))

    message = str(error)
    assert error.returncode == 2
    assert out == ""
    assert "levels.3.2.3: criterion 3.2.3 takes its level from its figures" in message
    assert "answers.1.2.1: no option at position 7: the positions are 0, 1, 2, 3" in message
    assert "figures.c3_2_3_num: criterion 3.2.3: c3_2_3_num = 50 is above c3_2_3_den = 40" in (
        message
    )
    assert "figures.staff_total: a figure is a whole number from 0 to 10^15" in message
    assert "figures.staff: no figure with this key in catalog version official-2021" in message


def test_the_api_and_the_cli_answer_figures_alike(monkeypatch, client, sme_framework):
    body = json.dumps({"answers": {"1.2.1": 2}, "figures": {"staff_total": 40, "c4_2_1_num": 12}})
    out, _ = score(monkeypatch, body)

    response = client.post(
        "/api/v1/frameworks/dbi-sme-2021/score/", data=body, content_type="application/json"
    )
    assert response.json() == json.loads(out)


def test_vietnamese_framework_name_is_not_escaped(monkeypatch, sme_framework):
    out, _ = score(monkeypatch, json.dumps({"levels": SMALL_CASE}))

    assert "\\u" not in out


# --- bad input: exit status 2, every problem named, nothing on stdout ---


def test_bad_levels_name_every_offending_key(monkeypatch, sme_framework):
    error, out = score_fails(monkeypatch, json.dumps({"levels": {**BAD_LEVELS, "1.1.9": 2}}))

    message = str(error)
    assert error.returncode == 2
    assert out == ""
    assert "9.9.9: unknown criterion code for framework dbi-sme-2021" in message
    assert "1.1.1: level 6 is outside 0..5" in message
    assert "1.1.2: level -1 is outside 0..5" in message
    for key in ("1.1.3", "1.1.4", "1.1.5", "1.1.6"):
        assert f"{key}: level must be an integer 0..5" in message
    assert "1.1.9" not in message  # a good value is not reported


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"levels": {"1.1.1": 3', id="malformed-json"),
        pytest.param("", id="empty-input"),
        pytest.param('{"1.1.1": 3}', id="no-levels-key"),
        pytest.param("[1, 2, 3]", id="not-an-object"),
        pytest.param('"levels"', id="a-string"),
        pytest.param('{"levels": [3, 4]}', id="levels-not-an-object"),
        pytest.param('{"levels": null}', id="levels-null"),
        pytest.param('{"figures": [12]}', id="figures-not-an-object"),
    ],
)
def test_unusable_input_exits_2_with_nothing_on_stdout(monkeypatch, sme_framework, text):
    error, out = score_fails(monkeypatch, text)

    assert error.returncode == 2
    assert out == ""


def test_malformed_json_is_reported_as_such(monkeypatch, sme_framework):
    error, _ = score_fails(monkeypatch, '{"levels": ')

    assert "malformed JSON" in str(error)


def test_input_without_levels_shows_the_expected_shape(monkeypatch, sme_framework):
    error, _ = score_fails(monkeypatch, '{"level": {"1.1.1": 3}}')

    assert '"levels", "answers" and/or "figures"' in str(error)


def test_unknown_framework_exits_2(monkeypatch, sme_framework):
    error, out = score_fails(monkeypatch, '{"levels": {}}', "--framework", "dbi-nope")

    assert error.returncode == 2
    assert "unknown framework: dbi-nope" in str(error)
    assert out == ""


def test_unreadable_file_exits_2(tmp_path, sme_framework):
    out = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("score_assessment", str(tmp_path / "absent.json"), stdout=out)

    assert caught.value.returncode == 2
    assert "absent.json" in str(caught.value)
    assert out.getvalue() == ""


# --- as a real process, against a throwaway SQLite database ---


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory) -> dict[str, str]:
    """Environment for manage.py on a fresh SQLite file, migrated and with the catalog loaded."""
    db = tmp_path_factory.mktemp("cli") / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    for command in (["migrate", "--no-input"], ["load_catalog"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
    return env


def manage(env: dict[str, str], *args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        cwd=settings.BASE_DIR,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_process_prints_the_result_and_exits_0(cli_env):
    done = manage(cli_env, "score_assessment", "-", stdin=json.dumps({"levels": SMALL_CASE}))

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == SMALL_RESULT
    assert "57 criteria without a level" in done.stderr


def test_process_exits_2_with_empty_stdout_on_malformed_json(cli_env):
    done = manage(cli_env, "score_assessment", "-", stdin='{"levels": ')

    assert done.returncode == 2
    assert done.stdout == ""
    assert "malformed JSON" in done.stderr


def test_process_exits_2_naming_every_bad_key(cli_env):
    done = manage(cli_env, "score_assessment", "-", stdin=json.dumps({"levels": BAD_LEVELS}))

    assert done.returncode == 2
    assert done.stdout == ""
    for key in BAD_LEVELS:
        assert f"{key}: " in done.stderr
