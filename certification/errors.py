"""The certification app's refusals (``dbi_portal.refusals``): each code with its kind and
message, declared here once; the services raise them with ``refuse(code)``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dbi_portal.refusals import CONFLICT, INVALID, NOT_ALLOWED, Code

NOT_ISSUER = Code(
    "not_issuer",
    NOT_ALLOWED,
    _("Chỉ cán bộ Bộ được giao cấp chứng nhận mới được cấp hoặc thu hồi chứng nhận."),
)
NOT_APPRAISED = Code(
    "not_appraised", CONFLICT, _("Chỉ cấp chứng nhận cho hồ sơ đã được Bộ thẩm định.")
)
MINISTRY_INCOMPLETE = Code(
    "ministry_incomplete",
    CONFLICT,
    _(
        "Cột đánh giá của Bộ mới có %(answered)s/%(total)s tiêu chí; chứng nhận ghi kết quả "
        "của Bộ nên cần đủ các tiêu chí."
    ),
)
NO_AUTHORITY = Code(
    "no_authority",
    CONFLICT,
    _("Chưa khai báo tên Bộ áp dụng cho ngày cấp; hãy bổ sung trong trang quản trị."),
)
NO_SIGNER = Code(
    "no_signer",
    CONFLICT,
    _("Chưa khai báo người ký chứng nhận cho ngày cấp; hãy bổ sung trong trang quản trị."),
)
ALREADY_CERTIFIED = Code(
    "already_certified", CONFLICT, _("Hồ sơ này đã có chứng nhận còn hiệu lực.")
)
CHANGED_SINCE_SEEN = Code(
    "changed_since_seen",
    CONFLICT,
    _(
        "Chứng nhận của hồ sơ này đã thay đổi kể từ khi bạn mở trang; hãy xem lại trang chứng "
        "nhận trước khi cấp."
    ),
)
REASON_REQUIRED = Code("reason_required", INVALID, _("Cần ghi lý do thu hồi."), field="reason")
NOT_VALID = Code("not_valid", CONFLICT, _("Chỉ thu hồi được chứng nhận đang còn hiệu lực."))
EMPTY_BATCH = Code("empty_batch", INVALID, _("Hãy chọn ít nhất một hồ sơ."))
