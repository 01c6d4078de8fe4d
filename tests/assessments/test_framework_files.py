"""Reading a framework file, JSON or XLSX, into the definition the loader takes
(assessments/framework_files.py, format in fixtures/frameworks/README.md): the shipped files and
the examples read back as they are, a workbook written from a definition reads back as the same
framework, and every problem names its place — a line and column, a key path, a sheet and cell —
in Vietnamese and English."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

from assessments.catalog import definition_problems
from assessments.framework_files import (
    FrameworkFileError,
    read_framework_file,
    read_framework_path,
    write_xlsx,
)

BASE = Path(settings.BASE_DIR)
FRAMEWORKS = sorted((BASE / "fixtures" / "frameworks").glob("*.json"))
EXAMPLES = sorted((BASE / "docs" / "examples").glob("*.json"))
EXAMPLE_2025 = BASE / "docs" / "examples" / "example-framework-2025.json"


def problems_of(content: bytes, name: str = "") -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        read_framework_file(content, name=name)
    with translation.override("en"):
        english = [str(p) for p in caught.value.problems]
    with translation.override("vi"):
        vietnamese = [str(p) for p in caught.value.problems]
    return english + vietnamese


def as_json(definition: dict) -> bytes:
    return json.dumps(definition, ensure_ascii=False).encode()


def without_empty(data):
    """Empty texts and lists and nulls mean "left out" in the format."""
    if isinstance(data, dict):
        return {
            k: without_empty(v)
            for k, v in data.items()
            if v not in (None, "", []) and not k.startswith("_")
        }
    if isinstance(data, list):
        return [without_empty(v) for v in data]
    return data


def edit_workbook(content: bytes, edit) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("path", FRAMEWORKS + EXAMPLES, ids=lambda p: p.name)
def test_every_shipped_framework_file_and_example_reads_as_it_is(path):
    definition = read_framework_path(path)

    assert definition == json.loads(path.read_text(encoding="utf-8"))
    assert definition_problems({k: v for k, v in definition.items() if k != "questionnaire"}) == []


@pytest.mark.parametrize("path", FRAMEWORKS + EXAMPLES, ids=lambda p: p.name)
def test_a_workbook_written_from_a_framework_reads_back_as_the_same_framework(path):
    definition = json.loads(path.read_text(encoding="utf-8"))

    read_back = read_framework_file(write_xlsx(definition), name="framework.xlsx")

    assert without_empty(read_back) == without_empty(definition)


def test_the_blank_template_has_every_sheet_and_says_what_is_missing():
    template = write_xlsx()

    workbook = load_workbook(io.BytesIO(template))
    assert workbook.sheetnames == [
        "framework",
        "questionnaire",
        "level_names",
        "thresholds",
        "bands",
        "overall_rules",
        "pillars",
        "sub_indices",
        "criteria",
        "questions",
        "options",
    ]
    assert [c.value for c in workbook["criteria"][1]] == [
        "sub_index",
        "code",
        "text_vi",
        "text_en",
        "group_vi",
        "group_en",
        "points_per_level",
    ]
    problems = problems_of(template, "template.xlsx")
    assert "sheet 'framework', cell B2: the required value of 'code' is empty" in problems
    assert "trang tính «framework», ô B2: thiếu giá trị bắt buộc của «code»" in problems


# --- by content, not by name ---


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused():
    problems = problems_of(b"code,name\nx,y\n", "framework.xlsx")

    assert problems == [
        "The file is named .xlsx but its content is not an XLSX workbook.",
        "Tệp có đuôi .xlsx nhưng nội dung không phải một bảng tính XLSX.",
    ]


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")

    problems = problems_of(out.getvalue(), "framework.xlsx")

    assert problems[0].startswith("The XLSX workbook cannot be opened")
    assert problems[1].startswith("Không mở được bảng tính XLSX")


def test_a_workbook_named_json_is_refused():
    problems = problems_of(write_xlsx(), "framework.json")

    assert problems[0] == "The file is named .json but its content is a zip archive (an XLSX?)."


def test_json_that_does_not_parse_names_its_line_and_column():
    problems = problems_of(b'{\n  "code": "x",\n  "name_vi": \n}', "framework.json")

    assert problems == [
        "line 4, column 1: Invalid JSON (Expecting value).",
        "dòng 4, cột 1: JSON không hợp lệ (Expecting value).",
    ]


def test_json_that_is_not_utf8_is_refused():
    problems = problems_of('{"code": "Việt"}'.encode("latin-1", errors="replace")[:-3] + b'\xe9"}')

    assert problems[0].endswith("A JSON file must be encoded in UTF-8.")
    assert problems[0].startswith("byte ")
    assert problems[1].endswith("Tệp JSON phải được mã hóa UTF-8.")


def test_json_that_is_a_list_is_refused():
    assert problems_of(b"[]")[0] == "A JSON framework file must hold one object { … } at the top."


# --- JSON: every shape problem by its key path ---


def test_every_shape_problem_of_a_json_file_is_named_by_its_path():
    definition = json.loads(EXAMPLE_2025.read_text(encoding="utf-8"))
    broken = copy.deepcopy(definition)
    del broken["name_vi"]
    broken["max_level"] = "5"
    broken["pillars"][0]["weight_percent"] = 50.5
    broken["pillars"][1]["sub_indices"][0]["criteria"][1]["text_vn"] = "sai tên"
    del broken["pillars"][2]["sub_indices"][1]["criteria"][0]["text_vi"]
    broken["thresholds"][2]["from"] = "2,75"
    broken["level_names"][1] = "Làm quen"
    broken["questionnaire"]["questions"][3]["options"][0]["level"] = None

    problems = problems_of(as_json(broken))

    assert problems[: len(problems) // 2] == [
        "name_vi: required field missing",
        "max_level: must be a whole number",
        "thresholds[2].from: must be a number",
        "level_names[1]: must be an object { … }",
        "pillars[0] (1).weight_percent: must be a whole number",
        "pillars[1] (2).sub_indices[0] (2.1).criteria[1] (2.1.2).text_vn: "
        "a field the format does not have (a misspelt name?)",
        "pillars[2] (3).sub_indices[1] (3.2).criteria[0] (3.2.1).text_vi: required field missing",
        "questionnaire.questions[3] (1.2.2).options[0].level: required field missing",
    ]
    assert "pillars[0] (1).weight_percent: phải là một số nguyên" in problems


def test_comment_keys_are_allowed():
    definition = json.loads(EXAMPLE_2025.read_text(encoding="utf-8"))
    definition["_note"] = "bản nháp"
    definition["pillars"][0]["_note"] = "xem lại"

    assert read_framework_file(as_json(definition))["_note"] == "bản nháp"


# --- XLSX: every problem by its sheet and cell ---


@pytest.fixture
def workbook_2025() -> bytes:
    return write_xlsx(json.loads(EXAMPLE_2025.read_text(encoding="utf-8")))


def test_every_problem_of_a_workbook_is_named_by_its_sheet_and_cell(workbook_2025):
    def edit(workbook):
        workbook["pillars"]["D2"] = "năm mươi"  # weight_percent
        workbook["pillars"]["F3"] = 2.5  # max_points
        workbook["sub_indices"]["A4"] = "9"  # a pillar that is not there
        workbook["criteria"]["C5"] = None  # text_vi
        workbook["criteria"]["H1"] = "ghi chú"  # a column the template does not have
        workbook["framework"]["A15"] = "colour"  # a field that is not there
        workbook["thresholds"]["B3"] = "hai"
        workbook["options"]["A2"] = "9.9.9"  # a question that is not there
        workbook.create_sheet("notes")

    problems = problems_of(edit_workbook(workbook_2025, edit), "framework.xlsx")

    assert problems[: len(problems) // 2] == [
        "sheet 'notes': a sheet the template does not have (its sheets: framework, "
        "questionnaire, level_names, thresholds, bands, overall_rules, pillars, sub_indices, "
        "criteria, questions, options)",
    ]
    problems = problems_of(
        edit_workbook(workbook_2025, lambda w: (edit(w), w.remove(w["notes"]))), "framework.xlsx"
    )
    english = problems[: len(problems) // 2]
    assert english == [
        "sheet 'framework', cell A15: 'colour' is not a field of this sheet (code, version, "
        "name_vi, name_en, decision_vi, decision_en, audience, scoring_method, min_level, "
        "max_level, max_points, threshold_note_vi, threshold_note_en)",
        "sheet 'thresholds', cell B3: 'hai' is not a number",
        "sheet 'pillars', cell D2: 'năm mươi' is not a number",
        "sheet 'pillars', cell F3: max_points must be a whole number, not 2.5",
        "sheet 'sub_indices', cell A4: pillar '9' is not in the sheet 'pillars'",
        "sheet 'criteria', cell H1: the column 'ghi chú' is not in the template (sub_index, "
        "code, text_vi, text_en, group_vi, group_en, points_per_level)",
        "sheet 'criteria', cell C5: the required column 'text_vi' is empty",
        "sheet 'options', cell A2: question of criterion '9.9.9' is not in the sheet 'questions'",
    ]
    assert "trang tính «pillars», ô D2: «năm mươi» không phải là số" in problems
    assert (
        "trang tính «sub_indices», ô A4: trụ cột «9» không có trong trang tính «pillars»"
        in problems
    )


def test_a_workbook_without_a_required_sheet_names_it(workbook_2025):
    content = edit_workbook(workbook_2025, lambda w: w.remove(w["criteria"]))

    assert problems_of(content, "framework.xlsx")[0] == "The sheet 'criteria' is missing."


def test_numbers_typed_as_text_and_yes_no_in_vietnamese_are_read(workbook_2025):
    def edit(workbook):
        workbook["thresholds"]["B3"] = "2,5"
        workbook["pillars"]["D2"] = "50"
        questionnaire = workbook["questionnaire"]
        for row in questionnaire.iter_rows(min_row=2):
            if row[0].value == "current":
                row[1].value = "không"

    definition = read_framework_file(edit_workbook(workbook_2025, edit), name="f.xlsx")

    assert definition["thresholds"][1] == {"level": 2, "from": 2.5}
    assert definition["pillars"][0]["weight_percent"] == 50
    assert definition["questionnaire"]["current"] is False


def test_a_workbook_keeps_the_order_of_its_rows_and_its_questions_options(workbook_2025):
    definition = read_framework_file(workbook_2025, name="f.xlsx")

    assert [s["code"] for p in definition["pillars"] for s in p["sub_indices"]] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "3.1",
        "3.2",
    ]
    question = definition["questionnaire"]["questions"][0]
    assert question["criterion"] == "1.1.1"
    assert [o["level"] for o in question["options"]] == [1, 2, 3, 4, 5]


def test_a_file_too_large_is_refused():
    assert problems_of(b" " * (5 * 1024 * 1024 + 1))[0] == "The file is larger than 5 MB."
