"""The 2023 frameworks in a test: the readiness index and the large-enterprise index as
``manage.py load_catalog`` loads them, and "large-test", the large-enterprise structure with two
criteria per group imported (its texts are not published: the criteria here are made up), plus
hand-computed cases shared by the API and CLI tests.

The session database holds dbi-sme-2021 only; the test modules' fixtures load the others in the
test's transaction (``load_quietly``, ``load_large_test``).
"""

from __future__ import annotations

import copy
import io

from django.core.management import call_command

from assessments.catalog import fixture_path, read_definition
from assessments.services import framework_load, version_load

READINESS = "dbi-sme-readiness-2023"
LARGE = "dbi-large-2023"
LARGE_TEST = "large-test"

# dbi-sme-readiness-2023: 7 pillars, two questions per aim (32 questions); weights by pillar.
READINESS_AIMS = {
    "1": ["1.1", "1.2"],
    "2": ["2.1", "2.2"],
    "3": ["3.1", "3.2"],
    "4": ["4.1", "4.2", "4.3"],
    "5": ["5.1", "5.2"],
    "6": ["6.1", "6.2"],
    "7": ["7.1", "7.2", "7.3"],
}
READINESS_WEIGHTS = {"1": 22, "2": 7, "3": 33, "4": 4, "5": 4, "6": 19, "7": 11}
READINESS_QUESTIONS = [
    f"{aim}.{n}" for aims in READINESS_AIMS.values() for aim in aims for n in (1, 2)
]

# A readiness case worked out by hand (medians of the answered levels, an even count giving
# the mean of the two middle ones; R = Σ weight × median / 100; thresholds 1/1.8/2.6/3.4/4.2):
#   pillar 1: 2, 3, 4, 5 → (3 + 4) / 2 = 3.5 → level 4 (≥ 3.4)
#   pillar 2: 1 (2.1.1 alone answered)          → 1   → level 1
#   pillar 3: 5, 4, 4 → 4                        → 4   → level 4 (3.4 ≤ 4 < 4.2)
#   pillar 4: six answers at 2 → 2               → 2   → level 2 (1.8 ≤ 2 < 2.6)
#   pillar 5: no answer                          → 0   → level 0
#   pillar 6: 3, 5 → 4                           → 4   → level 4
#   pillar 7: 1, 2, 5 → 2                        → 2   → level 2
#   R = (22·3.5 + 7·1 + 33·4 + 4·2 + 4·0 + 19·4 + 11·2) / 100
#     = (77 + 7 + 132 + 8 + 0 + 76 + 22) / 100 = 322 / 100 = 3.22 → level 3 (2.6 ≤ 3.22 < 3.4)
READINESS_CASE = {
    "1.1.1": 2, "1.1.2": 3, "1.2.1": 4, "1.2.2": 5,
    "2.1.1": 1,
    "3.1.1": 5, "3.1.2": 4, "3.2.1": 4,
    "4.1.1": 2, "4.1.2": 2, "4.2.1": 2, "4.2.2": 2, "4.3.1": 2, "4.3.2": 2,
    "6.1.1": 3, "6.1.2": 5,
    "7.1.1": 1, "7.1.2": 2, "7.2.1": 5,
}  # fmt: skip
READINESS_RESULT = {
    "framework": READINESS,
    "method": "readiness-median-2023",
    "score": 3.22,
    "level": 3,
    "pillars": [
        {"code": "1", "score": 3.5, "level": 4},
        {"code": "2", "score": 1.0, "level": 1},
        {"code": "3", "score": 4.0, "level": 4},
        {"code": "4", "score": 2.0, "level": 2},
        {"code": "5", "score": 0.0, "level": 0},
        {"code": "6", "score": 4.0, "level": 4},
        {"code": "7", "score": 2.0, "level": 2},
    ],
    # Each aim's median: 1.1 = (2 + 3) / 2, 1.2 = (4 + 5) / 2, 3.1 = (5 + 4) / 2, 7.1 = (1 + 2) / 2;
    # an aim with no answer (2.2, 5.1, 5.2, 7.3) scores 0.
    "aims": [
        {"code": "1.1", "score": 2.5},
        {"code": "1.2", "score": 4.5},
        {"code": "2.1", "score": 1.0},
        {"code": "2.2", "score": 0.0},
        {"code": "3.1", "score": 4.5},
        {"code": "3.2", "score": 4.0},
        {"code": "4.1", "score": 2.0},
        {"code": "4.2", "score": 2.0},
        {"code": "4.3", "score": 2.0},
        {"code": "5.1", "score": 0.0},
        {"code": "5.2", "score": 0.0},
        {"code": "6.1", "score": 4.0},
        {"code": "6.2", "score": 0.0},
        {"code": "7.1", "score": 1.5},
        {"code": "7.2", "score": 5.0},
        {"code": "7.3", "score": 0.0},
    ],
    "missing": [
        "2.1.2",
        "2.2.1",
        "2.2.2",
        "3.2.2",
        "5.1.1",
        "5.1.2",
        "5.2.1",
        "5.2.2",
        "6.2.1",
        "6.2.2",
        "7.2.2",
        "7.3.1",
        "7.3.2",
    ],
    "reference_questions": True,
}

# dbi-large-2023's groups per dimension (4/6/5/4/3/3); large-test gives each two criteria
# (<group>.1, <group>.2), 50 in all, and expects 2 per group of each dimension.
LARGE_GROUPS = {
    "1": ["1.1", "1.2", "1.3", "1.4"],
    "2": ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"],
    "3": ["3.1", "3.2", "3.3", "3.4", "3.5"],
    "4": ["4.1", "4.2", "4.3", "4.4"],
    "5": ["5.1", "5.2", "5.3"],
    "6": ["6.1", "6.2", "6.3"],
}
LARGE_TEST_CRITERIA = [
    f"{group}.{n}" for groups in LARGE_GROUPS.values() for group in groups for n in (1, 2)
]


def not_relevant_outside_dimension_1() -> dict[str, None]:
    return {code: None for code in LARGE_TEST_CRITERIA if not code.startswith("1.")}


# A large-test case worked out by hand (arithmetic means criterion → group → dimension →
# department → enterprise; null = not relevant, left out; bands 0/25/50/75/100 %):
# * "Kinh doanh" gives every <group>.1 100 % and every <group>.2 50 %: each group
#   (100 + 50) / 2 = 75, so each dimension 75 and the department 75 → level 4 (≥ 75).
# * "Kế toán" rates dimension 1 only (the rest not relevant): 1.1 = 100 (1.1.2 not relevant),
#   1.2 all not relevant → left out, 1.3 = (0 + 0) / 2 = 0, 1.4 = (20 + 40) / 2 = 30; dimension
#   1 = (100 + 0 + 30) / 3 = 43.333… → shown 43.33, level 2; the department = its only
#   dimension, 43.33 → level 2.
# * The enterprise = (75 + 43.333…) / 2 = 59.1666… → shown 59.16 (rounded down), level 3;
#   its dimension 1 = (75 + 43.333…) / 2 = 59.16 → level 3, dimensions 2–6 = 75 (Kinh doanh
#   alone) → level 4; groups 1.1 = (75 + 100) / 2 = 87.5, 1.2 = 75 (Kinh doanh alone),
#   1.3 = (75 + 0) / 2 = 37.5, 1.4 = (75 + 30) / 2 = 52.5, every other group 75.
DEPARTMENTS_CASE = {
    "Kinh doanh": {code: 100 if code.endswith(".1") else 50 for code in LARGE_TEST_CRITERIA},
    "Kế toán": {
        "1.1.1": 100, "1.1.2": None,
        "1.2.1": None, "1.2.2": None,
        "1.3.1": 0, "1.3.2": 0,
        "1.4.1": 20, "1.4.2": 40,
        **not_relevant_outside_dimension_1(),
    },
}  # fmt: skip
GROUP_PERCENTS = {"1.1": 87.5, "1.2": 75.0, "1.3": 37.5, "1.4": 52.5}
DEPARTMENTS_RESULT = {
    "framework": LARGE_TEST,
    "method": "department-means-2023",
    "percent": 59.16,
    "level": 3,
    "dimensions": [
        {"code": "1", "percent": 59.16, "level": 3},
        *({"code": d, "percent": 75.0, "level": 4} for d in "23456"),
    ],
    "groups": [
        {"code": g, "percent": GROUP_PERCENTS.get(g, 75.0)}
        for groups in LARGE_GROUPS.values()
        for g in groups
    ],
    "departments": [
        {
            "name": "Kinh doanh",
            "percent": 75.0,
            "level": 4,
            "dimensions": [{"code": d, "percent": 75.0, "level": 4} for d in "123456"],
        },
        {
            "name": "Kế toán",
            "percent": 43.33,
            "level": 2,
            "dimensions": [
                {"code": "1", "percent": 43.33, "level": 2},
                *({"code": d, "percent": None, "level": 0} for d in "23456"),
            ],
        },
    ],
    "missing": [],
    "reference_questions": False,
}


def load_quietly(code: str) -> None:
    call_command("load_catalog", code, stdout=io.StringIO())


def large_test_definition() -> dict:
    """dbi-large-2023's structure under the code "large-test", with two made-up criteria per
    group and each dimension expecting exactly those."""
    definition = copy.deepcopy(read_definition(fixture_path(LARGE)))
    definition.update(code=LARGE_TEST, name_vi="Bộ chỉ số thử (doanh nghiệp lớn)")
    for pillar in definition["pillars"]:
        for sub in pillar["sub_indices"]:
            sub["criteria"] = [
                {
                    "code": f"{sub['code']}.{n}",
                    "text_vi": f"Tiêu chí thử {sub['code']}.{n}",
                    "text_en": f"Test criterion {sub['code']}.{n}",
                }
                for n in (1, 2)
            ]
        pillar["expected_criteria"] = 2 * len(pillar["sub_indices"])
    return definition


def load_large_test() -> None:
    """large-test and a current version asking no question of its own (its criteria are
    answered by department, as percents)."""
    definition = large_test_definition()
    framework_load(definition=definition)
    version_load(
        definition={
            "framework": LARGE_TEST,
            "label": "structure-test",
            "number": 1,
            "current": True,
            "name_vi": "Cấu trúc thử",
            "questions": [],
        },
        framework_definition=definition,
    )
