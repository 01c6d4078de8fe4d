from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.people import (
    DEMO_BACKUP_CODES,
    DEMO_PASSWORD,
    DEMO_STAFF_ROLES,
    DEMO_TOTP_KEY,
    DEMO_USERS,
)
from demo.seed import demo_seed


class Command(BaseCommand):
    help = (
        "Create demo logins for every role, 30 demo enterprises, assessments in every state "
        "of the review chain and certificates of the appraised ones (DEBUG installations only)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("Dữ liệu mẫu chỉ dùng khi DJANGO_DEBUG=true."))
        outcome = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Dữ liệu mẫu: %(users)s tài khoản mới, %(enterprises)s doanh nghiệp, "
                    "%(assessments)s hồ sơ đánh giá mới."
                )
                % {
                    "users": outcome.users,
                    "enterprises": outcome.enterprises,
                    "assessments": outcome.assessments,
                }
            )
        )
        for email, full_name, role, _extra in DEMO_USERS:
            self.stdout.write(f"  {email:<26} {role:<11} {full_name}")
        self.stdout.write(_("Mật khẩu chung: %(password)s") % {"password": DEMO_PASSWORD})
        staff = ", ".join(email for email, _n, role, _e in DEMO_USERS if role in DEMO_STAFF_ROLES)
        self.stdout.write(
            _(
                "Xác thực hai lớp của tài khoản cán bộ (%(staff)s): khóa TOTP %(key)s "
                "(mã: oathtool --totp -b %(key)s, hoặc thêm khóa vào ứng dụng xác thực); "
                "mã dự phòng, mỗi mã dùng một lần: %(codes)s"
            )
            % {"staff": staff, "key": DEMO_TOTP_KEY, "codes": ", ".join(DEMO_BACKUP_CODES)}
        )
        if outcome.states:
            self.stdout.write(_("Hồ sơ đánh giá mẫu (doanh nghiệp, năm, trạng thái, đăng nhập):"))
        for name, province, period, state, login in outcome.states:
            self.stdout.write(f"  {name} ({province}), {period}: {state} · {login}")
        if outcome.certified:
            self.stdout.write(_("Chứng nhận mẫu (số, doanh nghiệp, trang xác minh công khai):"))
        for number, name, url in outcome.certified:
            self.stdout.write(f"  {number} {name}: {url}")
