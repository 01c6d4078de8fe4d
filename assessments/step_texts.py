"""What each step of the review chain is called, what confirming it does, and the message that
ends it (what happened, and what comes next): said once, for the assessment page, the step's
confirmation page and the message after it."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RETURN = "return"

LABELS: dict[str, Promise] = {
    "submit": _("Nộp hồ sơ"),
    "consultant_start": _("Bắt đầu đánh giá (tư vấn)"),
    "consultant_finish": _("Hoàn tất, chuyển Sở"),
    "province_start": _("Sở bắt đầu xem xét"),
    "province_approve": _("Sở phê duyệt"),
    "ministry_start": _("Bộ bắt đầu thẩm định"),
    "ministry_appraise": _("Hoàn tất thẩm định"),
    RETURN: _("Trả lại doanh nghiệp"),
}

# The steps asked for confirmation first (the others only open a column).
GUARDED: frozenset[str] = frozenset(
    {"submit", "consultant_finish", "province_approve", "ministry_appraise", RETURN}
)

WHAT_IT_DOES: dict[str, Promise] = {
    "submit": _(
        "Hồ sơ được gửi đi xem xét; cột của doanh nghiệp không sửa được nữa, trừ khi hồ sơ "
        "được trả lại."
    ),
    "consultant_finish": _(
        "Cột tư vấn được khóa và hồ sơ chuyển cho Sở xem xét; tư vấn không sửa được nữa."
    ),
    "province_approve": _(
        "Cột Sở được khóa và hồ sơ chuyển lên Bộ thẩm định; Sở không sửa được nữa."
    ),
    "ministry_appraise": _(
        "Cột Bộ được khóa: đó là kết quả được công nhận, kết quả mà chứng nhận ghi."
    ),
    RETURN: _(
        "Hồ sơ trở về doanh nghiệp để sửa và nộp lại; nhận xét của bạn hiện ở đầu trang hồ sơ."
    ),
}

DONE: dict[str, Promise] = {
    "submit": _("Đã nộp hồ sơ. Tiếp theo: tư vấn/Sở xem xét; bạn sẽ được thông báo."),
    "consultant_start": _(
        "Đã bắt đầu đánh giá. Tiếp theo: chấm cột tư vấn, rồi bấm “Hoàn tất, chuyển Sở”."
    ),
    "consultant_finish": _(
        "Đã hoàn tất đánh giá của tư vấn, hồ sơ đã chuyển Sở. Tiếp theo: Sở xem xét và phê "
        "duyệt; doanh nghiệp sẽ được thông báo."
    ),
    "province_start": _(
        "Sở đã bắt đầu xem xét. Tiếp theo: chấm cột Sở (hoặc đánh dấu “không đánh giá” kèm lý "
        "do), rồi bấm “Sở phê duyệt”."
    ),
    "province_approve": _(
        "Sở đã phê duyệt hồ sơ. Tiếp theo: Bộ thẩm định; doanh nghiệp sẽ được thông báo."
    ),
    "ministry_start": _(
        "Bộ đã bắt đầu thẩm định; cột Bộ bắt đầu từ mức của các cột trước. Tiếp theo: điều "
        "chỉnh mức cần thiết (kèm lý do), rồi bấm “Hoàn tất thẩm định”."
    ),
    "ministry_appraise": _(
        "Đã hoàn tất thẩm định; kết quả của Bộ là kết quả được công nhận. Tiếp theo: Bộ cấp "
        "chứng nhận; doanh nghiệp sẽ được thông báo."
    ),
    RETURN: _(
        "Đã trả hồ sơ lại doanh nghiệp kèm nhận xét. Tiếp theo: doanh nghiệp sửa và nộp lại; "
        "doanh nghiệp sẽ được thông báo."
    ),
}
