"""Demo people for a local portal: one login per role (README "Demo logins"), their roles and
second factor, a consulting firm with its engagements, and 30 enterprises in 3 provinces.

Only for DEBUG installations (``manage.py seed_demo`` refuses otherwise). Idempotent: rows are
found by email or tax code and created when missing.
"""

from __future__ import annotations

import base64
import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from enterprises.models import (
    Accreditation,
    Consultant,
    ConsultingFirm,
    Engagement,
    Enterprise,
    EnterpriseKind,
    Membership,
    MinistryReviewer,
    Province,
    ProvinceOfficer,
    User,
)
from enterprises.services import enterprise_refresh_size
from enterprises.tax_codes import check_digit

DEMO_PASSWORD = "dbi-demo-2026"  # noqa: S105 — documented demo password, DEBUG installs only
# The demo staff logins' second factor (README "Demo logins"): one authenticator key for all of
# them, so `oathtool --totp -b <key>` or an authenticator app gives the code, and backup codes
# that each work once per login (seed_demo puts used ones back). DEBUG installs only.
DEMO_TOTP_KEY = "DBIDEMOSTAFFTOTPKEYFORLOCALUSE22"  # base32, as authenticator apps take it
DEMO_BACKUP_CODES = ("dbidemo1", "dbidemo2", "dbidemo3")
DEMO_STAFF_ROLES = ("admin", "ministry", "officer")

# Bến Tre and Trà Vinh (now Vĩnh Long), Vĩnh Phúc (now Phú Thọ) and Đồng Nai wrote the seed plans.
DEMO_PROVINCES = {86: "vinhlong", 25: "phutho", 75: "dongnai"}

# (email, full name, role, extra)
DEMO_USERS = [
    ("admin@dbi.local", "Quản trị hệ thống", "admin", {}),
    ("bo.thamdinh@dbi.local", "Nguyễn Văn Thẩm", "ministry", {}),
    ("so.vinhlong@dbi.local", "Trần Thị Sở", "officer", {"province": 86}),
    ("so.phutho@dbi.local", "Lê Văn Phú", "officer", {"province": 25}),
    ("so.dongnai@dbi.local", "Phạm Thị Nai", "officer", {"province": 75}),
    ("tuvan@dbi.local", "Hoàng Minh Tư", "consultant", {}),
    ("dn.chu@dbi.local", "Võ Thị Chủ", "owner", {}),
    ("dn.nhanvien@dbi.local", "Đặng Văn Viên", "staff", {}),
    # The owner of the demo corporate group, a large enterprise (groups.py).
    ("dn.tapdoan@dbi.local", "Phan Văn Đoàn", "group owner", {}),
    # Owners of the other enterprises that have a demo assessment (assessments.py).
    ("dn02@dbi.local", "Ngô Thị Hai", "owner", {"enterprise": 1}),
    ("dn03@dbi.local", "Bùi Văn Ba", "owner", {"enterprise": 2}),
    ("dn05@dbi.local", "Lý Thị Năm", "owner", {"enterprise": 4}),
    ("dn06@dbi.local", "Trịnh Văn Sáu", "owner", {"enterprise": 5}),
    ("dn07@dbi.local", "Mai Thị Bảy", "owner", {"enterprise": 6}),
    ("dn09@dbi.local", "Đỗ Văn Chín", "owner", {"enterprise": 8}),
    ("dn10@dbi.local", "Cao Thị Mười", "owner", {"enterprise": 9}),
    ("dn11@dbi.local", "Tạ Văn Mười Một", "owner", {"enterprise": 10}),
]

NAME_PARTS = (
    ["Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã", "Hộ kinh doanh"],
    ["Thực phẩm", "Dừa", "Cơ khí", "Dệt may", "Du lịch", "Phần mềm", "Vận tải", "Gốm sứ",
     "Nông sản", "Xây dựng", "Thủy sản", "Điện tử", "Nội thất", "Dược phẩm", "Bao bì"],
    ["Sông Tiền", "Cửu Long", "Phương Nam", "Trường Thịnh", "An Phát", "Minh Long", "Hòa Bình",
     "Đại Việt", "Tân Tiến", "Hưng Thịnh"],
)  # fmt: skip
SECTIONS = ["A", "C", "C", "F", "G", "G", "H", "I", "J", "M"]


def _tax_code(rng: random.Random) -> str:
    while True:
        first_nine = f"{rng.choice(['03', '13', '36'])}{rng.randrange(10**7):07d}"
        digit = check_digit(first_nine)
        if digit is not None:
            return f"{first_nine}{digit}"


def _user(
    email: str, full_name: str, *, password_hash: str, superuser: bool = False
) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user:
        return user, False
    make = User.objects.create_superuser if superuser else User.objects.create_user
    user = make(email=email, password=None, full_name=full_name)
    # One hash for all demo logins: the real hasher is slow on purpose, the demo should not be.
    user.password = password_hash
    user.save(update_fields=["password"])
    return user, True


def _second_factor(user: User) -> None:
    """The documented demo TOTP device and backup codes (django-otp), confirmed."""
    key = base64.b32decode(DEMO_TOTP_KEY).hex()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"key": key, "confirmed": True}
    )
    if (device.key, device.confirmed) != (key, True):
        device.key, device.confirmed = key, True
        device.save(update_fields=["key", "confirmed"])
    backup, _ = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    for code in DEMO_BACKUP_CODES:
        StaticToken.objects.get_or_create(device=backup, token=code)


def _enterprises(rng: random.Random, provinces: dict[int, Province]) -> list[Enterprise]:
    enterprises = []
    for index in range(30):
        province = provinces[list(DEMO_PROVINCES)[index % 3]]
        form = NAME_PARTS[0][index % 4]
        kind = {
            "Hợp tác xã": EnterpriseKind.COOPERATIVE,
            "Hộ kinh doanh": EnterpriseKind.HOUSEHOLD,
        }.get(form, EnterpriseKind.ENTERPRISE)
        name = f"{form} {NAME_PARTS[1][index % 15]} {NAME_PARTS[2][index % 10]}"
        tax_code = (
            f"0{province.code:02d}{rng.randrange(10**9):09d}"
            if kind == EnterpriseKind.HOUSEHOLD
            else _tax_code(rng)
        )
        existing = Enterprise.objects.filter(name_vi=name, province=province).first()
        if existing:
            enterprises.append(existing)
            continue
        employees = rng.choice(
            [1, 2, 4] if kind == EnterpriseKind.HOUSEHOLD else [3, 8, 25, 60, 120, 250]
        )
        enterprise = Enterprise(
            tax_code=tax_code,
            name_vi=name,
            kind=kind,
            province=province,
            ward=province.wards.order_by("code")[index % 5],
            address=f"Số {rng.randrange(1, 300)}, đường {NAME_PARTS[2][index % 10]}",
            sector_section=SECTIONS[index % 10],
            employees=employees,
            annual_revenue=employees * rng.randrange(500, 3000) * 1_000_000,
            total_capital=employees * rng.randrange(200, 1500) * 1_000_000,
            founded_year=rng.randrange(1995, 2024),
            contact_email=f"lienhe{index + 1}@example.vn",
        )
        enterprise_refresh_size(enterprise)
        enterprise.save()
        enterprises.append(enterprise)
    return enterprises


def demo_people_seed() -> tuple[int, list[Enterprise]]:
    """Create the demo logins (password ``DEMO_PASSWORD``; staff with the documented second
    factor), their roles, the consulting firm and its engagements, and the 30 demo enterprises,
    if missing; returns how many logins were created and the demo enterprises, in order (the
    other demo modules refer to them by index). Call it in a transaction."""
    rng = random.Random(2021)  # noqa: S311 — reproducible demo data, not a secret
    provinces = {p.code: p for p in Province.objects.filter(code__in=DEMO_PROVINCES)}
    enterprises = _enterprises(rng, provinces)
    created_users = 0
    now = timezone.now()
    password_hash = make_password(DEMO_PASSWORD)
    for email, full_name, role, extra in DEMO_USERS:
        user, created = _user(
            email, full_name, password_hash=password_hash, superuser=role == "admin"
        )
        created_users += created
        if role in DEMO_STAFF_ROLES:
            _second_factor(user)
        if role == "ministry":
            MinistryReviewer.objects.get_or_create(
                user=user, defaults={"can_appraise": True, "can_issue": True}
            )
        elif role == "officer":
            ProvinceOfficer.objects.get_or_create(
                user=user,
                defaults={"province": provinces[extra["province"]], "can_approve": True},
            )
        elif role == "consultant":
            firm, _ = ConsultingFirm.objects.get_or_create(
                tax_code="0312345672", defaults={"name": "Công ty Tư vấn Chuyển đổi số Phương Nam"}
            )
            consultant, _ = Consultant.objects.get_or_create(user=user, defaults={"firm": firm})
            Accreditation.objects.get_or_create(
                number="TV-DBI-2026-0001",
                defaults={
                    "consultant": consultant,
                    "issued_by": "Bộ Khoa học và Công nghệ",
                    "valid_until": datetime.date(now.year + 2, 12, 31),
                    "status": Accreditation.Status.APPROVED,
                    "decided_at": now,
                },
            )
            for client in enterprises[1:3]:
                Engagement.objects.get_or_create(
                    enterprise=client,
                    consultant=consultant,
                    status=Engagement.Status.ACTIVE,
                    defaults={
                        "invited_by": user,
                        "independence_declared_at": now,
                        "responded_at": now,
                    },
                )
        elif role in ("owner", "staff"):
            Membership.objects.get_or_create(
                user=user,
                enterprise=enterprises[extra.get("enterprise", 0)],
                defaults={
                    "role": Membership.Role.OWNER if role == "owner" else Membership.Role.STAFF,
                    "status": Membership.Status.ACTIVE,
                    "decided_at": now,
                },
            )
    return created_users, enterprises
