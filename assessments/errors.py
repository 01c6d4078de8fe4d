"""The assessments app's refusals (``dbi_portal.refusals``): each code with its kind and message,
declared here once; the services raise them with ``refuse(code)``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dbi_portal.refusals import CONFLICT, INVALID, NOT_ALLOWED, NOT_FOUND, Code, Refusal

# Starting an assessment (services/assessments.py).
NOT_A_MEMBER = Code(
    "not_a_member", NOT_ALLOWED, _("Chỉ thành viên doanh nghiệp được tạo hồ sơ đánh giá.")
)
ALREADY_EXISTS = Code(
    "already_exists", CONFLICT, _("Doanh nghiệp đã có hồ sơ đánh giá năm %(period)s.")
)
# The start page (assessment_views.assessment_start) asks selectors.frameworks_offered.
FRAMEWORK_NOT_OFFERED = Code(
    "framework_not_offered",
    CONFLICT,
    _(
        "Bộ chỉ số “%(framework)s” không được mở cho doanh nghiệp trong năm %(period)s: Bộ chưa "
        "mở bộ chỉ số này cho năm đó, hoặc bộ chỉ số không dành cho quy mô của doanh nghiệp."
    ),
)
FRAMEWORK_NOT_ASSESSABLE = Code(
    "framework_not_assessable",
    CONFLICT,
    _("Bộ chỉ số “%(framework)s” chưa dùng được để đánh giá. %(reason)s"),
)

# Opening frameworks for a year (services/openings.py).
NOT_MINISTRY_STAFF = Code(
    "not_ministry_staff", NOT_ALLOWED, _("Chỉ cán bộ Bộ được mở hoặc đóng bộ chỉ số theo năm.")
)
BAD_PERIOD = Code("bad_period", INVALID, _("Năm đánh giá phải từ 2021 đến 2100."), field="period")
FRAMEWORK_INACTIVE = Code(
    "framework_inactive", CONFLICT, _("Bộ chỉ số này không còn áp dụng nên không mở được.")
)

# Saving a rating (services/ratings.py) or evidence (services/evidence.py) in a column.
NOT_YOUR_COLUMN = Code("not_your_column", NOT_ALLOWED, _("Bạn không có quyền chấm cột này."))
COLUMN_CLOSED = Code(
    "column_closed", CONFLICT, _("Cột này không sửa được ở trạng thái hiện tại của hồ sơ.")
)
STALE = Code(
    "stale",
    CONFLICT,
    _(
        "Tiêu chí này vừa được người khác sửa. Hãy tải lại để xem mức mới trước khi lưu; "
        "lựa chọn của bạn chưa được lưu."
    ),
)
REASON_MISSING = Code("reason_missing", INVALID, _("Cần ghi lý do cho mỗi thay đổi của Bộ."))
NOT_ASSESSED_REASON_MISSING = Code(
    "not_assessed_reason_missing",
    INVALID,
    _("Hãy ghi lý do không đánh giá tiêu chí này."),
    field="not_assessed_reason",
)
NOT_ASSESSED_NOT_HERE = Code(
    "not_assessed_not_here",
    INVALID,
    _("Chỉ cột tư vấn và cột Sở được đánh dấu một tiêu chí là “không đánh giá”."),
    field="not_assessed",
)
BAD_LEVEL = Code("bad_level", INVALID, _("Mức không hợp lệ."), field="level")
# Copying an earlier column's level (services/ratings.py rating_copy).
NOTHING_TO_COPY = Code(
    "nothing_to_copy", CONFLICT, _("Chưa có cột nào trước cột này chấm tiêu chí này.")
)

# The large-enterprise index, answered by department (services/departments.py).
NOT_BY_DEPARTMENT = Code(
    "not_by_department", CONFLICT, _("Bộ chỉ số của hồ sơ này không đánh giá theo bộ phận.")
)
DEPARTMENT_NAME_EMPTY = Code(
    "department_name_empty", INVALID, _("Hãy nhập tên bộ phận."), field="name"
)
DEPARTMENT_NAME_TOO_LONG = Code(
    "department_name_too_long",
    INVALID,
    _("Tên bộ phận dài quá %(max)s ký tự."),
    field="name",
)
DEPARTMENT_NAME_TAKEN = Code(
    "department_name_taken",
    CONFLICT,
    _("Hồ sơ đã có bộ phận “%(name)s”; hãy đặt tên khác."),
    field="name",
)
DEPARTMENT_NOT_FOUND = Code(
    "department_not_found", NOT_FOUND, _("Không có bộ phận này trong hồ sơ.")
)
UNKNOWN_CRITERION = Code(
    "unknown_criterion", INVALID, _("Tiêu chí không thuộc bộ chỉ số của hồ sơ này.")
)
BAD_PERCENT = Code(
    "bad_percent",
    INVALID,
    _("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100 (hoặc đánh dấu “Không liên quan”)."),
    field="percent",
)

# Figures (services/figures.py) and the levels they give.
FIGURES_ONLY = Code(
    "figures_only",
    INVALID,
    _("Mức của tiêu chí này được tính từ số liệu; hãy nhập số liệu thay vì chọn mức."),
    field="level",
)
NOTE_FOR_DIRECT_LEVEL = Code(
    "note_for_direct_level",
    INVALID,
    _("Khi đặt mức trực tiếp thay cho số liệu, hãy ghi chú lý do."),
    field="note",
)
# These three name the figure they are about under ``fields.figures.<key>`` (the API's input).
UNKNOWN_FIGURE = Code(
    "unknown_figure", INVALID, _("Số liệu không thuộc bộ câu hỏi này."), field="figures"
)
BAD_FIGURE = Code(
    "bad_figure",
    INVALID,
    _("Số liệu phải là số nguyên không âm (đồng hoặc số lượng), không quá 10^15."),
    field="figures",
)
NUMERATOR_ABOVE_DENOMINATOR = Code(
    "numerator_above_denominator",
    INVALID,
    _("Tiêu chí %(code)s: %(numerator)s lớn hơn %(denominator)s."),
    field="figures",
)
# The file is not one evidence may be (the message says what is accepted: evidence_files.py).
BAD_FILE = Code("bad_file", INVALID, field="file")

# The review chain (services/transitions.py).
WRONG_STATE = Code(
    "wrong_state",
    CONFLICT,
    _("Hồ sơ không ở bước cho phép thao tác này; hãy tải lại trang."),
)
NOT_YOUR_STEP = Code(
    "not_your_step", NOT_ALLOWED, _("Bạn không có quyền thực hiện bước này của hồ sơ.")
)
INCOMPLETE = Code("incomplete", CONFLICT, _("Còn %(n)s tiêu chí chưa tự đánh giá: %(codes)s."))
REVIEW_INCOMPLETE = Code(
    "review_incomplete",
    CONFLICT,
    _(
        "Còn %(n)s tiêu chí chưa chấm ở cột %(column)s: %(codes)s. Hãy chấm, hoặc đánh dấu "
        "“Không đánh giá” kèm lý do."
    ),
)
COMMENT_REQUIRED = Code(
    "comment_required", INVALID, _("Cần ghi nhận xét khi trả lại hồ sơ cho doanh nghiệp.")
)


class IncompleteAssessment(Refusal):
    """Submission needs every self rating; ``missing`` lists the criterion codes without one
    (the API gives them as ``fields.missing``)."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            INCOMPLETE,
            INCOMPLETE.message % {"n": len(missing), "codes": ", ".join(missing)},
            fields={"missing": missing},
        )


class IncompleteReview(Refusal):
    """A consultant's or the province's column is finished or approved only when each criterion
    is rated or marked not assessed; ``missing`` lists the others (``fields.missing``)."""

    def __init__(self, missing: list[str], column_label: str):
        self.missing = missing
        super().__init__(
            REVIEW_INCOMPLETE,
            REVIEW_INCOMPLETE.message
            % {"n": len(missing), "column": column_label, "codes": ", ".join(missing)},
            fields={"missing": missing},
        )


# The unscored survey (services/survey.py): barriers, self-perception and support needs.
UNKNOWN_STATEMENT = Code(
    "unknown_statement",
    INVALID,
    _("Nhận định không thuộc bộ câu hỏi khảo sát của hồ sơ này."),
    field="answers",
)
BAD_SURVEY_VALUE = Code(
    "bad_survey_value",
    INVALID,
    _("Hãy chọn một mức từ 1 đến 5 (hoặc bỏ trống)."),
    field="answers",
)
UNKNOWN_NEED = Code(
    "unknown_need",
    INVALID,
    _("Nhu cầu hỗ trợ không thuộc bộ câu hỏi khảo sát của hồ sơ này."),
    field="needs",
)
NEED_TEXT_MISSING = Code(
    "need_text_missing", INVALID, _("Hãy ghi rõ nhu cầu hỗ trợ khác."), field="needs"
)
NEED_TEXT_TOO_LONG = Code(
    "need_text_too_long",
    INVALID,
    _("Nội dung nhu cầu khác dài quá %(max)s ký tự."),
    field="needs",
)

# Scoring a framework whose criteria are not imported yet (the score API and CLI).
NOT_ASSESSABLE = Code(
    "not_assessable",
    CONFLICT,
    _("Chưa chấm điểm được theo bộ chỉ số %(framework)s: các tiêu chí của nó chưa được nhập."),
)
