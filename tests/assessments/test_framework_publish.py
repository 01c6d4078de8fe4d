"""Publishing a framework file as a new version (assessments/services/framework_publish.py) and
the commands around it: ``load_catalog --file`` (JSON or XLSX), ``check_catalog --file`` and
``check_catalog`` naming the right maxima and units per method, ``framework_template``.

The examples in docs/examples/ are the "done when" of issue 13 (deliverable 4): the large index's
criteria make dbi-large-2023 assessable and scorable through the API, and a wholly new framework
loads, validates and is scored — with no code change. The 2021 index stays as it is.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from assessments.catalog import assessable_problems
from assessments.framework_files import write_xlsx
from assessments.models import (
    Assessment,
    CatalogVersion,
    Criterion,
    Framework,
    LevelName,
    Pillar,
    Question,
    ScoreThreshold,
    SubIndex,
)
from assessments.selectors import framework_definition, frameworks_offered
from assessments.services import CatalogError
from assessments.services.framework_publish import framework_publish, publish_plan
from tests.factories import EnterpriseFactory

from .frameworks_2023 import LARGE, load_quietly

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
LARGE_EXAMPLE = BASE / "docs" / "examples" / "dbi-large-2023-criteria-example.json"
NEW_EXAMPLE = BASE / "docs" / "examples" / "example-framework-2025.json"
NEW = "example-readiness-2025"
SME = "dbi-sme-2021"
SME_FILE = BASE / "fixtures" / "frameworks" / f"{SME}.json"


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def run(command: str, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def catalog_rows() -> dict[str, int]:
    """How many rows of each catalog table there are: what "nothing written" compares."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Framework,
            Pillar,
            SubIndex,
            Criterion,
            LevelName,
            ScoreThreshold,
            CatalogVersion,
            Question,
        )
    }


@pytest.fixture
def large(db):
    load_quietly(LARGE)


# --- a wholly new framework ---


def test_a_new_framework_from_the_example_file_is_published_with_its_questions():
    outcome = framework_publish(definition=read(NEW_EXAMPLE))

    assert outcome.created
    framework = Framework.objects.get(code=NEW)
    assert (framework.version, framework.scoring_method, framework.min_level) == (
        1,
        "readiness-median-2023",
        1,
    )
    assert list(framework.pillars.order_by("position").values_list("code", "weight_percent")) == [
        ("1", 50),
        ("2", 30),
        ("3", 20),
    ]
    assert list(framework.thresholds.values_list("level", "minimum")) == [
        (1, 1000),
        (2, 2000),
        (3, 2750),
        (4, 3500),
        (5, 4250),
    ]
    assert framework.criteria.count() == 12
    version = CatalogVersion.objects.get(framework=framework)
    assert (version.label, version.number, version.is_current) == ("example-2025", 1, True)
    assert version.questions.count() == 12
    assert assessable_problems(framework_definition(code=NEW)) == []


def test_the_new_framework_is_scored_through_the_api(client):
    framework_publish(definition=read(NEW_EXAMPLE))
    # Pillar 1 (50 %): 2, 3, 4, 5 → (3 + 4) / 2 = 3.5; pillar 2 (30 %): 4, 4 → 4;
    # pillar 3 (20 %): 1 → 1. R = (50·3.5 + 30·4 + 20·1) / 100 = 3.15 → level 3 (2.75 ≤ R < 3.5).
    levels = {"1.1.1": 2, "1.1.2": 3, "1.2.1": 4, "1.2.2": 5, "2.1.1": 4, "2.2.2": 4, "3.1.1": 1}

    response = client.post(
        f"/api/v1/frameworks/{NEW}/score/",
        data=json.dumps({"levels": levels}),
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["score"], body["level"]) == (3.15, 3)
    assert [(p["code"], p["score"], p["level"]) for p in body["pillars"]] == [
        ("1", 3.5, 4),
        ("2", 4.0, 4),
        ("3", 1.0, 1),
    ]


def test_the_new_framework_is_listed_as_assessable(client):
    framework_publish(definition=read(NEW_EXAMPLE))

    listed = {f["code"]: f for f in client.get("/api/v1/frameworks/").json()["results"]}

    assert listed[NEW]["not_assessable_because"] == []


def test_a_new_framework_answered_by_level_needs_its_questions():
    definition = read(NEW_EXAMPLE)
    del definition["questionnaire"]
    before = catalog_rows()

    with pytest.raises(CatalogError) as caught:
        framework_publish(definition=definition)

    assert caught.value.problems == [
        "the framework has no questions yet: add a questionnaire (one question per criterion) "
        "to the file"
    ]
    assert catalog_rows() == before


# --- a new version of the large index: its criteria ---


def test_the_large_example_makes_dbi_large_2023_assessable(large):
    assert assessable_problems(framework_definition(code=LARGE)) != []

    outcome = framework_publish(definition=read(LARGE_EXAMPLE))

    assert not outcome.created
    assert outcome.version == 2
    assert Framework.objects.get(code=LARGE).version == 2
    assert Criterion.objects.filter(framework__code=LARGE).count() == 140
    assert assessable_problems(framework_definition(code=LARGE)) == []
    current = CatalogVersion.objects.get(framework__code=LARGE, is_current=True)
    assert (current.label, current.number) == ("criteria-example-2023", 2)
    # The structure-only version is kept (an assessment may have recorded it).
    assert CatalogVersion.objects.filter(framework__code=LARGE, label="structure-2023").exists()


def test_a_large_enterprise_may_start_the_large_index_once_its_criteria_are_loaded(large):
    enterprise = EnterpriseFactory(size_class="large")
    before = {o.framework.code: o for o in frameworks_offered(enterprise=enterprise, period=2026)}
    assert not before[LARGE].startable

    framework_publish(definition=read(LARGE_EXAMPLE))

    offers = {o.framework.code: o for o in frameworks_offered(enterprise=enterprise, period=2026)}
    assert offers[LARGE].startable
    assert offers[LARGE].reason == ""


def test_the_large_index_is_scored_through_the_api_once_its_criteria_are_loaded(client, large):
    url = f"/api/v1/frameworks/{LARGE}/score/"
    body = {"departments": {"Kinh doanh": {"1.1.1": 100}}}
    refused = client.post(url, data=json.dumps(body), content_type="application/json")
    assert refused.status_code == 409
    framework_publish(definition=read(LARGE_EXAMPLE))
    codes = [
        c["code"]
        for p in read(LARGE_EXAMPLE)["pillars"]
        for s in p["sub_indices"]
        for c in s["criteria"]
    ]
    # Every criterion 50 % in one department → every group, dimension and the enterprise 50 %,
    # level 3 (50 ≤ x < 75).
    body = {"departments": {"Kinh doanh": dict.fromkeys(codes, 50)}}

    response = client.post(url, data=json.dumps(body), content_type="application/json")

    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["percent"], result["level"]) == (50.0, 3)
    assert [(d["code"], d["percent"]) for d in result["dimensions"]] == [
        (str(n), 50.0) for n in range(1, 7)
    ]


def test_load_catalog_file_publishes_the_large_example(large):
    out, _ = run("load_catalog", "--file", str(LARGE_EXAMPLE))

    assert out.splitlines() == [
        "Đã xuất bản phiên bản 2 của bộ chỉ số dbi-large-2023.",
        "Đã nạp phiên bản câu hỏi 2 (criteria-example-2023) của dbi-large-2023. (hiện hành)",
    ]
    assert assessable_problems(framework_definition(code=LARGE)) == []


def test_load_catalog_file_reads_an_xlsx_file(tmp_path):
    path = tmp_path / "example.xlsx"
    path.write_bytes(write_xlsx(read(NEW_EXAMPLE)))

    out, _ = run("load_catalog", "--file", str(path))

    assert out.splitlines() == [
        "Đã nạp bộ chỉ số example-readiness-2025, phiên bản 1.",
        "Đã nạp phiên bản câu hỏi 1 (example-2025) của example-readiness-2025. (hiện hành)",
    ]
    assert Question.objects.filter(version__framework__code=NEW).count() == 12


# --- what a new version must keep; a bad file writes nothing ---


def test_a_code_that_is_not_a_slug_is_refused():
    definition = read(NEW_EXAMPLE)
    definition["code"] = "Bộ mới 2025"

    assert publish_plan(definition=definition).problems == [
        "code 'Bộ mới 2025' must be at most 50 characters of a-z, 0-9 and '-', starting with a "
        "letter or digit"
    ]


def test_a_file_whose_version_is_already_published_is_refused_and_nothing_is_written(large):
    definition = read(LARGE_EXAMPLE)
    definition["version"] = 1
    before = catalog_rows()

    with pytest.raises(CatalogError) as caught:
        framework_publish(definition=definition)

    assert caught.value.problems == [
        "version 1 of dbi-large-2023 is already published: the file must carry version 2 or "
        "higher, not 1"
    ]
    assert catalog_rows() == before
    assert Criterion.objects.filter(framework__code=LARGE).count() == 0


def test_a_new_version_names_every_problem_at_once_and_writes_nothing(large):
    definition = read(LARGE_EXAMPLE)
    definition["scoring_method"] = "readiness-median-2023"
    definition["pillars"][0]["sub_indices"].pop()  # 1.4, published
    definition["pillars"][1]["sub_indices"][0]["criteria"][0]["text_vi"] = ""
    definition["questionnaire"]["label"] = "structure-2023"
    before = catalog_rows()

    with pytest.raises(CatalogError) as caught:
        framework_publish(definition=definition)

    problems = caught.value.problems
    assert "criterion 2.1.1 has no official Vietnamese text" in problems
    assert (
        "dbi-large-2023 is scored by department-means-2023; a new version cannot change its "
        "scoring method to 'readiness-median-2023'" in problems
    )
    assert "sub-index 1.4 is published but missing from the file" in problems
    assert "questionnaire: label 'structure-2023' is already a version of dbi-large-2023" in (
        problems
    )
    assert catalog_rows() == before


def test_a_new_version_cannot_drop_a_published_criterion(large):
    framework_publish(definition=read(LARGE_EXAMPLE))
    definition = read(LARGE_EXAMPLE)
    definition["version"] = 3
    del definition["questionnaire"]
    definition["pillars"][5]["sub_indices"][2]["criteria"].pop()  # 6.3.6

    with pytest.raises(CatalogError) as caught:
        framework_publish(definition=definition)

    assert "criterion 6.3.6 is published but missing from the file" in caught.value.problems


def test_a_new_version_whose_criteria_no_longer_fit_the_current_questions_needs_new_ones():
    framework_publish(definition=read(NEW_EXAMPLE))
    definition = read(NEW_EXAMPLE)
    definition["version"] = 2
    del definition["questionnaire"]
    definition["pillars"][0]["sub_indices"][0]["criteria"].append(
        {"code": "1.1.3", "text_vi": "Kỹ năng số của nhân viên: nội dung 3"}
    )

    plan = publish_plan(definition=definition)

    assert plan.problems == [
        "the current questions (version 1, example-2025) no longer fit: questions must be one "
        "per criterion in the framework's order; missing 1.1.3; add a questionnaire to the file"
    ]


def test_a_new_version_with_new_questions_rewords_and_adds(client):
    framework_publish(definition=read(NEW_EXAMPLE))
    definition = read(NEW_EXAMPLE)
    definition["version"] = 2
    definition["name_vi"] = "Bộ chỉ số ví dụ (sửa đổi)"
    definition["thresholds"][2]["from"] = 3
    questionnaire = definition["questionnaire"]
    del questionnaire["label"], questionnaire["number"]  # the defaults: next number, by version

    outcome = framework_publish(definition=definition)

    framework = Framework.objects.get(code=NEW)
    assert (framework.version, framework.name_vi) == (2, "Bộ chỉ số ví dụ (sửa đổi)")
    assert framework.thresholds.get(level=3).minimum == 3000
    assert outcome.questionnaire is not None
    assert (outcome.questionnaire.label, outcome.questionnaire.number) == (
        "example-readiness-2025-v2",
        2,
    )
    assert outcome.questionnaire.is_current


# --- the 2021 index is left as it is ---


def test_the_2021_file_cannot_be_published_over_the_loaded_2021_index():
    before = catalog_rows()

    with pytest.raises(CommandError, match="không nhất quán") as caught:
        run("load_catalog", "--file", str(SME_FILE))

    assert "version 1 of dbi-sme-2021 is already published" in str(caught.value)
    assert catalog_rows() == before


def test_publishing_other_frameworks_leaves_the_2021_index_and_its_assessments_alone(large):
    before = framework_definition(code=SME)
    versions = list(CatalogVersion.objects.filter(framework__code=SME).values_list("pk", "number"))
    assessments = Assessment.objects.count()

    framework_publish(definition=read(LARGE_EXAMPLE))
    framework_publish(definition=read(NEW_EXAMPLE))

    assert framework_definition(code=SME) == before
    assert (
        list(CatalogVersion.objects.filter(framework__code=SME).values_list("pk", "number"))
        == versions
    )
    assert Assessment.objects.count() == assessments


# --- load_catalog --file: a file that cannot be read ---


def test_load_catalog_file_refuses_a_file_that_is_not_what_its_name_says(tmp_path):
    path = tmp_path / "framework.xlsx"
    path.write_text("code;name\n", encoding="utf-8")
    before = catalog_rows()

    with pytest.raises(CommandError) as caught:
        run("load_catalog", "--file", str(path))

    assert "nội dung không phải một bảng tính XLSX" in str(caught.value)
    assert catalog_rows() == before


def test_load_catalog_file_names_the_line_of_broken_json(tmp_path):
    path = tmp_path / "framework.json"
    path.write_text('{"code": "x",\n "name_vi": }', encoding="utf-8")

    with pytest.raises(CommandError, match=r"dòng 2, cột 13: JSON không hợp lệ"):
        run("load_catalog", "--file", str(path))


def test_load_catalog_file_names_every_problem_of_an_inconsistent_file(tmp_path):
    definition = read(NEW_EXAMPLE)
    definition["pillars"][0]["weight_percent"] = 40  # the weights add up to 90 %
    definition["level_names"].pop()  # level 5 has no name
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(definition), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        run("load_catalog", "--file", str(path))

    assert str(caught.value).splitlines() == [
        f"Bộ chỉ số trong {path} không nhất quán:",
        "  - level names must cover levels 0..5 once each",
        "  - the pillar weights add up to 90 %, not 100 %",
    ]
    assert not Framework.objects.filter(code=NEW).exists()


# --- check_catalog: the method's own maxima and units; every problem named ---


def test_check_catalog_file_gives_each_methods_maxima_and_units():
    outputs = {}
    for path in [
        SME_FILE,
        BASE / "fixtures" / "frameworks" / "dbi-sme-readiness-2023.json",
        LARGE_EXAMPLE,
    ]:
        out, err = run("check_catalog", "--file", str(path))
        outputs[path.stem] = out.splitlines()
        assert err == ""

    assert outputs[SME] == [
        "dbi-sme-2021: OK — 6 pillars, 10 sub-indices, 60 criteria, maxima 65/25/80/65/50/35 = 320"
    ]
    assert outputs["dbi-sme-readiness-2023"] == [
        "dbi-sme-readiness-2023: OK — 7 pillars, 16 sub-indices, 32 criteria, answers 1..5, "
        "weights 22/7/33/4/4/19/11 = 100 %, R 1..5, levels from R 1/1.8/2.6/3.4/4.2"
    ]
    assert outputs[LARGE_EXAMPLE.stem] == [
        "dbi-large-2023: OK — 6 pillars, 25 sub-indices, 140 criteria: 25/24/29/22/22/18 per "
        "dimension (the decision gives 25/24/29/22/22/18 = 140), rated 0..100 % per department, "
        "levels from 0/25/50/75/100 %",
        "dbi-large-2023 v1 (criteria-example-2023): OK — 0 questions (0 from figures), "
        "0 survey statements, 0 needs",
    ]


def test_check_catalog_says_why_the_shipped_large_index_is_not_assessable_yet(large):
    out, err = run("check_catalog", LARGE)

    lines = out.splitlines()
    assert lines[0] == (
        "dbi-large-2023: OK — 6 pillars, 25 sub-indices, 0 criteria: 0/0/0/0/0/0 per dimension "
        "(the decision gives 25/24/29/22/22/18 = 140), rated 0..100 % per department, "
        "levels from 0/25/50/75/100 %"
    )
    assert (
        "  · chưa thể đánh giá / not assessable yet: pillar 1 has 0 criteria; its decision "
        "gives it 25" in lines
    )
    assert "  · chưa thể đánh giá / not assessable yet: sub-index 6.3 has no criteria yet" in lines
    assert err == ""


def test_check_catalog_file_names_every_problem_of_an_xlsx_file(tmp_path):
    workbook = load_workbook(io.BytesIO(write_xlsx(read(NEW_EXAMPLE))))
    workbook["pillars"]["D2"] = 40  # weight 40 + 30 + 20 = 90
    workbook["thresholds"]["B4"] = 1.5  # level 3 from 1.5, below level 2's 2
    path = tmp_path / "framework.xlsx"
    workbook.save(path)
    err = io.StringIO()

    with pytest.raises(CommandError, match="không nhất quán"):
        call_command("check_catalog", "--file", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "example-readiness-2025: 2 problem(s)",
        "  - thresholds must rise with the level",
        "  - the pillar weights add up to 90 %, not 100 %",
    ]


def test_check_catalog_file_names_the_cell_of_a_bad_xlsx_value(tmp_path):
    workbook = load_workbook(io.BytesIO(write_xlsx(read(NEW_EXAMPLE))))
    workbook["criteria"]["G3"] = "một"  # points_per_level
    path = tmp_path / "framework.xlsx"
    workbook.save(path)
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_catalog", "--file", str(path), stdout=io.StringIO(), stderr=err)

    assert "  - sheet 'criteria', cell G3: 'một' is not a number" in err.getvalue()


def test_check_catalog_file_checks_the_questionnaire_in_a_framework_file(tmp_path):
    definition = read(NEW_EXAMPLE)
    definition["questionnaire"]["questions"][0]["options"][0]["level"] = 0  # below min_level 1
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_catalog", "--file", str(path), stdout=io.StringIO(), stderr=err)

    assert "question 1.1.1: answer levels must lie in 1..5" in err.getvalue()


# --- framework_template ---


def test_framework_template_writes_a_workbook_that_round_trips(tmp_path):
    blank, filled = tmp_path / "blank.xlsx", tmp_path / "example.xlsx"

    run("framework_template", str(blank))
    run("framework_template", str(filled), "--from", str(NEW_EXAMPLE))

    assert load_workbook(blank)["framework"]["A2"].value == "code"
    out, _ = run("check_catalog", "--file", str(filled))
    assert out.startswith("example-readiness-2025: OK — 3 pillars, 6 sub-indices, 12 criteria")
