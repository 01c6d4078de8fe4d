"""A framework file, JSON or XLSX, read into the plain definition the loader takes
(``catalog.Definition``, the shape of ``fixtures/frameworks/<code>.json``, documented in
fixtures/frameworks/README.md), with an optional ``questionnaire`` (a catalog version, the shape of
``fixtures/questionnaires/<code>/<label>.json`` without its ``framework``).

Pure: bytes in, a definition or every problem out. A file is recognised by its content, not its
name (an XLSX is a zip; anything else must parse as JSON), and every problem names its place — a
line and column of the JSON text, a key path in the JSON document, or a sheet and cell of the
workbook — in Vietnamese and English. Whether the definition is *consistent* (maxima, thresholds,
codes) is ``catalog.definition_problems``' business; this module only checks that it is shaped
as the format says, so that those checks never see a malformed document.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dbi_portal.i18n import localized

from .catalog import Definition

MAX_FILE_BYTES = 5 * 1024 * 1024  # the largest shipped framework file is 30 kB
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class FileProblem:
    """One problem of a file: where (``place_vi``/``place_en``, "" for the file as a whole)
    and what (``text_vi``/``text_en``)."""

    place_vi: str
    place_en: str
    text_vi: str
    text_en: str

    @property
    def place(self) -> str:
        return localized(self.place_vi, self.place_en)

    @property
    def text(self) -> str:
        return localized(self.text_vi, self.text_en)

    def __str__(self) -> str:
        return f"{self.place}: {self.text}" if self.place else self.text

    @property
    def english(self) -> str:
        return f"{self.place_en}: {self.text_en}" if self.place_en else self.text_en


class FrameworkFileError(ValueError):
    """The file cannot be read into a definition; ``problems`` holds every one found."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _whole(text_vi: str, text_en: str) -> FileProblem:
    return FileProblem("", "", text_vi, text_en)


# --- reading ---------------------------------------------------------------------------------


def read_framework_file(content: bytes, *, name: str = "") -> Definition:
    """The definition in ``content`` (a JSON or an XLSX framework file), shape-checked.

    ``name`` is only used to refuse a file whose name promises one format while its content is
    the other (a renamed document, a corrupt download). Raises FrameworkFileError."""
    if len(content) > MAX_FILE_BYTES:
        raise FrameworkFileError(
            [
                _whole(
                    f"Tệp lớn hơn {MAX_FILE_BYTES // (1024 * 1024)} MB.",
                    f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.",
                )
            ]
        )
    suffix = Path(name).suffix.lower()
    is_zip = content.startswith(ZIP_MAGIC)
    if suffix == ".xlsx" and not is_zip:
        raise FrameworkFileError(
            [
                _whole(
                    "Tệp có đuôi .xlsx nhưng nội dung không phải một bảng tính XLSX.",
                    "The file is named .xlsx but its content is not an XLSX workbook.",
                )
            ]
        )
    if suffix == ".json" and is_zip:
        raise FrameworkFileError(
            [
                _whole(
                    "Tệp có đuôi .json nhưng nội dung là một tệp nén (XLSX?).",
                    "The file is named .json but its content is a zip archive (an XLSX?).",
                )
            ]
        )
    definition = read_xlsx(content) if is_zip else read_json(content)
    problems = shape_problems(definition)
    if problems:
        raise FrameworkFileError(problems)
    return definition


def read_framework_path(path: Path) -> Definition:
    """``read_framework_file`` of a file on disk (a missing file is a FrameworkFileError)."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise FrameworkFileError(
            [
                _whole(
                    f"Không đọc được tệp {path}: {error.strerror}",
                    f"Cannot read the file {path}: {error.strerror}",
                )
            ]
        ) from error
    return read_framework_file(content, name=path.name)


def read_json(content: bytes) -> Definition:
    """A JSON document (UTF-8, an object at the top), or the line and column where it breaks."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FrameworkFileError(
            [
                FileProblem(
                    f"byte {error.start}",
                    f"byte {error.start}",
                    "Tệp JSON phải được mã hóa UTF-8.",
                    "A JSON file must be encoded in UTF-8.",
                )
            ]
        ) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FrameworkFileError(
            [
                FileProblem(
                    f"dòng {error.lineno}, cột {error.colno}",
                    f"line {error.lineno}, column {error.colno}",
                    f"JSON không hợp lệ ({error.msg}).",
                    f"Invalid JSON ({error.msg}).",
                )
            ]
        ) from error
    if not isinstance(data, dict):
        raise FrameworkFileError(
            [
                _whole(
                    "Tệp JSON phải là một đối tượng { … } ở ngoài cùng.",
                    "A JSON framework file must hold one object { … } at the top.",
                )
            ]
        )
    return data


# --- the shape of a definition (JSON) ---------------------------------------------------------

TEXT, WHOLE, NUMBER, FLAG, LIST, OBJECT = "text", "whole", "number", "flag", "list", "object"
KIND_TEXTS = {
    TEXT: ("phải là một chuỗi văn bản", "must be a text"),
    WHOLE: ("phải là một số nguyên", "must be a whole number"),
    NUMBER: ("phải là một số", "must be a number"),
    FLAG: ("phải là true hoặc false", "must be true or false"),
    LIST: ("phải là một danh sách [ … ]", "must be a list [ … ]"),
    OBJECT: ("phải là một đối tượng { … }", "must be an object { … }"),
}


def _is(kind: str, value: Any) -> bool:
    if kind == TEXT:
        return isinstance(value, str)
    if kind == WHOLE:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == FLAG:
        return isinstance(value, bool)
    if kind == LIST:
        return isinstance(value, list)
    return isinstance(value, dict)


def _fields(required: Iterable[str], optional: dict[str, str], kinds: dict[str, str]) -> dict:
    return {"required": tuple(required), "kinds": {**kinds, **optional}}


BILINGUAL = ("name", "decision", "threshold_note", "description", "text", "group", "label")


def _texts(*fields: str) -> dict[str, str]:
    return {f"{f}_{lang}": TEXT for f in fields for lang in ("vi", "en")}


SPECS: dict[str, dict] = {
    "framework": _fields(
        ("code", "name_vi", "scoring_method", "max_level", "level_names", "pillars"),
        {
            "version": WHOLE,
            "audience": TEXT,
            "min_level": WHOLE,
            "max_points": WHOLE,
            "thresholds": LIST,
            "bands": LIST,
            "overall_rules": LIST,
            "questionnaire": OBJECT,
        },
        {
            "code": TEXT,
            "scoring_method": TEXT,
            "max_level": WHOLE,
            "level_names": LIST,
            "pillars": LIST,
            **_texts("name", "decision", "threshold_note"),
        },
    ),
    "thresholds": _fields(("level", "from"), {}, {"level": WHOLE, "from": NUMBER}),
    "bands": _fields(("level", "upper_percent"), {}, {"level": WHOLE, "upper_percent": WHOLE}),
    "overall_rules": _fields(
        ("level", "total_above", "min_pillars"),
        {},
        {"level": WHOLE, "total_above": WHOLE, "min_pillars": WHOLE},
    ),
    "level_names": _fields(
        ("level", "name_vi"), {}, {"level": WHOLE, **_texts("name", "description")}
    ),
    "pillars": _fields(
        ("code", "name_vi", "sub_indices"),
        {"weight_percent": WHOLE, "expected_criteria": WHOLE, "max_points": WHOLE},
        {"code": TEXT, "sub_indices": LIST, **_texts("name")},
    ),
    "sub_indices": _fields(
        ("code", "name_vi"),
        {"max_points": WHOLE, "criteria": LIST},
        {"code": TEXT, **_texts("name")},
    ),
    "criteria": _fields(
        ("code", "text_vi"),
        {"points_per_level": WHOLE},
        {"code": TEXT, **_texts("text", "group")},
    ),
    "questionnaire": _fields(
        ("name_vi",),
        {
            "framework": TEXT,
            "label": TEXT,
            "number": WHOLE,
            "current": FLAG,
            "reference": FLAG,
            "figures": LIST,
            "questions": LIST,
            "survey": OBJECT,
        },
        _texts("name", "note"),
    ),
    "questions": _fields(
        ("criterion", "kind"),
        {
            "options": LIST,
            "numerator": TEXT,
            "denominator": TEXT,
            "thresholds": LIST,
            "published_text_vi": TEXT,
        },
        {
            "criterion": TEXT,
            "kind": TEXT,
            **_texts("gate", "prompt", "help", "mapping_note", "threshold_note", "correction_note"),
        },
    ),
    "options": _fields(("level", "label_vi"), {}, {"level": WHOLE, **_texts("label")}),
    "figures": _fields(
        ("key", "unit", "label_vi"),
        {"shared": FLAG},
        {"key": TEXT, "unit": TEXT, **_texts("label", "period")},
    ),
}
# Lists of objects, by the spec of their items (a questions' "thresholds" are its own).
ITEM_SPEC = {
    ("framework", "thresholds"): "thresholds",
    ("framework", "bands"): "bands",
    ("framework", "overall_rules"): "overall_rules",
    ("framework", "level_names"): "level_names",
    ("framework", "pillars"): "pillars",
    ("pillars", "sub_indices"): "sub_indices",
    ("sub_indices", "criteria"): "criteria",
    ("questionnaire", "questions"): "questions",
    ("questionnaire", "figures"): "figures",
    ("questions", "options"): "options",
    ("questions", "thresholds"): "figure_thresholds",
}
SPECS["figure_thresholds"] = _fields(
    ("level", "min_percent"), {}, {"level": WHOLE, "min_percent": WHOLE}
)


# Empty required texts that the consistency checks name in their own words (an empty list of
# pillars or level names too), so that a file's problem reads the same from every command.
NAMED_LATER = {
    ("framework", "code"),
    ("framework", "name_vi"),
    ("framework", "scoring_method"),
    ("criteria", "text_vi"),
    ("questionnaire", "name_vi"),
    ("options", "label_vi"),
    ("figures", "label_vi"),
}


def _item_path(path: str, index: int, item: Any) -> str:
    code = item.get("code") or item.get("criterion") if isinstance(item, dict) else None
    return f"{path}[{index}]" + (f" ({code})" if isinstance(code, str) and code else "")


def _check_object(data: dict, spec_name: str, path: str, problems: list[FileProblem]) -> None:
    spec = SPECS[spec_name]

    def at(key: str) -> str:
        return f"{path}.{key}" if path else key

    for key in spec["required"]:
        value = data.get(key)
        if value is None:
            problems.append(
                FileProblem(at(key), at(key), "thiếu trường bắt buộc", "required field missing")
            )
        elif isinstance(value, str) and not value.strip() and (spec_name, key) not in NAMED_LATER:
            problems.append(
                FileProblem(at(key), at(key), "không được để trống", "must not be empty")
            )
    for key, value in data.items():
        if key.startswith(("_", "$")):  # a comment, or a JSON schema reference
            continue
        kind = spec["kinds"].get(key)
        if kind is None:
            problems.append(
                FileProblem(
                    at(key),
                    at(key),
                    "trường không có trong định dạng (gõ sai tên?)",
                    "a field the format does not have (a misspelt name?)",
                )
            )
            continue
        if value is None:
            continue  # null counts as left out (a required field is named above)
        if not _is(kind, value):
            vi, en = KIND_TEXTS[kind]
            problems.append(FileProblem(at(key), at(key), vi, en))
            continue
        if kind == LIST and (spec_name, key) in ITEM_SPEC:
            item_spec = ITEM_SPEC[(spec_name, key)]
            for index, item in enumerate(value):
                item_path = _item_path(at(key), index, item)
                if not isinstance(item, dict):
                    vi, en = KIND_TEXTS[OBJECT]
                    problems.append(FileProblem(item_path, item_path, vi, en))
                else:
                    _check_object(item, item_spec, item_path, problems)
        elif kind == OBJECT and key == "questionnaire":
            _check_object(value, "questionnaire", at(key), problems)


def shape_problems(definition: Definition) -> list[FileProblem]:
    """Every place where a definition is not shaped as the format says: a required field
    missing, a value of the wrong type, a field the format does not have. [] when it is."""
    problems: list[FileProblem] = []
    _check_object(definition, "framework", "", problems)
    return problems


# --- XLSX --------------------------------------------------------------------------------------

# The workbook (``manage.py framework_template`` writes it with these sheets and headers):
# "framework" and "questionnaire" hold one field a row (field name in A, value in B); the other
# sheets one item a row under a header row naming their columns.
KEY_VALUE_SHEETS = ("framework", "questionnaire")
TABLE_SHEETS: dict[str, tuple[str, ...]] = {
    "level_names": ("level", "name_vi", "name_en", "description_vi", "description_en"),
    "thresholds": ("level", "from"),
    "bands": ("level", "upper_percent"),
    "overall_rules": ("level", "total_above", "min_pillars"),
    "pillars": (
        "code",
        "name_vi",
        "name_en",
        "weight_percent",
        "expected_criteria",
        "max_points",
    ),
    "sub_indices": ("pillar", "code", "name_vi", "name_en", "max_points"),
    "criteria": (
        "sub_index",
        "code",
        "text_vi",
        "text_en",
        "group_vi",
        "group_en",
        "points_per_level",
    ),
    "questions": (
        "criterion",
        "kind",
        "gate_vi",
        "gate_en",
        "prompt_vi",
        "prompt_en",
        "help_vi",
        "help_en",
        "mapping_note_vi",
        "mapping_note_en",
    ),
    "options": ("criterion", "level", "label_vi", "label_en"),
}
FRAMEWORK_FIELDS = (
    "code",
    "version",
    "name_vi",
    "name_en",
    "decision_vi",
    "decision_en",
    "audience",
    "scoring_method",
    "min_level",
    "max_level",
    "max_points",
    "threshold_note_vi",
    "threshold_note_en",
)
QUESTIONNAIRE_FIELDS = ("label", "number", "current", "name_vi", "name_en", "note_vi", "note_en")
REQUIRED_SHEETS = ("framework", "level_names", "pillars", "sub_indices", "criteria")
# Columns holding whole numbers (a threshold's "from" may have decimals: R = 1.8).
WHOLE_COLUMNS = {
    "level",
    "upper_percent",
    "total_above",
    "min_pillars",
    "weight_percent",
    "expected_criteria",
    "max_points",
    "points_per_level",
    "version",
    "min_level",
    "max_level",
    "number",
}
NUMBER_COLUMNS = {"from"}
FLAG_COLUMNS = {"current"}
REQUIRED_COLUMNS = {
    "level_names": ("level", "name_vi"),
    "thresholds": ("level", "from"),
    "bands": ("level", "upper_percent"),
    "overall_rules": ("level", "total_above", "min_pillars"),
    "pillars": ("code", "name_vi"),
    "sub_indices": ("pillar", "code", "name_vi"),
    "criteria": ("sub_index", "code", "text_vi"),
    "questions": ("criterion", "kind"),
    "options": ("criterion", "level", "label_vi"),
}
PARENT_COLUMN = {"sub_indices": "pillar", "criteria": "sub_index", "options": "criterion"}
# A child sheet's parent column: the parent sheet, and the parent's name in Vietnamese and English.
PARENTS = {
    "pillar": ("pillars", "trụ cột", "pillar"),
    "sub_index": ("sub_indices", "chỉ số thành phần", "sub-index"),
    "criterion": ("questions", "câu hỏi của tiêu chí", "question of criterion"),
}


def _cell_place(sheet: str, cell: str) -> tuple[str, str]:
    return f"trang tính «{sheet}», ô {cell}", f"sheet '{sheet}', cell {cell}"


def _cell_problem(sheet: str, cell: str, text_vi: str, text_en: str) -> FileProblem:
    vi, en = _cell_place(sheet, cell)
    return FileProblem(vi, en, text_vi, text_en)


def _convert(value: Any, column: str, sheet: str, cell: str, problems: list[FileProblem]) -> Any:
    """A cell's value as the JSON format has it: whole numbers as int (Excel stores 5 as 5.0),
    texts stripped, "yes/có/true/1" as true; None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if column in WHOLE_COLUMNS | NUMBER_COLUMNS:
        number: Any = value
        if isinstance(value, str):
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                number = None
        if isinstance(number, bool) or not isinstance(number, int | float):
            problems.append(
                _cell_problem(
                    sheet, cell, f"«{value}» không phải là số", f"'{value}' is not a number"
                )
            )
            return None
        if float(number).is_integer():
            return int(number)
        if column in WHOLE_COLUMNS:
            problems.append(
                _cell_problem(
                    sheet,
                    cell,
                    f"{column} phải là số nguyên, không phải {value}",
                    f"{column} must be a whole number, not {value}",
                )
            )
            return None
        return number
    if column in FLAG_COLUMNS:
        text = str(value).strip().lower()
        if text in ("true", "1", "yes", "có", "x"):
            return True
        if text in ("false", "0", "no", "không"):
            return False
        problems.append(
            _cell_problem(
                sheet,
                cell,
                f"{column} phải là có/không (true/false), không phải «{value}»",
                f"{column} must be yes/no (true/false), not '{value}'",
            )
        )
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 1 rather than 1.0
    return str(value).strip()


def read_xlsx(content: bytes) -> Definition:
    """The definition in a workbook laid out as the template is (``framework_template``)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FrameworkFileError(
            [
                _whole(
                    f"Không mở được bảng tính XLSX ({type(error).__name__}).",
                    f"The XLSX workbook cannot be opened ({type(error).__name__}).",
                )
            ]
        ) from error
    problems: list[FileProblem] = []
    known = (*KEY_VALUE_SHEETS, *TABLE_SHEETS)
    for name in workbook.sheetnames:
        if name not in known and not name.startswith("_"):
            problems.append(
                FileProblem(
                    f"trang tính «{name}»",
                    f"sheet '{name}'",
                    "trang tính không có trong mẫu (các trang: " + ", ".join(known) + ")",
                    "a sheet the template does not have (its sheets: " + ", ".join(known) + ")",
                )
            )
    for name in REQUIRED_SHEETS:
        if name not in workbook.sheetnames:
            problems.append(
                _whole(f"Thiếu trang tính «{name}».", f"The sheet '{name}' is missing.")
            )
    if problems:
        raise FrameworkFileError(problems)

    def rows(name: str) -> list[tuple[int, tuple]]:
        if name not in workbook.sheetnames:
            return []
        return [
            (number, row)
            for number, row in enumerate(workbook[name].iter_rows(values_only=True), start=1)
            if any(v is not None and str(v).strip() for v in row)
        ]

    places: dict[tuple[str, str], str] = {}  # (sheet, field) -> the cell of its value

    def key_values(name: str, fields: tuple[str, ...]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for number, row in rows(name):
            key = str(row[0]).strip() if row and row[0] is not None else ""
            if number == 1 and key.lower() in ("field", "trường"):
                continue  # the header row
            if key not in fields:
                problems.append(
                    _cell_problem(
                        name,
                        f"A{number}",
                        f"«{key}» không phải là một trường của trang này ({', '.join(fields)})",
                        f"'{key}' is not a field of this sheet ({', '.join(fields)})",
                    )
                )
                continue
            if key in data:
                problems.append(
                    _cell_problem(
                        name, f"A{number}", f"trường «{key}» lặp lại", f"'{key}' appears twice"
                    )
                )
            places[(name, key)] = f"B{number}"
            value = _convert(row[1] if len(row) > 1 else None, key, name, f"B{number}", problems)
            if value is not None:
                data[key] = value
        return data

    letters: dict[tuple[str, str], str] = {}  # (sheet, column) -> its letter, for the places

    def table(name: str) -> list[tuple[int, dict[str, Any]]]:
        found = rows(name)
        if not found:
            return []
        header_number, header = found[0]
        columns: list[str | None] = []
        for index, title in enumerate(header, start=1):
            column = str(title).strip() if title is not None else ""
            if column and column not in TABLE_SHEETS[name]:
                problems.append(
                    _cell_problem(
                        name,
                        f"{get_column_letter(index)}{header_number}",
                        f"cột «{column}» không có trong mẫu ({', '.join(TABLE_SHEETS[name])})",
                        f"the column '{column}' is not in the template "
                        f"({', '.join(TABLE_SHEETS[name])})",
                    )
                )
                column = ""
            if column:
                letters[(name, column)] = get_column_letter(index)
            columns.append(column or None)
        items = []
        required = REQUIRED_COLUMNS.get(name, ())
        for number, row in found[1:]:
            item: dict[str, Any] = {}
            for index, (heading, value) in enumerate(zip(columns, row, strict=False), start=1):
                if heading is None:
                    continue
                column = heading
                cell = f"{get_column_letter(index)}{number}"
                before = len(problems)
                converted = _convert(value, column, name, cell, problems)
                if converted is not None:
                    item[column] = converted
                elif len(problems) > before:
                    item[column] = value  # unreadable, and said so: not "empty" as well
            for column in required:
                if column not in item and column != PARENT_COLUMN.get(name):  # named below
                    cell = f"{letters.get((name, column), '?')}{number}"
                    problems.append(
                        _cell_problem(
                            name,
                            cell,
                            f"thiếu giá trị bắt buộc của cột «{column}»",
                            f"the required column '{column}' is empty",
                        )
                    )
            items.append((number, item))
        return items

    def parent(sheet: str, number: int, item: dict, key: str, parents: dict) -> dict | None:
        """The item's parent row, by the code in its column ``key``."""
        sheet_of, vi, en = PARENTS[key]
        cell = f"{letters.get((sheet, key), 'A')}{number}"
        code = item.pop(key, None)
        if code is None:
            problems.append(
                _cell_problem(
                    sheet, cell, f"thiếu mã {vi} (cột {key})", f"the {en}'s code ({key}) is missing"
                )
            )
            return None
        if str(code) not in parents:
            problems.append(
                _cell_problem(
                    sheet,
                    cell,
                    f"{vi} «{code}» không có trong trang tính «{sheet_of}»",
                    f"{en} '{code}' is not in the sheet '{sheet_of}'",
                )
            )
            return None
        return parents[str(code)]

    definition = key_values("framework", FRAMEWORK_FIELDS)
    for key in ("code", "name_vi", "scoring_method", "max_level"):
        if key not in definition and ("framework", key) in places:
            problems.append(
                _cell_problem(
                    "framework",
                    places[("framework", key)],
                    f"thiếu giá trị bắt buộc của «{key}»",
                    f"the required value of '{key}' is empty",
                )
            )
        elif key not in definition:
            problems.append(
                FileProblem(
                    "trang tính «framework»",
                    "sheet 'framework'",
                    f"thiếu dòng «{key}» (tên trường ở cột A, giá trị ở cột B)",
                    f"the row '{key}' is missing (the field's name in column A, its value in B)",
                )
            )
    definition["level_names"] = [item for _n, item in table("level_names")]
    for name in ("thresholds", "bands", "overall_rules"):
        if name in workbook.sheetnames:
            definition[name] = [item for _n, item in table(name)]
    pillars = []
    by_code: dict[str, dict] = {}
    for _number, item in table("pillars"):
        pillar = {**item, "sub_indices": []}
        pillars.append(pillar)
        by_code[str(item.get("code"))] = pillar
    definition["pillars"] = pillars
    subs: dict[str, dict] = {}
    for number, item in table("sub_indices"):
        in_pillar = parent("sub_indices", number, item, "pillar", by_code)
        sub = {**item, "criteria": []}
        subs[str(item.get("code"))] = sub
        if in_pillar is not None:
            in_pillar["sub_indices"].append(sub)
    for number, item in table("criteria"):
        in_sub = parent("criteria", number, item, "sub_index", subs)
        if in_sub is not None:
            in_sub["criteria"].append(item)
    if "questions" in workbook.sheetnames or "questionnaire" in workbook.sheetnames:
        questionnaire = key_values("questionnaire", QUESTIONNAIRE_FIELDS)
        questions: dict[str, dict] = {}
        for _number, item in table("questions"):
            questions[str(item.get("criterion"))] = {**item, "options": []}
        for number, item in table("options"):
            question = parent("options", number, item, "criterion", questions)
            if question is not None:
                question["options"].append(item)
        questionnaire["questions"] = list(questions.values())
        if len(questionnaire) > 1 or questions:  # the template's empty sheets ask nothing
            definition["questionnaire"] = questionnaire
    if problems:
        raise FrameworkFileError(problems)
    return definition


# --- a one-line outline, per method ----------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:g}"


def definition_outline(definition: Definition) -> str:
    """Counts and the method's own maxima and units, for ``check_catalog`` and the preview.

    The 2021 index: points per pillar and in all. The readiness index: the answer scale, the
    pillar weights and the R thresholds. The large index: criteria per dimension against the
    decision's counts, and the percent thresholds."""
    from . import scoring
    from .catalog import definition_summary

    s = definition_summary(definition)
    counts = f"{s['pillars']} pillars, {s['sub_indices']} sub-indices, {s['criteria']} criteria"
    method = definition["scoring_method"]
    pillars = definition.get("pillars", [])
    thresholds = sorted(definition.get("thresholds", []), key=lambda t: t["level"])
    froms = "/".join(_number(t["from"]) for t in thresholds)
    if method == scoring.READINESS_MEDIAN_2023:
        weights = [p.get("weight_percent", 0) for p in pillars]
        return (
            f"{counts}, answers {definition.get('min_level', 0)}..{definition['max_level']}, "
            f"weights {'/'.join(str(w) for w in weights)} = {sum(weights)} %, "
            f"R {definition.get('min_level', 0)}..{definition['max_level']}, "
            f"levels from R {froms}"
        )
    if method == scoring.DEPARTMENT_MEANS_2023:
        found = [sum(len(sub.get("criteria", [])) for sub in p["sub_indices"]) for p in pillars]
        expected = [p.get("expected_criteria") for p in pillars]
        decision = (
            f" (the decision gives {'/'.join(str(e) for e in expected)} = "
            f"{sum(e for e in expected if e)})"
            if any(e is not None for e in expected)
            else ""
        )
        return (
            f"{counts}: {'/'.join(str(n) for n in found)} per dimension{decision}, "
            f"rated 0..100 % per department, levels from {froms} %"
        )
    maxima = "/".join(str(m) for m in s["pillar_max"])
    return f"{counts}, maxima {maxima} = {s['total_max']}"


# --- writing a workbook (the template, or a definition as XLSX) ------------------------------

FIELD_HELP = {
    "code": ("mã bộ chỉ số: chữ thường, số, gạch ngang", "the framework's code: a-z, 0-9, -"),
    "version": ("1 cho bộ mới; lớn hơn phiên bản đã xuất bản", "1 when new; above the published"),
    "audience": ("sme hoặc large", "sme or large"),
    "scoring_method": (
        "sme-bands-2021, readiness-median-2023 hoặc department-means-2023",
        "sme-bands-2021, readiness-median-2023 or department-means-2023",
    ),
    "min_level": ("mức thấp nhất của câu trả lời", "the lowest level of an answer"),
    "max_level": ("mức cao nhất", "the highest level"),
    "max_points": ("tổng điểm tối đa (chỉ 2021)", "the maximum total (2021 only)"),
    "label": ("mã phiên bản câu hỏi (slug)", "the questions version's label (a slug)"),
    "number": ("số phiên bản câu hỏi; để trống: số kế tiếp", "its number; empty: the next"),
    "current": ("có: dùng cho đánh giá mới", "yes: new assessments use it"),
}


def write_xlsx(definition: Definition | None = None) -> bytes:
    """A workbook in the layout ``read_xlsx`` reads: the blank template (headers, and what each
    framework field means) when ``definition`` is None, else the definition itself."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    definition = definition or {}
    workbook = Workbook()
    bold = Font(bold=True)
    sheet = workbook.active
    sheet.title = "framework"
    sheet.append(["field", "value", "giải thích", "explanation"])
    for key in FRAMEWORK_FIELDS:
        vi, en = FIELD_HELP.get(key, ("", ""))
        sheet.append([key, definition.get(key), vi, en])
    questionnaire = definition.get("questionnaire") or {}
    tables: dict[str, list[dict]] = {
        "level_names": definition.get("level_names", []),
        "thresholds": definition.get("thresholds", []),
        "bands": definition.get("bands", []),
        "overall_rules": definition.get("overall_rules", []),
        "pillars": definition.get("pillars", []),
        "sub_indices": [
            {**s, "pillar": p["code"]}
            for p in definition.get("pillars", [])
            for s in p.get("sub_indices", [])
        ],
        "criteria": [
            {**c, "sub_index": s["code"]}
            for p in definition.get("pillars", [])
            for s in p.get("sub_indices", [])
            for c in s.get("criteria", [])
        ],
        "questions": questionnaire.get("questions", []),
        "options": [
            {**o, "criterion": q["criterion"]}
            for q in questionnaire.get("questions", [])
            for o in q.get("options", [])
        ],
    }
    questionnaire_sheet = workbook.create_sheet("questionnaire")
    questionnaire_sheet.append(["field", "value", "giải thích", "explanation"])
    for key in QUESTIONNAIRE_FIELDS:
        vi, en = FIELD_HELP.get(key, ("", ""))
        value = questionnaire.get(key)
        questionnaire_sheet.append(
            [key, ("có" if value else "không") if isinstance(value, bool) else value, vi, en]
        )
    for name, columns in TABLE_SHEETS.items():
        table = workbook.create_sheet(name)
        table.append(list(columns))
        for item in tables[name]:
            table.append([item.get(column) for column in columns])
    for each in workbook.worksheets:
        for cell in each[1]:
            cell.font = bold
        each.freeze_panes = "A2"
        for letter in "ABCDEFGHIJ":
            each.column_dimensions[letter].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
