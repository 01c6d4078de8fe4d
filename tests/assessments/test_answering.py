"""answering.levels_from_answers on plain data (no database): a small version with an answered
criterion whose options skip levels, a figures criterion with its own denominator and two
sharing one. The sound values are turned into levels even when others are refused (the
calculator scores what it can); each problem is named by its part and key."""

from __future__ import annotations

from assessments import answering, scoring
from assessments.figures import Computation, Threshold

from .sme_reference import SNAPSHOT

STEPS = tuple(Threshold(level, p) for level, p in enumerate((0, 25, 50, 75, 100), start=1))
ASKED = answering.AskedSnapshot(
    version="test-1",
    criteria={
        "1.1.1": answering.AskedCriterion("1.1.1", option_levels=dict(enumerate(range(6)))),
        "1.2.1": answering.AskedCriterion("1.2.1", option_levels={0: 0, 1: 1, 2: 3, 3: 5}),
        "3.2.3": answering.AskedCriterion(
            "3.2.3", numerator="inv_e", denominator="inv_all", thresholds=STEPS
        ),
        "4.2.1": answering.AskedCriterion(
            "4.2.1", numerator="trained", denominator="staff", thresholds=STEPS
        ),
        "4.2.2": answering.AskedCriterion(
            "4.2.2", numerator="skilled", denominator="staff", thresholds=STEPS
        ),
    },
    figure_keys=frozenset({"inv_e", "inv_all", "trained", "skilled", "staff"}),
)


def answered(**parts) -> answering.Answered:
    return answering.levels_from_answers(SNAPSHOT, ASKED, **parts)


def test_levels_answers_and_figures_become_levels_together():
    result = answered(
        levels={"2.1.1": 4},
        answers={"1.2.1": 2},
        figures={"inv_e": 12, "inv_all": 40, "staff": 10, "trained": 10},
    )

    assert result.problems == {}
    assert result.levels == {"2.1.1": 4, "1.2.1": 3, "3.2.3": 2, "4.2.1": 5}
    assert result.computations == {
        "3.2.3": Computation(12, 40, 2),
        "4.2.1": Computation(10, 10, 5),
    }


def test_a_figures_criterion_waits_for_both_of_its_figures():
    result = answered(figures={"skilled": 3, "inv_all": 40, "inv_e": None})

    assert result.levels == {}
    assert result.computations == {}


def test_the_sound_values_are_kept_beside_the_refused_ones():
    result = answered(
        levels={"3.2.3": 2, "1.1.1": 9},
        answers={"1.2.1": 4, "1.1.2": 1, "1.1.1": "x"},
        figures={"staff": 5, "trained": 6, "skilled": 5, "nope": 1, "inv_e": -1},
    )

    assert result.levels == {"4.2.2": 5}
    codes = {part: {k: p.code for k, p in found.items()} for part, found in result.problems.items()}
    assert codes == {
        "levels": {"3.2.3": answering.FIGURES_ONLY, "1.1.1": scoring.OUT_OF_RANGE},
        "answers": {"1.2.1": answering.UNKNOWN_OPTION, "1.1.2": scoring.UNKNOWN_CODE,
                    "1.1.1": answering.NOT_A_POSITION},
        "figures": {"nope": answering.UNKNOWN_FIGURE, "inv_e": answering.BAD_FIGURE,
                    "trained": answering.NUMERATOR_ABOVE_DENOMINATOR},
    }  # fmt: skip


def test_a_criterion_given_a_level_and_an_answer_is_refused_under_the_answer():
    result = answered(levels={"1.1.1": 3}, answers={"1.1.1": 3})

    assert result.levels == {"1.1.1": 3}
    assert result.problems["answers"]["1.1.1"].code == answering.ANSWERED_TWICE


def test_the_cli_wording_names_each_part_and_key():
    result = answered(answers={"1.2.1": 4}, figures={"inv_e": 50, "inv_all": 40})

    assert result.errors == {
        "answers.1.2.1": "no option at position 4: the positions are 0, 1, 2, 3",
        "figures.inv_e": "criterion 3.2.3: inv_e = 50 is above inv_all = 40",
    }


def test_the_public_shape_adds_the_computations_to_the_score():
    result = answered(figures={"inv_e": 1, "inv_all": 3})

    document = answering.result_as_dict(scoring.score(SNAPSHOT, result.levels), result)

    assert document["computations"] == {
        "3.2.3": {"numerator": 1, "denominator": 3, "percent": "33.3", "level": 2}
    }
    assert document["total"] == 2
