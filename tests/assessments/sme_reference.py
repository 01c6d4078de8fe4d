"""The dbi-sme-2021 catalog restated by hand from DOMAIN.md §2, for the scoring tests.

Expectations in the tests come from these tables, never from the code under test; ``SNAPSHOT``
is the real catalog, built from the fixture, that the code under test scores.
"""

from assessments.catalog import fixture_path, read_definition, snapshot_from_definition

SNAPSHOT = snapshot_from_definition(read_definition(fixture_path("dbi-sme-2021")))

# pillar -> {sub-index: number of criteria}
STRUCTURE = {
    "1": {"1.1": 9, "1.2": 4},
    "2": {"2.1": 1},
    "3": {"3.1": 2, "3.2": 14},
    "4": {"4.1": 6, "4.2": 7},
    "5": {"5.1": 5, "5.2": 5},
    "6": {"6.1": 7},
}
PILLAR_CODES = list(STRUCTURE)
SUB_CODES = {pillar: list(subs) for pillar, subs in STRUCTURE.items()}
SUB_CRITERIA = {
    sub: [f"{sub}.{n}" for n in range(1, count + 1)]
    for subs in STRUCTURE.values()
    for sub, count in subs.items()
}
PILLAR_CRITERIA = {
    pillar: [code for sub in subs for code in SUB_CRITERIA[sub]]
    for pillar, subs in SUB_CODES.items()
}
ALL_CODES = [code for codes in SUB_CRITERIA.values() for code in codes]
STRATEGY = "2.1.1"  # the only criterion worth 5 points per level
PILLAR_MAX = {"1": 65, "2": 25, "3": 80, "4": 65, "5": 50, "6": 35}
# overall level -> (total strictly above, pillars needed at ≥ level)
OVERALL_TABLE = {1: (20, 4), 2: (64, 4), 3: (128, 4), 4: (192, 5), 5: (256, 6)}

# One key per kind of bad value; each must be named in the error (CLI and API alike).
BAD_LEVELS = {
    "9.9.9": 1,  # unknown code
    "1.1.1": 6,  # above 5
    "1.1.2": -1,  # below 0
    "1.1.3": 2.5,  # not an integer
    "1.1.4": "3",  # a string
    "1.1.5": True,  # a boolean
    "1.1.6": None,  # null
}
