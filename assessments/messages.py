"""Translated wording of scoring's and answering's problem codes, for the web page and the API."""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from . import answering, errors, scoring


def _level_texts() -> dict[str, str]:
    return {
        scoring.UNKNOWN_CODE: _("Không có tiêu chí mã này trong bộ chỉ số %(framework)s."),
        scoring.NOT_INTEGER: _("Mức phải là số nguyên từ 0 đến %(max_level)s."),
        scoring.OUT_OF_RANGE: _("Mức %(value)s nằm ngoài khoảng 0–%(max_level)s."),
        scoring.NOT_A_MAPPING: _("Phải là một đối tượng JSON: mã tiêu chí → mức."),
    }


def level_error_messages(error: scoring.LevelsError) -> dict[str, str]:
    texts = _level_texts()
    return {key: texts[code] % error.params[key] for key, code in error.problems.items()}


def answer_problem_message(problem: answering.Problem, figure_labels: Mapping[str, str]) -> str:
    """One problem of answers or figures in the active language; ``figure_labels`` ({key: label})
    names the figures of a numerator above its denominator."""
    params = problem.params
    if problem.code == answering.NUMERATOR_ABOVE_DENOMINATOR:
        return str(errors.NUMERATOR_ABOVE_DENOMINATOR.message) % {
            "code": params["code"],
            "numerator": figure_labels.get(params["numerator_key"], params["numerator_key"]),
            "denominator": figure_labels.get(params["denominator_key"], params["denominator_key"]),
        }
    texts = {
        **_level_texts(),
        answering.NOT_A_POSITION: _(
            "Câu trả lời là số thứ tự của một phương án: một số nguyên từ 0."
        ),
        answering.UNKNOWN_OPTION: _(
            "Câu hỏi này không có phương án số %(value)s; các phương án: %(positions)s."
        ),
        answering.FIGURES_ONLY: str(errors.FIGURES_ONLY.message),
        answering.ANSWERED_TWICE: _(
            "Tiêu chí %(code)s đã có mức trong “levels”; hãy chỉ gửi một trong hai."
        ),
        answering.UNKNOWN_FIGURE: str(errors.UNKNOWN_FIGURE.message),
        answering.BAD_FIGURE: str(errors.BAD_FIGURE.message),
    }
    return texts[problem.code] % dict(params)


def answer_error_messages(
    answered: answering.Answered, figure_labels: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """{part: {key: message}} of every problem, in the active language."""
    return {
        part: {key: answer_problem_message(p, figure_labels) for key, p in problems.items()}
        for part, problems in answered.problems.items()
    }


def figure_text_message(text: str) -> str:
    """What was typed in a figure's box is not a whole number."""
    return _("“%(text)s” không phải số nguyên không âm; hãy nhập số, ví dụ 1.250.000.") % {
        "text": text
    }
