"""The framework catalog: loading it, checking it, and what the loaded dbi-sme-2021 holds.

Expected counts and maxima are restated by hand from DOMAIN.md §2: 6 pillars, 10 sub-indices,
60 criteria, pillar maxima 65/25/80/65/50/35 = 320, and 2.1.1 worth 5 points per level. How the
criteria are asked is versioned apart (tests/assessments/test_catalog_versions.py); loading the
framework also loads its two versions: guidance-2021 (one question per criterion with six
answers, levels 0..5: 360) and official-2021 (the national form: 34 questions with answers —
30 × 6 + 3 × 4 + 1 × 7 = 199 — and 26 asked as figures, 5 thresholds each).
"""

from __future__ import annotations

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db.models import Count

from assessments.models import (
    CatalogVersion,
    Criterion,
    FigureThreshold,
    Framework,
    LevelName,
    OverallRule,
    Pillar,
    PillarBand,
    Question,
    QuestionOption,
    SubIndex,
)
from assessments.services import CatalogError, framework_load

pytestmark = pytest.mark.django_db


SME = "dbi-sme-2021"
CATALOG_MODELS = (
    Framework,
    Pillar,
    SubIndex,
    Criterion,
    PillarBand,
    OverallRule,
    LevelName,
)


def catalog_counts() -> dict[str, int]:
    return {
        "frameworks": Framework.objects.count(),
        "pillars": Pillar.objects.count(),
        "sub_indices": SubIndex.objects.count(),
        "criteria": Criterion.objects.count(),
        "versions": CatalogVersion.objects.count(),
        "questions": Question.objects.count(),
        "options": QuestionOption.objects.count(),
        "thresholds": FigureThreshold.objects.count(),
    }


SME_COUNTS = {
    "frameworks": 1, "pillars": 6, "sub_indices": 10, "criteria": 60,
    "versions": 2, "questions": 120, "options": 360 + 199, "thresholds": 130,
}  # fmt: skip
GUIDANCE = "guidance-2021"


def run(command: str, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def criterion_data(definition: dict, code: str) -> dict:
    for pillar in definition["pillars"]:
        for sub in pillar["sub_indices"]:
            for criterion in sub["criteria"]:
                if criterion["code"] == code:
                    return criterion
    raise KeyError(code)


def sub_index_data(definition: dict, code: str) -> dict:
    for pillar in definition["pillars"]:
        for sub in pillar["sub_indices"]:
            if sub["code"] == code:
                return sub
    raise KeyError(code)


# --- load_catalog ---


def test_load_catalog_twice_on_a_loaded_catalog_adds_no_rows():
    run("load_catalog", SME)
    out, _ = run("load_catalog", SME)

    assert catalog_counts() == SME_COUNTS
    assert "dbi-sme-2021 đã có; giữ nguyên" in out


def test_load_catalog_from_empty_database_creates_the_whole_catalog_once():
    Framework.objects.all().delete()
    assert catalog_counts()["criteria"] == 0

    first, _ = run("load_catalog", SME)
    after_first = catalog_counts()
    run("load_catalog", SME)

    assert "Đã nạp bộ chỉ số dbi-sme-2021." in first
    assert after_first == SME_COUNTS
    assert catalog_counts() == SME_COUNTS
    assert PillarBand.objects.count() == 6
    assert OverallRule.objects.count() == 5
    assert LevelName.objects.count() == 6


def test_load_catalog_again_keeps_an_admin_edit_of_a_criterion():
    Criterion.objects.filter(code="1.1.1").update(text_vi="Tiêu chí do quản trị viên sửa")

    run("load_catalog", SME)

    assert Criterion.objects.get(code="1.1.1").text_vi == "Tiêu chí do quản trị viên sửa"


def test_load_catalog_update_restores_the_fixture_text(sme_definition):
    Criterion.objects.filter(code="1.1.1").update(text_vi="Tiêu chí do quản trị viên sửa")

    out, _ = run("load_catalog", SME, "--update")

    assert "Đã cập nhật bộ chỉ số dbi-sme-2021." in out
    assert (
        Criterion.objects.get(code="1.1.1").text_vi
        == criterion_data(sme_definition, "1.1.1")["text_vi"]
    )
    assert catalog_counts() == SME_COUNTS


def test_load_catalog_update_restores_an_edited_points_per_level():
    Criterion.objects.filter(code="2.1.1").update(points_per_level=1)

    run("load_catalog", SME, "--update")

    assert Criterion.objects.get(code="2.1.1").points_per_level == 5


def test_load_catalog_names_a_missing_fixture():
    with pytest.raises(CommandError, match=r"no-such-framework\.json"):
        run("load_catalog", "no-such-framework")


# --- check_catalog on the database ---


def test_check_catalog_reports_counts_and_maxima_of_the_loaded_catalog():
    out, err = run("check_catalog")

    assert (
        "dbi-sme-2021: OK — 6 pillars, 10 sub-indices, 60 criteria, maxima 65/25/80/65/50/35 = 320"
        in out
    )
    assert err == ""


def test_check_catalog_fails_when_a_criterion_is_deleted():
    Criterion.objects.get(framework__code=SME, code="1.1.1").delete()
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="không nhất quán"):
        call_command("check_catalog", stdout=out, stderr=err)

    # 1.1 keeps 8 criteria worth 5 each; pillar 1 then holds 40 + 20; the whole 315.
    problems = err.getvalue()
    assert "sub-index 1.1: declared maximum 45 but its criteria add up to 40" in problems
    assert "pillar 1: declared maximum 65 but its criteria add up to 60" in problems
    assert "declared maximum 320 but its criteria add up to 315" in problems
    assert "dbi-sme-2021: OK" not in out.getvalue()


def test_check_catalog_fails_when_points_per_level_is_changed():
    Criterion.objects.filter(framework__code=SME, code="1.1.1").update(points_per_level=2)
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_catalog", stdout=io.StringIO(), stderr=err)

    # 1.1.1 now worth 10: sub-index 1.1 = 8×5 + 10 = 50, pillar 1 = 50 + 20 = 70.
    assert "sub-index 1.1: declared maximum 45 but its criteria add up to 50" in err.getvalue()
    assert "pillar 1: declared maximum 65 but its criteria add up to 70" in err.getvalue()


def test_check_catalog_fails_when_an_answer_option_is_deleted():
    QuestionOption.objects.filter(
        question__version__label=GUIDANCE, question__criterion__code="4.2.5", level=3
    ).delete()
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_catalog", stdout=io.StringIO(), stderr=err)

    assert "dbi-sme-2021 v1 (guidance-2021): 1 problem(s)" in err.getvalue()
    assert (
        "question 4.2.5: answers are not one per level 0..5, so a mapping note must say why"
        in err.getvalue()
    )


def test_check_catalog_names_an_unknown_framework():
    with pytest.raises(CommandError, match="no-such-framework"):
        run("check_catalog", "no-such-framework")


# --- check_catalog --file ---


def test_check_catalog_file_passes_on_the_shipped_fixture(tmp_path, sme_definition):
    path = tmp_path / "sme.json"
    path.write_text(json.dumps(sme_definition, ensure_ascii=False), encoding="utf-8")

    out, _ = run("check_catalog", "--file", str(path))

    assert "60 criteria, maxima 65/25/80/65/50/35 = 320" in out


def test_check_catalog_file_fails_on_a_broken_fixture(tmp_path, sme_definition):
    broken = copy.deepcopy(sme_definition)
    criterion_data(broken, "6.1.7")["text_vi"] = ""
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_catalog", "--file", str(path), stdout=io.StringIO(), stderr=err)

    assert "criterion 6.1.7 has no official Vietnamese text" in err.getvalue()


# --- framework_load refuses an inconsistent definition and writes nothing ---


def _drop_criterion(d):
    sub_index_data(d, "3.2")["criteria"].pop()  # 3.2.14


def _duplicate_code(d):
    criterion_data(d, "1.1.2")["code"] = "1.1.1"


def _change_pillar_max(d):
    d["pillars"][5]["max_points"] = 36


def _drop_band(d):
    d["bands"] = [b for b in d["bands"] if b["level"] != 3]


def _blank_text(d):
    criterion_data(d, "6.1.7")["text_vi"] = " "


def _misplace_criterion(d):
    criterion_data(d, "6.1.7")["code"] = "5.1.9"


@pytest.mark.parametrize(
    ("breakage", "problem"),
    [
        (_drop_criterion, "sub-index 3.2: declared maximum 70 but its criteria add up to 65"),
        (_duplicate_code, "criterion code 1.1.1 appears twice"),
        (_change_pillar_max, "pillar 6: declared maximum 36 but its criteria add up to 35"),
        (_drop_band, "bands must give levels 0..5 in ascending order of upper_percent"),
        (_blank_text, "criterion 6.1.7 has no official Vietnamese text"),
        (_misplace_criterion, "criterion 5.1.9 does not belong under sub-index 6.1"),
    ],
    ids=[
        "criterion-removed",
        "duplicate-code",
        "pillar-max",
        "band-removed",
        "text-missing",
        "criterion-misplaced",
    ],
)
def test_framework_load_refuses_a_broken_definition_and_writes_nothing(
    sme_definition, breakage, problem
):
    broken = copy.deepcopy(sme_definition)
    broken["code"] = "dbi-broken"  # a new framework, so a partial write would add rows
    breakage(broken)
    before = {model.__name__: model.objects.count() for model in CATALOG_MODELS}

    with pytest.raises(CatalogError) as caught:
        framework_load(definition=broken)

    assert problem in caught.value.problems
    assert {model.__name__: model.objects.count() for model in CATALOG_MODELS} == before
    assert not Framework.objects.filter(code="dbi-broken").exists()


def test_framework_load_lists_every_problem_at_once(sme_definition):
    broken = copy.deepcopy(sme_definition)
    _duplicate_code(broken)
    _drop_band(broken)

    with pytest.raises(CatalogError) as caught:
        framework_load(definition=broken, update=True)

    assert "criterion code 1.1.1 appears twice" in caught.value.problems
    assert (
        "bands must give levels 0..5 in ascending order of upper_percent" in caught.value.problems
    )


def test_framework_load_update_with_a_broken_definition_leaves_the_catalog_untouched(
    sme_definition,
):
    broken = copy.deepcopy(sme_definition)
    criterion_data(broken, "1.1.1")["text_vi"] = "Không được ghi"
    _change_pillar_max(broken)

    with pytest.raises(CatalogError):
        framework_load(definition=broken, update=True)

    assert (
        Criterion.objects.get(code="1.1.1").text_vi
        == criterion_data(sme_definition, "1.1.1")["text_vi"]
    )
    assert Pillar.objects.get(code="6").max_points == 35


# --- the loaded dbi-sme-2021 content ---


def test_loaded_catalog_has_the_structure_of_the_decision():
    framework = Framework.objects.get(code=SME)
    pillars = list(Pillar.objects.filter(framework=framework).order_by("position"))
    subs = SubIndex.objects.filter(pillar__framework=framework).annotate(n=Count("criteria"))

    assert framework.max_points == 320
    assert [(p.code, p.max_points) for p in pillars] == [
        ("1", 65),
        ("2", 25),
        ("3", 80),
        ("4", 65),
        ("5", 50),
        ("6", 35),
    ]
    assert {s.code: s.n for s in subs} == {
        "1.1": 9, "1.2": 4, "2.1": 1, "3.1": 2, "3.2": 14,
        "4.1": 6, "4.2": 7, "5.1": 5, "5.2": 5, "6.1": 7,
    }  # fmt: skip


def test_criterion_codes_run_in_seed_order():
    codes = list(Criterion.objects.filter(framework__code=SME).values_list("code", flat=True))

    assert codes[0] == "1.1.1"
    assert codes[-1] == "6.1.7"
    assert len(codes) == len(set(codes)) == 60
    assert "3.2.8" in codes  # the firewall criterion part I's summary forgot


def test_strategy_criterion_is_worth_five_points_per_level_and_the_others_one():
    points = dict(
        Criterion.objects.filter(framework__code=SME).values_list("code", "points_per_level")
    )

    assert points.pop("2.1.1") == 5
    assert set(points.values()) == {1}


@pytest.mark.parametrize(
    ("codes", "group"),
    [
        (["1.1.1", "1.1.2", "1.1.3"], "Tiếp thị điện tử"),
        (["1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8", "1.1.9"], "Thương mại điện tử"),
        (["3.2.1", "3.2.2", "3.2.3", "3.2.4"], "Công nghệ số cơ bản"),
        (["3.2.5", "3.2.6", "3.2.7", "3.2.8", "3.2.9", "3.2.10"], "Công nghệ số nâng cao"),
        (["3.2.11", "3.2.12", "3.2.13", "3.2.14"], "Công nghệ số phục vụ sản xuất"),
        (["4.2.1", "4.2.2", "4.2.3"], "Cơ cấu tổ chức nhân sự"),
        (["4.2.4", "4.2.5", "4.2.6", "4.2.7"], "Kỹ năng nhân viên"),
    ],
)
def test_group_headings_are_kept(codes, group):
    groups = dict(
        Criterion.objects.filter(framework__code=SME, code__in=codes).values_list(
            "code", "group_vi"
        )
    )

    assert groups == dict.fromkeys(codes, group)


def test_the_guidance_version_asks_every_criterion_with_one_option_per_level_0_to_5():
    levels: dict[str, list[int]] = {}
    options = QuestionOption.objects.filter(
        question__version__framework__code=SME, question__version__label=GUIDANCE
    )
    for code, level in options.order_by("position").values_list(
        "question__criterion__code", "level"
    ):
        levels.setdefault(code, []).append(level)

    assert len(levels) == 60
    assert {code for code, found in levels.items() if found != [0, 1, 2, 3, 4, 5]} == set()
    assert not options.filter(label_vi="").exists()


def test_every_version_asks_every_criterion_once():
    for version in CatalogVersion.objects.filter(framework__code=SME):
        codes = list(
            version.questions.order_by("criterion__position").values_list(
                "criterion__code", flat=True
            )
        )
        assert codes == list(
            Criterion.objects.filter(framework__code=SME).values_list("code", flat=True)
        ), version.label


def test_seed_typos_are_corrected_in_the_loaded_text():
    texts = list(
        Criterion.objects.filter(framework__code=SME).values_list("text_vi", "text_en")
    ) + list(Question.objects.values_list("gate_vi", "gate_en", "prompt_vi", "prompt_en"))
    labels = list(QuestionOption.objects.values_list("label_vi", "label_en"))
    everything = " ".join(t or "" for row in texts + labels for t in row)

    assert "IwebsitewoT" not in everything
    assert "hợp lác" not in everything
    assert "IoT" in Criterion.objects.get(code="3.2.9").text_vi
    assert "hợp tác" in Criterion.objects.get(code="5.2.5").text_vi


def test_the_national_forms_version_records_the_published_slips_it_corrects():
    published = Question.objects.get(
        version__label="official-2021", criterion__code="3.2.9"
    ).published_text_vi

    assert "IwebsitewoT" in published
    assert "IoT" not in published


# --- database constraints ---


def test_database_refuses_a_second_criterion_with_the_same_code():
    existing = Criterion.objects.get(framework__code=SME, code="1.1.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(
            framework=existing.framework,
            sub_index=existing.sub_index,
            code="1.1.1",
            position=999,
            text_vi="Bản sao",
        )


def test_database_refuses_a_second_option_at_the_same_position():
    question = Question.objects.get(version__label=GUIDANCE, criterion__code="1.1.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionOption.objects.create(question=question, position=3, level=3, label_vi="Bản sao")


def test_database_refuses_a_second_question_for_a_criterion_in_one_version():
    question = Question.objects.get(version__label=GUIDANCE, criterion__code="1.1.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(
            version=question.version, criterion=question.criterion, kind="descriptors"
        )


def test_framework_load_reports_a_malformed_definition_instead_of_crashing(sme_definition):
    broken = copy.deepcopy(sme_definition)
    del broken["pillars"][0]["sub_indices"][0]["criteria"][0]["code"]
    del broken["scoring_method"]

    with pytest.raises(CatalogError) as caught:
        framework_load(definition=broken | {"code": "malformed"})

    assert any("malformed definition" in p for p in caught.value.problems)
    assert not Framework.objects.filter(code="malformed").exists()


def test_framework_load_refuses_an_unknown_scoring_method(sme_definition):
    with pytest.raises(CatalogError) as caught:
        framework_load(
            definition=sme_definition | {"code": "other", "scoring_method": "median-2023"}
        )

    assert caught.value.problems == ["unknown scoring method 'median-2023'"]


def test_check_catalog_file_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("check_catalog", "--file", str(tmp_path / "absent.json"))
