"""Publish a framework file (``framework_files``) as a new version of the catalog: check it
against itself and against what is already published, then write it in one transaction.

A framework not in the catalog yet is created. One already there is written over only by a file
carrying a higher ``version``, the same scoring method, and every pillar, sub-index and criterion
the published version has (assessments refer to them; a new version may add and reword, never
remove). How its criteria are asked — an optional ``questionnaire`` in the file — is loaded as a
new catalog version (fixtures/questionnaires/README.md), current unless the file says otherwise;
without one, the current questions must still fit the new criteria. A file with any problem is
refused whole: ``CatalogError`` lists every one, and nothing is written.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from .. import scoring
from ..catalog import Definition, assessable_problems, definition_problems
from ..models import CatalogVersion, Criterion, Framework, SubIndex
from ..selectors import version_definition
from ..versions import version_problems
from .catalog import CatalogError, framework_load
from .versions import version_load

QUESTIONNAIRE = "questionnaire"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,49}")


@dataclass(frozen=True)
class PublishPlan:
    """What publishing a definition would do (the admin's preview, ``check_catalog --file``)."""

    definition: Definition  # the framework alone, as ``framework_load`` takes it
    questionnaire: Definition | None  # the catalog version to add, completed
    problems: list[str]
    published_version: int | None  # the version in the catalog now; None: a new framework
    not_assessable: list[str] = field(default_factory=list)  # after publishing

    @property
    def is_new(self) -> bool:
        return self.published_version is None

    @property
    def version(self) -> int:
        return int(self.definition.get("version", 1))


@dataclass(frozen=True)
class PublishOutcome:
    framework: Framework
    created: bool
    version: int
    questionnaire: CatalogVersion | None


def _split(definition: Definition) -> tuple[Definition, Definition | None]:
    framework = {k: v for k, v in definition.items() if k != QUESTIONNAIRE}
    questionnaire = definition.get(QUESTIONNAIRE)
    return framework, copy.deepcopy(questionnaire) if isinstance(questionnaire, dict) else None


def _published_problems(framework: Framework, definition: Definition) -> list[str]:
    """What a new version of an already published framework must keep."""
    problems = []
    version = definition.get("version", 1)
    if isinstance(version, int) and version <= framework.version:
        problems.append(
            f"version {framework.version} of {framework.code} is already published: "
            f"the file must carry version {framework.version + 1} or higher, not {version}"
        )
    if definition.get("scoring_method") != framework.scoring_method:
        problems.append(
            f"{framework.code} is scored by {framework.scoring_method}; a new version cannot "
            f"change its scoring method to {definition.get('scoring_method')!r}"
        )
    in_file_subs = {
        s.get("code"): p.get("code")
        for p in definition.get("pillars", [])
        for s in p.get("sub_indices", [])
    }
    in_file_criteria = {
        c.get("code")
        for p in definition.get("pillars", [])
        for s in p.get("sub_indices", [])
        for c in s.get("criteria", [])
    }
    for sub_code, pillar_code in SubIndex.objects.filter(pillar__framework=framework).values_list(
        "code", "pillar__code"
    ):
        if sub_code not in in_file_subs:
            problems.append(f"sub-index {sub_code} is published but missing from the file")
        elif in_file_subs[sub_code] != pillar_code:
            problems.append(
                f"sub-index {sub_code} is published under pillar {pillar_code}, "
                f"not {in_file_subs[sub_code]}"
            )
    for code in Criterion.objects.filter(framework=framework).values_list("code", flat=True):
        if code not in in_file_criteria:
            problems.append(f"criterion {code} is published but missing from the file")
    return problems


def _complete_questionnaire(
    questionnaire: Definition, definition: Definition, framework: Framework | None
) -> tuple[Definition, list[str]]:
    """The questionnaire with its defaults (the framework's code, the next free number, a label
    from the framework's version, current), and what clashes with the versions already there."""
    code = definition.get("code")
    problems = []
    if questionnaire.get("framework") not in (None, "", code):
        problems.append(
            f"questionnaire: it is for {questionnaire.get('framework')!r}, not {code!r}"
        )
    questionnaire["framework"] = code
    versions = CatalogVersion.objects.filter(framework=framework) if framework else None
    if "number" not in questionnaire:
        highest = versions.aggregate(n=Max("number"))["n"] if versions is not None else None
        questionnaire["number"] = (highest or 0) + 1
    questionnaire.setdefault("label", f"{code}-v{definition.get('version', 1)}"[:50])
    questionnaire.setdefault("current", True)
    if versions is not None:
        if versions.filter(label=questionnaire["label"]).exists():
            problems.append(
                f"questionnaire: label {questionnaire['label']!r} is already a version of {code}"
            )
        if versions.filter(number=questionnaire["number"]).exists():
            problems.append(
                f"questionnaire: number {questionnaire['number']} is already a version of {code}"
            )
    return questionnaire, problems


def _questions_problems(
    definition: Definition, questionnaire: Definition | None, framework: Framework | None
) -> list[str]:
    """Without a questionnaire in the file: the questions new assessments are asked must fit."""
    if questionnaire is not None:
        return [f"questionnaire: {p}" for p in version_problems(questionnaire, definition)]
    current = (
        CatalogVersion.objects.filter(framework=framework, is_current=True)
        .select_related("framework")
        .first()
        if framework is not None
        else None
    )
    if current is None:
        if definition.get("scoring_method") == scoring.DEPARTMENT_MEANS_2023:
            return []  # answered as a percent per department: an empty version is made
        return [
            "the framework has no questions yet: add a questionnaire (one question per "
            "criterion) to the file"
        ]
    problems = version_problems(version_definition(version=current), definition)
    return [
        f"the current questions (version {current.number}, {current.label}) no longer fit: {p}; "
        "add a questionnaire to the file"
        for p in problems
    ]


def publish_plan(*, definition: Definition) -> PublishPlan:
    """Check a definition read from a file against itself and the catalog, without writing.

    ``problems`` lists every inconsistency (empty: it can be published)."""
    framework_definition, questionnaire = _split(definition)
    problems = list(definition_problems(framework_definition))
    code = framework_definition.get("code")
    if isinstance(code, str) and code and not SLUG.fullmatch(code):
        problems.append(
            f"code {code!r} must be at most 50 characters of a-z, 0-9 and '-', "
            "starting with a letter or digit"
        )
    framework = Framework.objects.filter(code=code).first() if isinstance(code, str) else None
    if framework is not None:
        problems += _published_problems(framework, framework_definition)
    if questionnaire is not None:
        questionnaire, clashes = _complete_questionnaire(
            questionnaire, framework_definition, framework
        )
        problems += clashes
    if not problems:  # the questions are checked against a sound framework only
        problems += _questions_problems(framework_definition, questionnaire, framework)
    return PublishPlan(
        definition=framework_definition,
        questionnaire=questionnaire,
        problems=problems,
        published_version=framework.version if framework is not None else None,
        not_assessable=[] if problems else assessable_problems(framework_definition),
    )


@transaction.atomic
def framework_publish(*, definition: Definition) -> PublishOutcome:
    """Publish a definition read from a file (``publish_plan``'s checks, then the writes, in
    one transaction): CatalogError with every problem, and nothing written, when it is unsound."""
    # Checked again inside the transaction, so that two publishes of the same file cannot both
    # pass the version check.
    Framework.objects.select_for_update().filter(code=definition.get("code")).first()
    plan = publish_plan(definition=definition)
    if plan.problems:
        raise CatalogError(plan.problems)
    outcome = framework_load(definition=plan.definition, update=True)
    framework = outcome.framework
    version = None
    if plan.questionnaire is not None:
        version = version_load(
            definition=plan.questionnaire, framework_definition=plan.definition
        ).version
    elif not CatalogVersion.objects.filter(framework=framework).exists():
        # The department method asks every criterion as a percent: a version of no questions.
        version = version_load(
            definition={
                "framework": framework.code,
                "label": f"{framework.code}-structure"[:50],
                "number": 1,
                "current": True,
                "name_vi": "Tiêu chí trả lời theo bộ phận (không có câu hỏi riêng)",
                "name_en": "Criteria answered by department (no questions of their own)",
                "questions": [],
            },
            framework_definition=plan.definition,
        ).version
    return PublishOutcome(
        framework=framework, created=outcome.created, version=plan.version, questionnaire=version
    )
