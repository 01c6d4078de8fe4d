"""VSIC 2018 (Decision 27/2018/QĐ-TTg) sections and their 2-digit divisions.

Decree 80/2021/NĐ-CP sizes enterprises by sector group: agriculture, forestry and fishery plus
industry and construction (sections A–F) against trade and services (G–U).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    A = "A", _("A – Nông nghiệp, lâm nghiệp và thủy sản")
    B = "B", _("B – Khai khoáng")
    C = "C", _("C – Công nghiệp chế biến, chế tạo")
    D = "D", _("D – Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí")
    E = "E", _("E – Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải")
    F = "F", _("F – Xây dựng")
    G = "G", _("G – Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác")
    H = "H", _("H – Vận tải kho bãi")
    I = "I", _("I – Dịch vụ lưu trú và ăn uống")  # noqa: E741 — the section's official letter
    J = "J", _("J – Thông tin và truyền thông")
    K = "K", _("K – Hoạt động tài chính, ngân hàng và bảo hiểm")
    L = "L", _("L – Hoạt động kinh doanh bất động sản")
    M = "M", _("M – Hoạt động chuyên môn, khoa học và công nghệ")
    N = "N", _("N – Hoạt động hành chính và dịch vụ hỗ trợ")
    O = "O", _("O – Hoạt động của Đảng Cộng sản, tổ chức chính trị – xã hội, quản lý nhà nước…")  # noqa: E741
    P = "P", _("P – Giáo dục và đào tạo")
    Q = "Q", _("Q – Y tế và hoạt động trợ giúp xã hội")
    R = "R", _("R – Nghệ thuật, vui chơi và giải trí")
    S = "S", _("S – Hoạt động dịch vụ khác")
    T = (
        "T",
        _(
            "T – Hoạt động làm thuê trong các hộ gia đình, sản xuất sản phẩm vật chất "
            "và dịch vụ tự tiêu dùng"
        ),
    )
    U = "U", _("U – Hoạt động của các tổ chức và cơ quan quốc tế")


# Division numbers (inclusive ranges) belonging to each section.
DIVISIONS = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}  # fmt: skip

INDUSTRY_AND_AGRICULTURE = frozenset("ABCDEF")


def division_belongs_to(section: str, division: str) -> bool:
    if not (len(division) == 2 and division.isdigit()) or section not in DIVISIONS:
        return False
    low, high = DIVISIONS[section]
    return low <= int(division) <= high
