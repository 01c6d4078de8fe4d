"""Vietnamese tax codes (enterprises/tax_codes.py, DOMAIN.md §5).

Every expected check digit below is worked out by hand from the rule: weights
31, 29, 23, 19, 17, 13, 7, 5, 3 over the first nine digits; check = 10 − (sum mod 11);
no valid code when that is 10.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises.tax_codes import normalize, tax_code_problem, validate_tax_code

# (code, the arithmetic that makes its 10th digit right)
VALID_CODES = [
    (
        "0100109106",
        "0·31+1·29+0·23+0·19+1·17+0·13+9·7+1·5+0·3 = 114; 114 mod 11 = 4; 10−4 = 6",
    ),
    (
        "0100112437",
        "0·31+1·29+0·23+0·19+1·17+1·13+2·7+4·5+3·3 = 102; 102 mod 11 = 3; 10−3 = 7",
    ),
    (
        "0300588569",
        "0·31+3·29+0·23+0·19+5·17+8·13+8·7+5·5+6·3 = 375; 375 mod 11 = 1; 10−1 = 9",
    ),
    (
        "0101248141",
        "0·31+1·29+0·23+1·19+2·17+4·13+8·7+1·5+4·3 = 207; 207 mod 11 = 9; 10−9 = 1",
    ),
    (
        "0100686174",
        "0·31+1·29+0·23+0·19+6·17+8·13+6·7+1·5+7·3 = 303; 303 mod 11 = 6; 10−6 = 4",
    ),
    (
        "0302712571",
        "0·31+3·29+0·23+2·19+7·17+1·13+2·7+5·5+7·3 = 317; 317 mod 11 = 9; 10−9 = 1",
    ),
    (
        "0100109120",
        "0·31+1·29+0·23+0·19+1·17+0·13+9·7+1·5+2·3 = 120; 120 mod 11 = 10; 10−10 = 0",
    ),
]

# Each valid code above with its check digit one off (either way).
CHECK_DIGIT_OFF_BY_ONE = [
    "0100109107",
    "0100109105",
    "0100112438",
    "0300588568",
    "0101248140",
    "0101248142",
    "0100686175",
    "0302712570",
    "0100109121",
]

# A body digit one off, check digit kept. A weight is never a multiple of 11, so the sum moves
# and the right check digit changes:
# 0100109206: 8th digit 1→2 adds 5 → 119; 119 mod 11 = 9; check 1, not 6.
# 0100119106: 6th digit 0→1 adds 13 → 127; 127 mod 11 = 6; check 4, not 6.
# 0300588579: 9th digit 6→7 adds 3 → 378; 378 mod 11 = 4; check 6, not 9.
BODY_DIGIT_OFF_BY_ONE = ["0100109206", "0100119106", "0300588579"]

# 0·31+1·29+0·23+0·19+1·17+0·13+9·7+1·5+6·3 = 132 = 12·11; 132 mod 11 = 0; 10−0 = 10:
# no tenth digit can make these nine digits a valid code.
NO_CHECK_DIGIT_PREFIX = "010010916"

PERSONAL_ID = "001085012345"  # 001 = Hà Nội (place of birth registration), then 9 digits


@pytest.mark.parametrize(("code", "arithmetic"), VALID_CODES, ids=[c for c, _ in VALID_CODES])
def test_a_ten_digit_code_with_the_right_check_digit_is_valid(code, arithmetic):
    assert tax_code_problem(code) is None, arithmetic


@pytest.mark.parametrize("code", CHECK_DIGIT_OFF_BY_ONE)
def test_a_ten_digit_code_with_its_check_digit_one_off_is_refused(code):
    assert tax_code_problem(code) == "bad_check_digit"


@pytest.mark.parametrize("code", BODY_DIGIT_OFF_BY_ONE)
def test_a_ten_digit_code_with_a_body_digit_one_off_is_refused(code):
    assert tax_code_problem(code) == "bad_check_digit"


@pytest.mark.parametrize("last", "0123456789")
def test_nine_digits_whose_sum_is_a_multiple_of_eleven_admit_no_valid_code(last):
    assert tax_code_problem(NO_CHECK_DIGIT_PREFIX + last) == "bad_check_digit"


def test_a_branch_code_on_a_valid_main_code_is_valid():
    assert tax_code_problem("0100109106-001") is None
    assert tax_code_problem("0100109106-999") is None


def test_branch_number_000_is_refused():
    assert tax_code_problem("0100109106-000") == "bad_branch"


@pytest.mark.parametrize("code", ["0100109106-01", "0100109106-0001", "0100109106-1"])
def test_a_branch_number_not_of_three_digits_is_a_wrong_format(code):
    assert tax_code_problem(code) == "wrong_format"


def test_a_branch_code_on_a_main_code_with_a_bad_check_digit_is_refused():
    assert tax_code_problem("0100109107-001") == "bad_check_digit"


def test_a_twelve_digit_personal_id_is_accepted_for_a_household_business():
    assert tax_code_problem(PERSONAL_ID, household=True) is None


def test_a_twelve_digit_personal_id_is_refused_for_other_parties():
    assert tax_code_problem(PERSONAL_ID) == "personal_id_not_allowed"
    assert tax_code_problem(PERSONAL_ID, household=False) == "personal_id_not_allowed"


def test_a_personal_id_starting_000_is_refused_even_for_a_household():
    assert tax_code_problem("000085012345", household=True) == "bad_personal_id"


def test_a_household_may_still_use_a_valid_ten_digit_code():
    assert tax_code_problem("0100109106", household=True) is None
    assert tax_code_problem("0100109107", household=True) == "bad_check_digit"


@pytest.mark.parametrize(
    "code",
    [
        "01001O9106",  # letter O for zero
        "ABCDEFGHIJ",
        "010010910",  # 9 digits
        "01001091060",  # 11 digits
        "0010850123456",  # 13 digits
        "",
        "0100109106-",
        "0100-109106",
        "-0100109106",
        "0100109106_001",
    ],
)
def test_malformed_codes_are_refused_as_wrong_format(code):
    assert tax_code_problem(code) == "wrong_format"
    assert tax_code_problem(code, household=True) == "wrong_format"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0100 109 106", "0100109106"),
        ("  0100109106  ", "0100109106"),
        ("0100109106 - 001", "0100109106-001"),
        ("\t0100\u00a0109106\n", "0100109106"),
    ],
)
def test_spaces_are_removed(raw, expected):
    assert normalize(raw) == expected


def test_validate_tax_code_returns_the_code_without_spaces():
    assert validate_tax_code("0100 109 106") == "0100109106"
    assert validate_tax_code(" 0100109106-001 ") == "0100109106-001"
    assert validate_tax_code("001 085 012 345", household=True) == "001085012345"


@pytest.mark.parametrize(
    ("code", "household", "problem"),
    [
        ("0100109107", False, "bad_check_digit"),
        ("0100109106-000", False, "bad_branch"),
        ("0100-109106", False, "wrong_format"),
        (PERSONAL_ID, False, "personal_id_not_allowed"),
        ("000085012345", True, "bad_personal_id"),
    ],
)
def test_validate_tax_code_raises_with_the_problem_code(code, household, problem):
    with pytest.raises(ValidationError) as caught:
        validate_tax_code(code, household=household)
    assert caught.value.code == problem


@pytest.mark.parametrize(
    ("code", "household", "message"),
    [
        (
            "0100109107",
            False,
            "Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không khớp.",
        ),
        ("0100109106-000", False, "Mã chi nhánh phải từ 001 đến 999."),
        (
            PERSONAL_ID,
            False,
            "Số định danh cá nhân 12 chữ số chỉ dùng làm mã số thuế cho hộ kinh doanh.",
        ),
        ("000085012345", True, "Số định danh cá nhân không hợp lệ."),
    ],
)
def test_validate_tax_code_explains_the_problem_in_vietnamese(code, household, message):
    with pytest.raises(ValidationError) as caught:
        validate_tax_code(code, household=household)
    assert caught.value.messages == [message]


def test_the_wrong_format_message_in_vietnamese_names_every_accepted_shape():
    with pytest.raises(ValidationError) as caught:
        validate_tax_code("0100-109106")
    assert caught.value.messages == [
        "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu “-” và 3 chữ số cho chi nhánh "
        "(hộ kinh doanh: số định danh cá nhân 12 chữ số)."
    ]


# --- English, only where the catalog translates these messages --------------------------------

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
TAX_CODE_MSGIDS = {
    "bad_check_digit": "Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không khớp.",
    "bad_branch": "Mã chi nhánh phải từ 001 đến 999.",
    "personal_id_not_allowed": (
        "Số định danh cá nhân 12 chữ số chỉ dùng làm mã số thuế cho hộ kinh doanh."
    ),
    "bad_personal_id": "Số định danh cá nhân không hợp lệ.",
}


def _po_translations(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (continuation lines joined; fuzzy entries left out)."""
    entries: dict[str, str] = {}
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    for block in re.split(r"\n\s*\n", text):
        if "#, fuzzy" in block:
            continue
        parts = re.findall(r'^(msgid|msgstr)\s+((?:"(?:[^"\\]|\\.)*"\s*)+)', block, flags=re.M)
        fields = {
            key: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', value)).replace('\\"', '"')
            for key, value in parts
        }
        if fields.get("msgid") and fields.get("msgstr"):
            entries[fields["msgid"]] = fields["msgstr"]
    return entries


EN_TRANSLATIONS = _po_translations(PO_FILE)
UNTRANSLATED = sorted(p for p, m in TAX_CODE_MSGIDS.items() if m not in EN_TRANSLATIONS)


@pytest.mark.skipif(
    bool(UNTRANSLATED),
    reason=(
        "locale/en/LC_MESSAGES/django.po has no English translation for the tax-code messages "
        f"({', '.join(UNTRANSLATED)}); run makemessages/compilemessages and translate them"
    ),
)
@pytest.mark.parametrize(
    ("code", "household", "problem"),
    [
        ("0100109107", False, "bad_check_digit"),
        ("0100109106-000", False, "bad_branch"),
        (PERSONAL_ID, False, "personal_id_not_allowed"),
        ("000085012345", True, "bad_personal_id"),
    ],
)
def test_validate_tax_code_explains_the_problem_in_english(code, household, problem):
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            validate_tax_code(code, household=household)
        messages = caught.value.messages
    assert messages == [EN_TRANSLATIONS[TAX_CODE_MSGIDS[problem]]]
    assert messages != [TAX_CODE_MSGIDS[problem]]
