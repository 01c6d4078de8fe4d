"""The enterprises app's refusals (``dbi_portal.refusals``): each code with its kind and message,
declared here once; ``refuse(code)`` raises one, and pages and the API map its kind to HTTP."""

from django.utils.translation import gettext_lazy as _

from dbi_portal.refusals import CONFLICT, INVALID, NOT_ALLOWED, Code

NOT_A_MEMBER = Code(
    "not_a_member",
    NOT_ALLOWED,
    _("Bạn không phải thành viên đang hoạt động của doanh nghiệp này."),
)
NOT_THE_OWNER = Code(
    "not_the_owner", NOT_ALLOWED, _("Chỉ chủ tài khoản doanh nghiệp được làm việc này.")
)
NOT_ACCREDITED = Code(
    "not_accredited",
    CONFLICT,
    _("Chuyên gia chưa được Bộ công nhận hoặc công nhận đã hết hạn, nên không thể mời."),
)
ALREADY_ENGAGED = Code(
    "already_engaged",
    CONFLICT,
    _("Doanh nghiệp đã mời hoặc đang làm việc với chuyên gia này."),
)
WRONG_STATE = Code(
    "wrong_state",
    CONFLICT,
    _("Thao tác không còn phù hợp với trạng thái hiện tại; hãy tải lại trang."),
)
NOT_YOURS = Code("not_yours", NOT_ALLOWED, _("Bạn không có quyền với mục này."))
INDEPENDENCE_REQUIRED = Code(
    "independence_required",
    INVALID,
    _(
        "Cần cam kết độc lập: không phải người lao động có đóng bảo hiểm của doanh nghiệp "
        "và không phải đơn vị thành viên của doanh nghiệp."
    ),
)
NOT_MINISTRY = Code(
    "not_ministry", NOT_ALLOWED, _("Chỉ cán bộ Bộ được duyệt công nhận chuyên gia.")
)

# Separation of duties (duties.py). A member of the enterprise acting on it as its consultant,
# province or ministry; the message names the duty (``MEMBER_CONFLICT_MESSAGES``).
MEMBER_CONFLICT = Code("member_conflict", NOT_ALLOWED)
# The message of MEMBER_CONFLICT, by ``duties.Duty``.
MEMBER_CONFLICT_MESSAGES = {
    "consultant": _(
        "Bạn là thành viên của doanh nghiệp này nên không thể đánh giá hồ sơ của doanh nghiệp "
        "với tư cách chuyên gia tư vấn độc lập."
    ),
    "province": _(
        "Bạn là thành viên của doanh nghiệp này nên không thể đánh giá, phê duyệt hay trả lại "
        "hồ sơ của doanh nghiệp với tư cách cán bộ Sở."
    ),
    "ministry": _(
        "Bạn là thành viên của doanh nghiệp này nên không thể thẩm định hay trả lại hồ sơ của "
        "doanh nghiệp với tư cách cán bộ Bộ."
    ),
    "certify": _(
        "Bạn là thành viên của doanh nghiệp này nên không thể cấp hay thu hồi chứng nhận của "
        "doanh nghiệp."
    ),
    "engage": _(
        "Bạn là thành viên của doanh nghiệp này nên không thể nhận làm chuyên gia tư vấn độc "
        "lập cho doanh nghiệp."
    ),
}
# The consultant being invited is a member of the enterprise (the inviter did nothing wrong).
CONSULTANT_IS_MEMBER = Code(
    "consultant_is_member",
    CONFLICT,
    _(
        "Chuyên gia này là thành viên của doanh nghiệp nên không thể làm tư vấn độc lập cho "
        "doanh nghiệp."
    ),
)
# The person asking to become a member is the enterprise's consultant.
CONSULTANT_JOINING = Code(
    "consultant_joining",
    CONFLICT,
    _(
        "Người này đang là chuyên gia tư vấn của doanh nghiệp nên không thể trở thành thành "
        "viên; cần kết thúc việc tư vấn trước."
    ),
)
# The province cannot change while an assessment is under review.
PROVINCE_LOCKED = Code(
    "province_locked",
    CONFLICT,
    _(
        "Không thể đổi tỉnh/thành khi hồ sơ đánh giá của doanh nghiệp đang được tư vấn, Sở hoặc "
        "Bộ xem xét; hãy đổi sau khi hồ sơ được thẩm định hoặc trả lại."
    ),
)

# Corporate groups (services/groups.py): who may edit a group's member list, and what it holds.
GROUP_NOT_ALLOWED = Code(
    "group_not_allowed",
    NOT_ALLOWED,
    _(
        "Chỉ chủ tài khoản của doanh nghiệp mẹ, cán bộ Sở của tỉnh/thành phố của doanh nghiệp "
        "hoặc cán bộ Bộ được sửa danh sách công ty thành viên."
    ),
)
GROUP_MEMBER_UNKNOWN = Code(
    "group_member_unknown",
    INVALID,
    _("Không tìm thấy doanh nghiệp đã đăng ký trên cổng với mã số thuế này."),
    field="tax_code",
)
GROUP_OWN_MEMBER = Code(
    "group_own_member",
    INVALID,
    _("Một doanh nghiệp không thể là công ty thành viên của chính nó."),
    field="tax_code",
)
GROUP_MEMBER_TWICE = Code(
    "group_member_twice",
    CONFLICT,
    _("Doanh nghiệp này đã có trong danh sách công ty thành viên; hãy sửa tỷ lệ sở hữu của nó."),
    field="tax_code",
)
GROUP_CYCLE = Code(
    "group_cycle",
    CONFLICT,
    _(
        "Không thể thêm: doanh nghiệp này đang sở hữu (trực tiếp hoặc qua công ty thành viên) "
        "chính doanh nghiệp mẹ, nên sẽ tạo thành vòng sở hữu."
    ),
    field="tax_code",
)
GROUP_SHARE_INVALID = Code(
    "group_share_invalid",
    INVALID,
    _("Tỷ lệ sở hữu là số phần trăm từ 0,01 đến 100, tối đa hai chữ số thập phân (ví dụ 51,5)."),
    field="share",
)
GROUP_CONFIRM_NOT_ALLOWED = Code(
    "group_confirm_not_allowed",
    NOT_ALLOWED,
    _(
        "Chỉ chủ tài khoản của công ty thành viên, cán bộ Sở của tỉnh/thành phố của công ty "
        "hoặc cán bộ Bộ được xác nhận hay từ chối việc công ty thuộc một tập đoàn, công ty mẹ."
    ),
)
