"""The assessment report PDF as a reader sees it: its text (pdftotext), page count (pdfinfo),
fonts (pdffonts) and images (pdfimages).

Pure renderers: the facts are built in code, no database."""

import datetime
import shutil

import pytest

from assessments import scoring
from assessments.catalog import read_definition
from assessments.versions import version_paths
from reports.assessment_report.facts import COLUMNS, definition_with_version, report_facts_from
from reports.assessment_report.pdf import report_pdf

from ..pdf_text import page_count, run, text_of

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm")),
    reason="poppler-utils is not installed (scripts/system-deps.sh test)",
)

NAME = "Công ty TNHH Thương mại Đồng Tháp Ánh Dương"


def version_file(label: str) -> dict:
    return next(
        read_definition(path)
        for path in version_paths("dbi-sme-2021")
        if read_definition(path)["label"] == label
    )


@pytest.fixture(scope="module")
def guidance(sme_definition) -> dict:
    """The framework as the portal's guidance version asks it (one answer per level)."""
    return definition_with_version(sme_definition, version_file("guidance-2021"))


@pytest.fixture(scope="module")
def national(sme_definition) -> dict:
    """The framework as the national form asks it (26 criteria asked as figures)."""
    return definition_with_version(sme_definition, version_file("official-2021"))


def criterion_codes(definition: dict) -> list[str]:
    return [
        c["code"] for p in definition["pillars"] for s in p["sub_indices"] for c in s["criteria"]
    ]


def criteria_of(definition: dict) -> dict[str, dict]:
    return {
        c["code"]: c for p in definition["pillars"] for s in p["sub_indices"] for c in s["criteria"]
    }


def four_columns(definition: dict) -> dict[str, dict[str, int]]:
    """Self 3 everywhere; the consultant 3 but 2 on pillar 5; the province as the consultant;
    the ministry as the province but 0–1 on pillar 5 and 1 on criterion 6.1.2."""
    codes = criterion_codes(definition)
    self_column = dict.fromkeys(codes, 3)
    consultant = {c: 2 if c.startswith("5.") else 3 for c in codes}
    ministry = {c: (1 if c < "5.2" else 0) if c.startswith("5.") else 3 for c in codes}
    ministry["6.1.2"] = 1
    return {
        "self": self_column,
        "consultant": consultant,
        "province": dict(consultant),
        "ministry": ministry,
    }


def report_facts(definition: dict, ratings: dict | None = None):
    return report_facts_from(
        definition=definition,
        ratings=four_columns(definition) if ratings is None else ratings,
        enterprise_name=NAME,
        tax_code="0312345675",
        province_name="Đồng Tháp",
        period=2026,
        generated_on=datetime.date(2026, 11, 24),
        authority_name_vi="Bộ Khoa học và Công nghệ",
        authority_name_en="Ministry of Science and Technology",
    )


def test_report_facts_score_each_column_and_analyse_the_ministry_column(guidance):
    facts = report_facts(guidance)
    assert [c.key for c in facts.columns] == list(COLUMNS)
    assert all(c.answered == 60 for c in facts.columns)
    assert facts.column("self").result.total == 3 * 60 + 4 * 3  # 2.1.1 is worth 5 per level
    assert facts.gap_column == "ministry"
    ministry = facts.column("ministry").result
    assert facts.gap_result == ministry
    # The weakest pillar is 5 (levels 1 and 0), then 6 (one criterion at 1, the rest at 3).
    assert [w.code for w in facts.weakest] == ["5", "6"]
    first_step = facts.weakest[0].steps[0]
    assert (first_step.criterion_code, first_step.level, first_step.next_level) == ("5.2.1", 0, 1)
    option = criteria_of(guidance)["5.2.1"]["options"][1]
    assert (first_step.guidance_vi, first_step.guidance_en) == (
        option["label_vi"],
        option["label_en"],
    )
    assert facts.weakest[1].steps[0].criterion_code == "6.1.2"
    row = next(c for c in facts.criteria if c.code == "5.1.1")
    assert row.levels == (3, 2, 2, 1)


def test_report_facts_fall_back_to_the_most_authoritative_column_with_ratings(sme_definition):
    columns = four_columns(sme_definition)
    facts = report_facts(sme_definition, {"self": columns["self"], "province": columns["province"]})
    assert facts.gap_column == "province"
    assert facts.column("ministry").result is None
    assert facts.column("ministry").answered == 0
    assert facts.column("consultant").result is None
    empty = report_facts(sme_definition, {})
    assert (empty.gap_column, empty.gap_result, empty.weakest) == (None, None, ())


def test_report_facts_refuse_unknown_columns_and_bad_levels(sme_definition):
    with pytest.raises(ValueError, match="unknown columns: bank"):
        report_facts(sme_definition, {"bank": {}})
    with pytest.raises(scoring.LevelsError) as refused:
        report_facts(sme_definition, {"self": {"1.1.1": 9, "9.9.9": 1}})
    assert set(refused.value.problems) == {"1.1.1", "9.9.9"}


@pytest.fixture(scope="module")
def vietnamese_report(guidance) -> bytes:
    return report_pdf(report_facts(guidance))


def test_report_shows_four_columns_criteria_gap_analysis_and_next_steps(
    vietnamese_report, guidance
):
    text = text_of(vietnamese_report)
    assert NAME in text
    for heading in ("Doanh nghiệp tự đánh giá", "Tư vấn đánh giá", "Sở đánh giá", "Bộ đánh giá"):
        assert heading in text
    criteria = criteria_of(guidance)
    assert criteria["1.1.1"]["text_vi"] in text  # "Tần suất doanh nghiệp cập nhật website riêng"
    assert "Phân tích khoảng cách" in text
    assert "Việc cần làm tiếp theo" in text
    assert criteria["5.2.1"]["options"][1]["label_vi"] in text  # the next level's guidance
    for pillar in guidance["pillars"]:
        assert pillar["name_vi"] in text
    assert page_count(vietnamese_report) > 1


def test_report_draws_the_radar_chart_as_vectors_on_its_first_page(vietnamese_report, tmp_path):
    first_page = text_of(vietnamese_report, 1)
    # The chart's axis labels are text drawn from its SVG; the criteria table, whose pillar
    # headings also say "Trụ cột", starts on a later page.
    for code in "123456":
        assert f"Trụ cột {code}" in first_page
    assert "Tần suất doanh nghiệp cập nhật website riêng" not in first_page
    (tmp_path / "report.pdf").write_bytes(vietnamese_report)
    images = run("pdfimages", "-list", str(tmp_path / "report.pdf")).splitlines()[2:]
    assert images == []  # drawn as paths, not pasted in as a bitmap


def test_report_uses_only_the_bundled_fonts(vietnamese_report):
    fonts = run("pdffonts", "-", data=vietnamese_report).splitlines()[2:]
    assert fonts
    assert all("Be-Vietnam-Pro" in line and " yes yes yes " in line for line in fonts), fonts


def test_report_with_no_ratings_says_so(sme_definition):
    text = text_of(report_pdf(report_facts(sme_definition, {})))
    assert "Chưa có cột nào được chấm điểm." in text
    assert "Chưa đánh giá" in text


def test_english_report_has_english_column_headings_and_criteria(sme_definition):
    text = text_of(report_pdf(report_facts(sme_definition), language="en"))
    for heading in (
        "Self-assessment",
        "Consultant assessment",
        "Department assessment",
        "Ministry assessment",
    ):
        assert heading in text
    assert criteria_of(sme_definition)["1.1.1"]["text_en"] in text
    assert "Gap analysis" in text
    assert "Overall level" in text


# The national form: figures, their computation, and the share the next level needs.


def national_columns(definition: dict) -> dict[str, dict[str, int]]:
    """Every column at 3 but the ministry's pillar 5: 5.1.x at 1 and 5.2.x at 2, so its
    weakest criteria are 5.1.1–5.1.4, asked as figures over the total staff."""
    codes = criterion_codes(definition)
    ministry = {c: (1 if c < "5.2" else 2) if c.startswith("5.") else 3 for c in codes}
    return {"self": dict.fromkeys(codes, 3), "ministry": ministry}


# The ministry's figures: 12 of 40 for 1.1.3 (30 %: level 3), 10 of 100 staff for 5.1.1 (10 %).
MINISTRY_FIGURES = {"c1_1_3_num": 12, "c1_1_3_den": 40, "c5_1_1_num": 10, "staff_total": 100}


def national_facts(definition: dict, figures=None, direct=None):
    return report_facts_from(
        definition=definition,
        ratings=national_columns(definition),
        figures={"self": {"c1_1_3_num": 1, "c1_1_3_den": 2}, "ministry": MINISTRY_FIGURES}
        if figures is None
        else figures,
        direct=direct or {},
        enterprise_name=NAME,
        tax_code="0312345675",
        province_name="Đồng Tháp",
        period=2026,
        generated_on=datetime.date(2026, 11, 24),
    )


def test_a_figures_criterion_has_the_reference_columns_figures_and_computation(national):
    facts = national_facts(national)

    row = next(c for c in facts.criteria if c.code == "1.1.3")
    assert row.figures.numerator.value == 12  # the ministry's, not the enterprise's 1 of 2
    assert row.figures.denominator.value == 40
    assert (row.figures.computation.level, row.figures.computation.percent) == (3, 30)
    unanswered = next(c for c in facts.criteria if c.code == "1.1.4")
    assert unanswered.figures.computation is None
    assert next(c for c in facts.criteria if c.code == "1.1.1").figures is None
    assert facts.version_number == 2
    assert facts.version_name_vi == "Phiếu khảo sát quốc gia (2021)"


def test_next_steps_of_a_figures_criterion_name_the_share_the_next_level_needs(national):
    facts = national_facts(national)

    steps = {s.criterion_code: s for w in facts.weakest for s in w.steps}
    step = steps["5.1.1"]
    assert (step.level, step.next_level, step.min_percent) == (1, 2, 20)
    assert step.guidance_vi == ""  # no answer option: the threshold says what to reach


@pytest.fixture(scope="module")
def national_report(national) -> bytes:
    return report_pdf(national_facts(national, direct={"ministry": {"1.1.4": "Theo hợp đồng"}}))


def test_the_report_names_the_version_and_shows_the_figures_and_computations(
    national_report, national
):
    text = text_of(national_report)

    assert "Bộ câu hỏi Phiên bản 2: Phiếu khảo sát quốc gia (2021)" in text
    assert "Tiêu chí tính từ số liệu" in text
    assert "Số liệu của cột Bộ đánh giá" in text
    labels = {f["key"]: f["label_vi"] for f in version_file("official-2021")["figures"]}
    assert f"{labels['c1_1_3_num']}: 12" in text
    assert f"{labels['c1_1_3_den']}: 40" in text
    assert "12 / 40 = 30 % → mức 3" in text
    assert "Người đánh giá đặt mức trực tiếp: Theo hợp đồng" in text


def test_the_reports_next_steps_say_the_share_needed_instead_of_an_answer(national_report):
    text = text_of(national_report)
    labels = {f["key"]: f["label_vi"] for f in version_file("official-2021")["figures"]}

    expected = (
        f"Mức 2 cần {labels['c5_1_1_num']} đạt từ 20 % của {labels['staff_total']} trở lên. "
        "Hiện nay: 10 %."
    )
    assert " ".join(expected.split()) in text


def test_the_english_report_shows_the_figures_in_english(national):
    text = text_of(report_pdf(national_facts(national), language="en"))

    assert "Version 2: National survey form (2021)" in text
    assert "12 / 40 = 30 % → level 3" in text
    assert "Level 2 needs" in text
