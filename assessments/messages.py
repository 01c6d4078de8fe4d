"""Translated wording of scoring's and answering's problem codes, for the web page and the API."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.settings import api_settings

from . import answering, errors, framework_scoring, scoring
from .scoring import department_means_2023 as departments


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


# --- the 2023 frameworks' input (framework_scoring) and state ---


def _framework_input_texts(problem: framework_scoring.InputProblem) -> str:
    """The wording of one problem's code: about the body, or by the part of the input."""
    body = {
        framework_scoring.NOT_AN_OBJECT: _(
            "Dữ liệu gửi lên phải là một đối tượng JSON có “%(expected)s”."
        ),
        framework_scoring.MISSING_INPUT: _(
            "Bộ chỉ số %(framework)s được tính từ “%(expected)s”; hãy gửi nó."
        ),
        framework_scoring.WRONG_INPUT: _(
            "Bộ chỉ số %(framework)s không nhận “%(key)s”; hãy gửi “%(expected)s”."
        ),
    }
    if problem.code in body:
        return body[problem.code]
    if problem.part == framework_scoring.LEVELS:
        return {
            scoring.UNKNOWN_CODE: _("Không có câu hỏi mã này trong bộ chỉ số %(framework)s."),
            scoring.NOT_INTEGER: _("Mức phải là số nguyên từ %(min_level)s đến %(max_level)s."),
            scoring.OUT_OF_RANGE: _("Mức %(value)s nằm ngoài khoảng %(min_level)s–%(max_level)s."),
            scoring.NOT_A_MAPPING: _("Phải là một đối tượng JSON: mã câu hỏi → mức."),
        }[problem.code]
    if problem.code == departments.NOT_A_MAPPING and problem.key is None:
        return _("Phải là một đối tượng JSON: tên bộ phận → các tiêu chí của bộ phận đó.")
    return {
        departments.NOT_A_MAPPING: _(
            "Phải là một đối tượng JSON: mã tiêu chí → tỷ lệ phần trăm, hoặc null khi tiêu "
            "chí không liên quan đến bộ phận."
        ),
        departments.NO_DEPARTMENTS: _("Hãy liệt kê ít nhất một bộ phận."),
        departments.TOO_MANY_DEPARTMENTS: _("Tối đa %(max_departments)s bộ phận."),
        departments.BAD_NAME: _("Tên bộ phận dài từ 1 đến %(max_name)s ký tự."),
        departments.UNKNOWN_CODE: _("Không có tiêu chí mã này trong bộ chỉ số %(framework)s."),
        departments.NOT_A_PERCENT: _(
            "Tỷ lệ phần trăm là số nguyên từ 0 đến 100, hoặc null khi tiêu chí không liên "
            "quan đến bộ phận."
        ),
    }[problem.code]


def framework_input_messages(error: framework_scoring.InputError) -> dict[str, Any]:
    """The problems of a 2023 framework's input in the active language, nested as the input:
    {"levels": {code: [message]}}, {"departments": {"<name>" or "<name>/<code>": [message]}},
    a part wrong as a whole as {part: [message]}, the body's own under non_field_errors."""
    fields: dict[str, Any] = {}
    for problem in error.problems:
        message = _framework_input_texts(problem) % dict(problem.params)
        part = problem.part or api_settings.NON_FIELD_ERRORS_KEY
        if problem.key is None:
            fields.setdefault(part, []).append(message)
        else:
            fields.setdefault(part, {})[problem.key] = [message]
    return fields


def not_assessable_messages(assessability: framework_scoring.Assessability) -> list[str]:
    """Why a framework cannot be scored yet, in the active language ([] when it can)."""
    reasons = []
    if assessability.empty_groups:
        reasons.append(
            _("Số nhóm tiêu chí chưa có tiêu chí nào: %(count)s.")
            % {"count": assessability.empty_groups}
        )
    if assessability.pillars_off:
        reasons.append(
            _(
                "Số trụ cột có số tiêu chí chưa khớp với quyết định: %(count)s (đã nhập "
                "%(criteria)s trong %(expected)s tiêu chí)."
            )
            % {
                "count": assessability.pillars_off,
                "criteria": assessability.criteria,
                "expected": assessability.expected_criteria,
            }
        )
    return reasons


def not_assessable_message(framework_code: str) -> str:
    """The refusal to score a framework whose criteria are not imported yet."""
    return str(errors.NOT_ASSESSABLE.message) % {"framework": framework_code}


def reference_note(reference_questions: bool) -> str | None:
    """What the API says of the portal's reference questions (None for official ones)."""
    if not reference_questions:
        return None
    return _(
        "Các câu hỏi của phiên bản hiện hành là câu hỏi tham khảo do Cổng soạn theo mục tiêu "
        "đánh giá của từng trụ cột, không phải câu hỏi chính thức của Bộ (quyết định chưa công "
        "bố bộ câu hỏi); bộ câu hỏi chính thức sẽ được nạp thành phiên bản mới khi được công bố."
    )
