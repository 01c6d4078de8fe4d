"""A refused action, with a message for people and a stable code for the API and tests."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    def __init__(self, code: str, message):
        self.code = code
        self.message = message
        super().__init__(str(message))


NOT_A_MEMBER = "not_a_member"
NOT_THE_OWNER = "not_the_owner"
NOT_ACCREDITED = "not_accredited"
ALREADY_ENGAGED = "already_engaged"
WRONG_STATE = "wrong_state"
NOT_YOURS = "not_yours"
INDEPENDENCE_REQUIRED = "independence_required"
NOT_MINISTRY = "not_ministry"
# A member of the enterprise acting on it as its consultant, province or ministry (duties.py).
MEMBER_CONFLICT = "member_conflict"

MESSAGES = {
    NOT_A_MEMBER: _("Bạn không phải thành viên đang hoạt động của doanh nghiệp này."),
    NOT_THE_OWNER: _("Chỉ chủ tài khoản doanh nghiệp được làm việc này."),
    NOT_ACCREDITED: _(
        "Chuyên gia chưa được Bộ công nhận hoặc công nhận đã hết hạn, nên không thể mời."
    ),
    ALREADY_ENGAGED: _("Doanh nghiệp đã mời hoặc đang làm việc với chuyên gia này."),
    WRONG_STATE: _("Thao tác không còn phù hợp với trạng thái hiện tại; hãy tải lại trang."),
    NOT_YOURS: _("Bạn không có quyền với mục này."),
    INDEPENDENCE_REQUIRED: _(
        "Cần cam kết độc lập: không phải người lao động có đóng bảo hiểm của doanh nghiệp "
        "và không phải đơn vị thành viên của doanh nghiệp."
    ),
    NOT_MINISTRY: _("Chỉ cán bộ Bộ được duyệt công nhận chuyên gia."),
}


def refuse(code: str) -> DomainError:
    return DomainError(code, MESSAGES[code])


NOT_ALLOWED = frozenset({NOT_A_MEMBER, NOT_THE_OWNER, NOT_YOURS, NOT_MINISTRY, MEMBER_CONFLICT})


def forbid_if_not_allowed(error: DomainError) -> None:
    """In a view: a refusal because of who is asking is a 403, not a form error."""
    if error.code in NOT_ALLOWED:
        raise PermissionDenied(error.message)
