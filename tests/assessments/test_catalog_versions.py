"""Catalog versions: loading a version file (idempotent; an answered version never changes), the
checker naming each inconsistency, forking, making a version current, the ``load_catalog`` and
``check_catalog`` commands, and the migration that put the assessments answered before versions
existed on the guidance-2021 version with their levels.

Expectations, by hand, from fixtures/questionnaires/dbi-sme-2021/ (format:
fixtures/questionnaires/README.md):

* guidance-2021 (number 1): 60 descriptors questions, six answers each (levels 0..5) = 360, no
  figures, no survey;
* official-2021 (number 2, current): 33 descriptors questions + 1 scale (5.2.4) with answers —
  30 with six, 1.2.1–1.2.3 with four (levels 0, 1, 3, 5), 3.2.6 with seven (0, 1, 2, 3, 4, 4, 5):
  180 + 12 + 7 = 199 — and 26 asked as figures with 5 thresholds each = 130; 38 figure fields
  (4 shared: staff_total, revenue_3m, revenue_last_year, spending_last_year); survey: 5 scale
  labels, 9 barriers + 29 self-perception statements = 38, 6 support needs.
"""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments.catalog import read_definition
from assessments.models import (
    Assessment,
    CatalogVersion,
    Column,
    FigureField,
    FigureThreshold,
    Framework,
    Question,
    QuestionOption,
    Rating,
    SupportNeed,
    SurveyScaleLabel,
    SurveyStatement,
)
from assessments.selectors import framework_definition, version_definition
from assessments.services import (
    CatalogError,
    assessment_create,
    rating_save,
    version_fork,
    version_load,
    version_make_current,
)
from assessments.versions import QUESTIONNAIRES_DIR, version_paths, version_problems

from ..factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MembershipFactory,
    UserFactory,
    official_version,
)

pytestmark = pytest.mark.django_db

SME = "dbi-sme-2021"
OFFICIAL_FILE = QUESTIONNAIRES_DIR / SME / "official-2021.json"
GUIDANCE_FILE = QUESTIONNAIRES_DIR / SME / "guidance-2021.json"

OFFICIAL_ROWS = {
    "questions": 60, "options": 199, "thresholds": 130, "figures": 38,
    "statements": 38, "scale": 5, "needs": 6,
}  # fmt: skip


@pytest.fixture(scope="module")
def official_definition() -> dict:
    return read_definition(OFFICIAL_FILE)


@pytest.fixture
def official(official_definition) -> dict:
    """A copy of the national form's version file to change."""
    return copy.deepcopy(official_definition)


def rows(version: CatalogVersion) -> dict[str, int]:
    return {
        "questions": Question.objects.filter(version=version).count(),
        "options": QuestionOption.objects.filter(question__version=version).count(),
        "thresholds": FigureThreshold.objects.filter(question__version=version).count(),
        "figures": FigureField.objects.filter(version=version).count(),
        "statements": SurveyStatement.objects.filter(version=version).count(),
        "scale": SurveyScaleLabel.objects.filter(version=version).count(),
        "needs": SupportNeed.objects.filter(version=version).count(),
    }


def q(definition: dict, code: str) -> dict:
    return next(x for x in definition["questions"] if x["criterion"] == code)


def run(command: str, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, definition: dict, name: str = "version.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    return path


def normalized(data):
    """The file shape without its empty parts (a file may leave out an empty text or list,
    ``version_definition`` writes every key)."""
    if isinstance(data, dict):
        kept = {k: normalized(v) for k, v in data.items()}
        return {k: v for k, v in kept.items() if v not in ("", [], {}, None)}
    if isinstance(data, list):
        return [normalized(v) for v in data]
    return data


def answered_official() -> Assessment:
    """An assessment on the official version with 1.1.1 answered (option 3: level 3)."""
    owner = MembershipFactory()
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    user = owner.user
    rating_save(
        assessment_id=assessment.pk, column=Column.SELF, criterion_code="1.1.1", level=None,
        option=3, user=user,
    )  # fmt: skip
    return assessment


# --- version_load --------------------------------------------------------------------------------


def test_the_shipped_version_files_are_loaded_with_every_row():
    official = official_version()
    guidance = CatalogVersion.objects.get(framework__code=SME, label="guidance-2021")

    assert (official.number, official.is_current) == (2, True)
    assert (guidance.number, guidance.is_current) == (1, False)
    assert rows(official) == OFFICIAL_ROWS
    assert rows(guidance) == {
        "questions": 60, "options": 360, "thresholds": 0, "figures": 0,
        "statements": 0, "scale": 0, "needs": 0,
    }  # fmt: skip


def test_loading_a_loaded_version_again_changes_nothing(official_definition, sme_definition):
    before = rows(official_version())
    question_ids = set(Question.objects.filter(version=official_version()).values_list("pk"))

    outcome = version_load(definition=official_definition, framework_definition=sme_definition)

    assert (outcome.created, outcome.updated) == (False, False)
    assert outcome.version == official_version()
    assert rows(official_version()) == before
    assert set(Question.objects.filter(version=official_version()).values_list("pk")) == (
        question_ids
    )


def test_a_new_version_file_is_created_with_every_row_and_not_made_current(
    official, sme_definition
):
    official.update(label="official-2021-rev", number=3, current=False)

    outcome = version_load(definition=official, framework_definition=sme_definition)

    version = outcome.version
    assert (outcome.created, outcome.updated) == (True, False)
    assert (version.number, version.label, version.is_current) == (3, "official-2021-rev", False)
    assert rows(version) == OFFICIAL_ROWS
    assert official_version().is_current
    positions = list(
        QuestionOption.objects.filter(
            question__version=version, question__criterion__code="3.2.6"
        ).values_list("position", "level")
    )
    assert positions == [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 4), (6, 5)]


def test_a_new_version_file_marked_current_becomes_the_current_version(official, sme_definition):
    official.update(label="official-2021-rev", number=3, current=True)

    version = version_load(definition=official, framework_definition=sme_definition).version

    assert list(CatalogVersion.objects.filter(framework__code=SME, is_current=True)) == [version]


def test_a_version_loaded_while_none_is_current_becomes_current(official, sme_definition):
    CatalogVersion.objects.update(is_current=False)
    official.update(label="official-2021-rev", number=3, current=False)

    version = version_load(definition=official, framework_definition=sme_definition).version

    assert version.is_current


def test_loading_again_keeps_an_edit_of_an_unanswered_version(official_definition, sme_definition):
    Question.objects.filter(version=official_version(), criterion__code="1.1.1").update(
        gate_vi="Sửa trong trang quản trị"
    )

    outcome = version_load(definition=official_definition, framework_definition=sme_definition)

    assert (outcome.created, outcome.updated) == (False, False)
    assert Question.objects.get(version=official_version(), criterion__code="1.1.1").gate_vi == (
        "Sửa trong trang quản trị"
    )


def test_update_rewrites_an_unanswered_version_from_its_file(official_definition, sme_definition):
    Question.objects.filter(version=official_version(), criterion__code="1.1.1").update(
        gate_vi="Sửa trong trang quản trị"
    )
    FigureThreshold.objects.filter(
        question__version=official_version(), question__criterion__code="1.1.4", level=3
    ).update(min_percent=15)

    outcome = version_load(
        definition=official_definition, framework_definition=sme_definition, update=True
    )

    assert (outcome.created, outcome.updated) == (False, True)
    version = official_version()
    assert version.is_current
    assert (
        Question.objects.get(version=version, criterion__code="1.1.1").gate_vi
        == (q(official_definition, "1.1.1")["gate_vi"])
    )
    assert (
        FigureThreshold.objects.get(
            question__version=version, question__criterion__code="1.1.4", level=3
        ).min_percent
        == 10
    )
    assert rows(version) == OFFICIAL_ROWS


def test_update_is_refused_for_an_answered_version(official, sme_definition):
    assessment = answered_official()
    rating = Rating.objects.get(assessment=assessment, criterion__code="1.1.1")
    before = version_definition(version=official_version())
    q(official, "1.1.1")["gate_vi"] = "Câu hỏi mới trong tệp"
    q(official, "1.1.4")["thresholds"][2]["min_percent"] = 15

    outcome = version_load(definition=official, framework_definition=sme_definition, update=True)

    assert (outcome.created, outcome.updated) == (False, False)
    assert version_definition(version=official_version()) == before
    rating.refresh_from_db()
    assert rating.option is not None
    assert (rating.option.position, rating.option.level, rating.level) == (3, 3, 3)


def test_a_broken_version_file_is_refused_and_writes_nothing(official, sme_definition):
    official.update(label="official-2021-rev", number=3)
    q(official, "1.1.4")["thresholds"][2]["min_percent"] = 1  # below level 2's 5 %
    q(official, "1.1.1")["options"] = []

    with pytest.raises(CatalogError) as caught:
        version_load(definition=official, framework_definition=sme_definition)

    assert caught.value.problems == [
        "question 1.1.1: no answer options",
        "question 1.1.1: answers are not one per level 0..5, so a mapping note must say why",
        "question 1.1.4: threshold minima must not decrease as the level rises",
    ]
    assert not CatalogVersion.objects.filter(label="official-2021-rev").exists()


def test_a_version_file_whose_number_is_taken_is_refused(official, sme_definition):
    fork = version_fork(version=official_version(), user=None)  # number 3
    official.update(label="official-2022", number=3)

    with pytest.raises(CatalogError) as caught:
        version_load(definition=official, framework_definition=sme_definition)

    assert caught.value.problems == [f"number 3 is already version {fork.label!r} of the framework"]
    assert not CatalogVersion.objects.filter(label="official-2022").exists()


# --- version_problems: one inconsistency each ----------------------------------------------------


def _set(path: str, value):
    """A breakage that sets the value at ``path`` ("questions.1.1.1.kind", "figures.0.unit")."""

    def breakage(d):
        target = d
        parts = path.split(".")
        if parts[0] == "questions":
            target, parts = q(d, ".".join(parts[1:4])), parts[4:]
        else:
            for part in parts[:-1]:
                target = target[int(part)] if isinstance(target, list) else target[part]
            parts = parts[-1:]
        *inner, last = parts
        for part in inner:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is DELETE:
            del target[int(last) if isinstance(target, list) else last]
        else:
            target[int(last) if isinstance(target, list) else last] = value

    return breakage


DELETE = object()


def _drop_question(d):
    d["questions"] = [x for x in d["questions"] if x["criterion"] != "6.1.7"]


def _unknown_question(d):
    q(d, "6.1.7")["criterion"] = "9.9.9"


def _swap_questions(d):
    d["questions"][0], d["questions"][1] = d["questions"][1], d["questions"][0]


def _duplicate_figure(d):
    d["figures"].append(copy.deepcopy(d["figures"][0]))


def _options_on_figures(d):
    q(d, "1.1.4")["options"] = [{"level": 0, "label_vi": "Không", "label_en": "No"}]


def _thresholds_on_descriptors(d):
    q(d, "1.1.1")["thresholds"] = [{"level": 1, "min_percent": 0}]


def _descending_answers(d):
    options = q(d, "1.1.1")["options"]
    options[1], options[2] = options[2], options[1]


def _duplicate_statement(d):
    d["survey"]["barriers"][1]["code"] = d["survey"]["barriers"][0]["code"]


def _decomposed_text(d):
    q(d, "1.1.1")["gate_vi"] = unicodedata.normalize("NFD", q(d, "1.1.1")["gate_vi"])


def _malformed_figure(d):
    del d["figures"][0]["key"]


@pytest.mark.parametrize(
    ("breakage", "problem"),
    [
        (_set("label", ""), "the version has no label"),
        (_set("number", DELETE), "the version has no number"),
        (_set("name_vi", ""), "the version has no name_vi"),
        (_set("framework", "dbi-other"), "version is for 'dbi-other', not 'dbi-sme-2021'"),
        (_duplicate_figure, "a figure key appears twice"),
        (_set("figures.0.unit", "usd"), "figure staff_total: unit must be count or vnd"),
        (_set("figures.0.label_vi", " "), "figure staff_total: no Vietnamese text"),
        (_drop_question, "questions must be one per criterion in the framework's order; "
         "missing 6.1.7"),
        (_unknown_question, "questions must be one per criterion in the framework's order; "
         "missing 6.1.7; unknown 9.9.9"),
        (_swap_questions, "questions must be one per criterion in the framework's order"),
        (_set("questions.1.1.1.kind", "essay"), "question 1.1.1: unknown kind 'essay'"),
        (_set("questions.1.1.4.numerator", "nope"),
         "question 1.1.4: numerator 'nope' is not a figure"),
        (_set("questions.1.1.4.denominator", DELETE),
         "question 1.1.4: denominator None is not a figure"),
        (_options_on_figures, "question 1.1.4: a figures question has no answer options"),
        (_set("questions.1.1.4.thresholds.4", DELETE),
         "question 1.1.4: thresholds must cover levels 1..5 once each"),
        (_set("questions.1.1.4.thresholds.2.min_percent", 1),
         "question 1.1.4: threshold minima must not decrease as the level rises"),
        (_set("questions.1.1.4.thresholds.4.min_percent", 101),
         "question 1.1.4: threshold minima must lie between 0 and 100 %"),
        (_thresholds_on_descriptors,
         "question 1.1.1: only a figures question has figures and thresholds"),
        (_set("questions.1.1.1.options", []), "question 1.1.1: no answer options"),
        (_set("questions.1.1.1.options.5.level", 6),
         "question 1.1.1: answer levels must lie in 0..5"),
        (_descending_answers, "question 1.1.1: answers must be in ascending order of level"),
        (_set("questions.1.2.1.mapping_note_vi", ""),
         "question 1.2.1: answers are not one per level 0..5, so a mapping note must say why"),
        (_set("questions.1.1.1.options.2.label_vi", ""),
         "question 1.1.1: an answer has no Vietnamese text"),
        (_set("questions.1.1.1.gate_vi", ""),
         "question 1.1.1: a descriptors question needs its yes/no question"),
        (_duplicate_statement, "a survey statement code appears twice"),
        (_set("survey.scale.4", DELETE), "the survey scale must label the values 1..5 once each"),
        (_decomposed_text, "a text is not in NFC (composed Unicode)"),
        (_malformed_figure, "malformed version: KeyError 'key'"),
    ],
    ids=[
        "no-label", "no-number", "no-name", "other-framework", "figure-twice", "figure-unit",
        "figure-text", "question-missing", "question-unknown", "questions-out-of-order",
        "kind-unknown", "numerator-unknown", "denominator-missing", "figures-with-options",
        "threshold-level-missing", "thresholds-decreasing", "threshold-above-100",
        "thresholds-on-descriptors", "no-options", "option-level-out-of-range",
        "options-descending", "mapping-note-missing", "option-text-missing", "gate-missing",
        "statement-twice", "scale-incomplete", "not-nfc", "malformed",
    ],
)  # fmt: skip
def test_version_problems_names_each_inconsistency(official, sme_definition, breakage, problem):
    breakage(official)

    problems = version_problems(official, sme_definition)

    assert problem in problems


def test_the_shipped_version_files_have_no_problems(sme_definition):
    for path in version_paths(SME):
        assert version_problems(read_definition(path), sme_definition) == [], path.name


def test_a_version_read_back_from_the_database_has_no_problems():
    for version in CatalogVersion.objects.filter(framework__code=SME):
        assert (
            version_problems(version_definition(version=version), framework_definition(code=SME))
            == []
        ), version.label


def test_a_version_read_back_from_the_database_is_its_file(official_definition):
    assert normalized(version_definition(version=official_version())) == normalized(
        official_definition
    )


# --- version_fork --------------------------------------------------------------------------------


def test_a_fork_copies_every_question_answer_threshold_figure_and_survey_row():
    official = official_version()

    fork = version_fork(version=official, user=None)

    assert rows(fork) == rows(official) == OFFICIAL_ROWS
    copied, origin = version_definition(version=fork), version_definition(version=official)
    for key in ("label", "number", "current"):
        copied.pop(key)
        origin.pop(key)
    assert copied == origin


def test_a_fork_is_numbered_next_labelled_after_its_origin_and_not_current():
    admin = UserFactory(is_staff=True)

    fork = version_fork(version=official_version(), user=admin)
    fork_of_fork = version_fork(version=fork, user=admin)

    assert (fork.number, fork.label, fork.is_current) == (3, "official-2021--3", False)
    assert (fork.based_on, fork.created_by) == (official_version(), admin)
    assert (fork_of_fork.number, fork_of_fork.label) == (4, "official-2021--4")
    assert fork_of_fork.based_on == fork
    assert official_version().is_current


def test_a_fork_shares_no_row_with_its_origin_and_divides_by_its_own_figures():
    official = official_version()

    fork = version_fork(version=official, user=None)

    origin_ids = set(Question.objects.filter(version=official).values_list("pk", flat=True))
    fork_ids = set(Question.objects.filter(version=fork).values_list("pk", flat=True))
    assert not origin_ids & fork_ids
    terms = Question.objects.filter(version=fork, kind="figures").values_list(
        "numerator__version", "denominator__version"
    )
    assert set(terms) == {(fork.pk, fork.pk)}
    shared = Question.objects.get(version=fork, criterion__code="1.1.5").denominator
    assert (shared.key, shared.shared) == ("revenue_3m", True)


def test_a_fork_leaves_the_assessments_on_their_version():
    assessment = answered_official()

    version_fork(version=official_version(), user=None)

    assessment.refresh_from_db()
    assert assessment.catalog_version == official_version()


# --- version_make_current ------------------------------------------------------------------------


def test_making_a_fork_current_moves_the_flag_and_new_assessments_with_it(owner, sme_framework):
    before = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    fork = version_fork(version=official_version(), user=None)

    version_make_current(version=fork)
    version_make_current(version=fork)  # twice: the same

    assert list(CatalogVersion.objects.filter(framework__code=SME, is_current=True)) == [fork]
    new = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2027, user=owner.user
    )
    assert new.catalog_version == fork
    before.refresh_from_db()
    assert before.catalog_version == official_version()


def test_an_older_version_can_be_made_current_again():
    guidance = CatalogVersion.objects.get(framework__code=SME, label="guidance-2021")

    version_make_current(version=guidance)

    assert list(CatalogVersion.objects.filter(is_current=True)) == [guidance]


# --- load_catalog --------------------------------------------------------------------------------


def test_load_catalog_on_an_empty_database_loads_the_framework_and_both_versions():
    Framework.objects.all().delete()  # the versions go with it

    out, _ = run("load_catalog", "dbi-sme-2021")

    assert "Đã nạp bộ chỉ số dbi-sme-2021." in out
    assert "Đã nạp phiên bản 1 (guidance-2021) của dbi-sme-2021." in out
    assert "Đã nạp phiên bản 2 (official-2021) của dbi-sme-2021. (hiện hành)" in out
    assert list(CatalogVersion.objects.filter(is_current=True)) == [official_version()]
    assert rows(official_version()) == OFFICIAL_ROWS


def test_load_catalog_again_keeps_both_versions():
    before = rows(official_version())

    out, _ = run("load_catalog")

    assert "Phiên bản 1 (guidance-2021) của dbi-sme-2021 đã có; giữ nguyên." in out
    assert "Phiên bản 2 (official-2021) của dbi-sme-2021 đã có; giữ nguyên. (hiện hành)" in out
    assert rows(official_version()) == before


def test_load_catalog_update_rewrites_unanswered_versions_and_keeps_answered_ones():
    answered_official()
    Question.objects.filter(version=official_version(), criterion__code="1.1.1").update(
        gate_vi="Giữ nguyên vì đã có đánh giá"
    )
    guidance = CatalogVersion.objects.get(label="guidance-2021")
    Question.objects.filter(version=guidance, criterion__code="1.1.1").update(gate_vi="Sửa")

    out, _ = run("load_catalog", "--update")

    assert "Đã cập nhật phiên bản 1 (guidance-2021) của dbi-sme-2021." in out
    assert "Phiên bản 2 (official-2021) của dbi-sme-2021 đã có; giữ nguyên." in out
    assert Question.objects.get(version=official_version(), criterion__code="1.1.1").gate_vi == (
        "Giữ nguyên vì đã có đánh giá"
    )
    assert Question.objects.get(version=guidance, criterion__code="1.1.1").gate_vi == (
        "Doanh nghiệp có website riêng không?"
    )


def test_load_catalog_names_the_version_file_and_its_problems(tmp_path, official, monkeypatch):
    official.update(label="official-2022", number=3)
    q(official, "1.1.4")["thresholds"][2]["min_percent"] = 1
    path = write(tmp_path, official, "official-2022.json")
    monkeypatch.setattr(
        "assessments.management.commands.load_catalog.version_paths", lambda code: [path]
    )

    with pytest.raises(CommandError) as caught:
        run("load_catalog")

    assert "official-2022.json" in str(caught.value)
    assert "question 1.1.4: threshold minima must not decrease as the level rises" in str(
        caught.value
    )
    assert not CatalogVersion.objects.filter(label="official-2022").exists()


# --- check_catalog -------------------------------------------------------------------------------


def test_check_catalog_checks_every_version_in_the_database():
    out, err = run("check_catalog")

    assert "dbi-sme-2021 v1 (guidance-2021): OK — 60 questions (0 from figures), " in out
    assert (
        "dbi-sme-2021 v2 (official-2021): OK — 60 questions (26 from figures), "
        "38 survey statements, 6 needs" in out
    )
    assert err == ""


def test_check_catalog_names_a_versions_problem_in_the_database():
    fork = version_fork(version=official_version(), user=None)
    FigureThreshold.objects.filter(
        question__version=fork, question__criterion__code="1.1.4", level=5
    ).delete()
    err = io.StringIO()

    with pytest.raises(CommandError, match="không nhất quán"):
        call_command("check_catalog", stdout=io.StringIO(), stderr=err)

    assert "dbi-sme-2021 v3 (official-2021--3): 1 problem(s)" in err.getvalue()
    assert "question 1.1.4: thresholds must cover levels 1..5 once each" in err.getvalue()


def test_check_catalog_fails_when_no_version_is_current():
    CatalogVersion.objects.update(is_current=False)
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_catalog", stdout=io.StringIO(), stderr=err)

    assert "không có phiên bản câu hỏi hiện hành" in err.getvalue()


def test_check_catalog_file_checks_a_framework_file():
    out, _ = run("check_catalog", "--file", str(Path(settings.BASE_DIR) / "fixtures" /
                                                 "frameworks" / f"{SME}.json"))  # fmt: skip

    assert "dbi-sme-2021: OK — 6 pillars, 10 sub-indices, 60 criteria" in out


@pytest.mark.parametrize(
    ("path", "summary"),
    [
        (OFFICIAL_FILE, "dbi-sme-2021 v2 (official-2021): OK — 60 questions (26 from figures), "
         "38 survey statements, 6 needs"),
        (GUIDANCE_FILE, "dbi-sme-2021 v1 (guidance-2021): OK — 60 questions (0 from figures), "
         "0 survey statements, 0 needs"),
    ],
    ids=["official", "guidance"],
)  # fmt: skip
def test_check_catalog_file_checks_a_version_file_against_its_framework(path, summary):
    out, err = run("check_catalog", "--file", str(path))

    assert summary in out
    assert err == ""


def test_check_catalog_file_names_every_problem_of_a_broken_version_file(tmp_path, official):
    q(official, "1.2.1")["mapping_note_vi"] = ""
    q(official, "1.1.4")["numerator"] = "c9_9_9_num"
    err = io.StringIO()

    with pytest.raises(CommandError, match="không nhất quán"):
        call_command(
            "check_catalog", "--file", str(write(tmp_path, official)),
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip

    assert "dbi-sme-2021 v2 (official-2021): 2 problem(s)" in err.getvalue()
    assert "question 1.1.4: numerator 'c9_9_9_num' is not a figure" in err.getvalue()
    assert (
        "question 1.2.1: answers are not one per level 0..5, so a mapping note must say why"
        in err.getvalue()
    )


def test_check_catalog_file_names_a_malformed_version_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"framework": "dbi-sme-2021", "questions": [', encoding="utf-8")

    with pytest.raises(CommandError, match=r"broken\.json"):
        run("check_catalog", "--file", str(path))


def test_check_catalog_file_exits_non_zero_on_a_broken_version_file(tmp_path, official):
    q(official, "1.1.4")["thresholds"][2]["min_percent"] = 1
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}

    done = subprocess.run(
        [sys.executable, "manage.py", "check_catalog", "--file", str(write(tmp_path, official))],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode == 1
    assert "question 1.1.4: threshold minima must not decrease as the level rises" in done.stderr
    assert "OK" not in done.stdout


# --- the migration: assessments answered before versions existed ---------------------------------

BEFORE_VERSIONS = ("assessments", "0011_notification_moved")


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh graph and state for the next step


@pytest.mark.django_db(transaction=True)
def test_the_migration_puts_every_assessment_on_guidance_2021_with_its_levels(sme_framework):
    """The database as 0011 left it (criteria with their guidance questions, AnswerOption rows,
    assessments and ratings), migrated to the latest schema: every assessment is on the
    framework's guidance-2021 version, every rating keeps its level and takes the answer of
    that level, and the version built is the guidance-2021 file."""
    guidance_file = read_definition(GUIDANCE_FILE)
    enterprise = EnterpriseFactory()
    user = UserFactory()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = _migrate([BEFORE_VERSIONS])
    try:
        old = executor.loader.project_state([BEFORE_VERSIONS]).apps
        Criterion = old.get_model("assessments", "Criterion")
        AnswerOption = old.get_model("assessments", "AnswerOption")
        OldAssessment = old.get_model("assessments", "Assessment")
        OldRating = old.get_model("assessments", "Rating")
        framework_id = Criterion.objects.get(code="1.1.1").framework_id
        criteria = {c.code: c for c in Criterion.objects.filter(framework_id=framework_id)}
        for question in guidance_file["questions"]:  # the portal's guidance, as 0011 held it
            criterion = criteria[question["criterion"]]
            Criterion.objects.filter(pk=criterion.pk).update(
                question_vi=question["gate_vi"], question_en=question["gate_en"],
                followup_vi=question["prompt_vi"], followup_en=question["prompt_en"],
            )  # fmt: skip
            AnswerOption.objects.bulk_create(
                AnswerOption(criterion_id=criterion.pk, **option) for option in question["options"]
            )
        assessments = [
            OldAssessment.objects.create(
                enterprise_id=enterprise.pk, framework_id=framework_id, period=period,
                created_by_id=user.pk, state=state,
            )
            for period, state in ((2024, "appraised"), (2025, "draft"))
        ]  # fmt: skip
        now = timezone.now()
        levels = {}
        for n, (assessment, column) in enumerate(
            [(assessments[0], "self"), (assessments[0], "province"), (assessments[1], "self")]
        ):
            for i, code in enumerate(criteria):
                level = None if (i + n) % 7 == 0 else (i + n) % 6  # some left unanswered
                rating = OldRating.objects.create(
                    assessment_id=assessment.pk, column=column, criterion_id=criteria[code].pk,
                    level=level, rated_by_id=user.pk, rated_at=now,
                )  # fmt: skip
                levels[rating.pk] = level
    finally:
        _migrate(latest)

    guidance = CatalogVersion.objects.get(framework_id=framework_id, label="guidance-2021")
    assert guidance.number == 1
    assert set(Assessment.objects.values_list("catalog_version", flat=True)) == {guidance.pk}
    migrated = {r.pk: r for r in Rating.objects.select_related("option__question")}
    assert {pk: r.level for pk, r in migrated.items()} == levels
    assert {r.basis for r in migrated.values()} == {"answer"}
    for rating in migrated.values():
        if rating.level is None:
            assert rating.option is None
        else:
            assert rating.option is not None, rating.criterion_id
            assert rating.option.level == rating.level
            assert rating.option.question.criterion_id == rating.criterion_id
            assert rating.option.question.version_id == guidance.pk
    assert len(levels) == 3 * 60
    rebuilt = version_definition(version=guidance)
    assert normalized(rebuilt["questions"]) == normalized(guidance_file["questions"])
