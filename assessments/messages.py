"""Translated wording of scoring's problem codes, for the web page and the API."""

from django.utils.translation import gettext as _

from . import scoring


def level_error_messages(error: scoring.LevelsError) -> dict[str, str]:
    texts = {
        scoring.UNKNOWN_CODE: _("Không có tiêu chí mã này trong bộ chỉ số %(framework)s."),
        scoring.NOT_INTEGER: _("Mức phải là số nguyên từ 0 đến %(max_level)s."),
        scoring.OUT_OF_RANGE: _("Mức %(value)s nằm ngoài khoảng 0–%(max_level)s."),
        scoring.NOT_A_MAPPING: _("Phải là một đối tượng JSON: mã tiêu chí → mức."),
    }
    return {key: texts[code] % error.params[key] for key, code in error.problems.items()}
