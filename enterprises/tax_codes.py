"""Vietnamese tax codes (mã số thuế), DOMAIN.md §5 — the one validator that forms, the API,
imports and the admin all use.

* An enterprise or cooperative: 10 digits, the 10th a check digit over the first nine
  (weights 31, 29, 23, 19, 17, 13, 7, 5, 3; check = 10 − (sum mod 11); a result of 10 means
  no valid code exists for those nine digits), optionally followed by "-NNN" for a branch
  (001–999).
* Since 2025 a household business (hộ kinh doanh) uses its owner's 12-digit personal
  identification number, accepted for that enterprise type only.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
TEN_DIGITS = re.compile(r"[0-9]{10}")
BRANCH = re.compile(r"([0-9]{10})-([0-9]{3})")
PERSONAL_ID = re.compile(r"[0-9]{12}")

# Problem codes, worded for people in ``MESSAGES``.
WRONG_FORMAT = "wrong_format"
BAD_CHECK_DIGIT = "bad_check_digit"
BAD_BRANCH = "bad_branch"
PERSONAL_ID_NOT_ALLOWED = "personal_id_not_allowed"
BAD_PERSONAL_ID = "bad_personal_id"

MESSAGES = {
    WRONG_FORMAT: _(
        "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu “-” và 3 chữ số cho chi nhánh "
        "(hộ kinh doanh: số định danh cá nhân 12 chữ số)."
    ),
    BAD_CHECK_DIGIT: _("Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không khớp."),
    BAD_BRANCH: _("Mã chi nhánh phải từ 001 đến 999."),
    PERSONAL_ID_NOT_ALLOWED: _(
        "Số định danh cá nhân 12 chữ số chỉ dùng làm mã số thuế cho hộ kinh doanh."
    ),
    BAD_PERSONAL_ID: _("Số định danh cá nhân không hợp lệ."),
}


def normalize(raw: str) -> str:
    """Strip spaces people paste in ("0100 109 106", " 0100109106 ")."""
    return re.sub(r"\s+", "", raw or "")


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for these nine digits, or None when no valid code can end them."""
    check = 10 - sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
    return None if check == 10 else check


def tax_code_problem(code: str, *, household: bool = False) -> str | None:
    """None when ``code`` (already normalized) is a valid tax code for this kind of party,
    else the problem code."""
    if PERSONAL_ID.fullmatch(code):
        if not household:
            return PERSONAL_ID_NOT_ALLOWED
        # The first three digits are the province of birth registration (001–096); 000 is unused.
        return BAD_PERSONAL_ID if code.startswith("000") else None
    branch = BRANCH.fullmatch(code)
    if branch:
        code, suffix = branch.groups()
        if suffix == "000":
            return BAD_BRANCH
    if not TEN_DIGITS.fullmatch(code):
        return WRONG_FORMAT
    if check_digit(code[:9]) != int(code[9]):
        return BAD_CHECK_DIGIT
    return None


def validate_tax_code(code: str, *, household: bool = False) -> str:
    """Return the normalized code, or raise ValidationError with a message for people."""
    normalized = normalize(code)
    problem = tax_code_problem(normalized, household=household)
    if problem:
        raise ValidationError(MESSAGES[problem], code=problem)
    return normalized
