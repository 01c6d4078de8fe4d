import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dbi_portal.refusals import Refusal
from demo.scale import scale_seed, scale_seed_clear


class Command(BaseCommand):
    help = (
        "Fill the database with many enterprises and yearly assessments with their results "
        "(bulk COPY on PostgreSQL), to measure the dashboards at national scale. "
        "Example: manage.py seed_scale --enterprises 200000 --years 3"
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=0, help="how many enterprises")
        parser.add_argument("--years", type=int, default=3, help="how many years, up to this one")
        parser.add_argument(
            "--last-year", type=int, default=None, help="the last year (default: this year)"
        )
        parser.add_argument(
            "--seed", type=int, default=2025, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--force", action="store_true", help="add to a database that holds other enterprises"
        )
        parser.add_argument(
            "--clear", action="store_true", help="delete the seeded data first (only that)"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Its certificates carry codes valid under this installation's key and it advances
            # the gap-free certificate numbering: never on a production database.
            raise CommandError(_("Chỉ chạy seed_scale trên máy phát triển hoặc thử tải (DEBUG)."))
        if options["clear"]:
            started = time.monotonic()
            deleted = scale_seed_clear()
            self.stdout.write(
                _("Đã xóa %(n)s doanh nghiệp dữ liệu quy mô (%(s).0f giây).")
                % {"n": deleted, "s": time.monotonic() - started}
            )
        if options["enterprises"] <= 0:
            if options["clear"]:
                return
            raise CommandError(_("Hãy cho biết số doanh nghiệp: --enterprises N."))
        if not 1 <= options["years"] <= 20:
            raise CommandError(_("--years phải từ 1 đến 20."))
        started = time.monotonic()
        try:
            outcome = scale_seed(
                enterprises=options["enterprises"],
                years=options["years"],
                seed=options["seed"],
                force=options["force"],
                last_year=options["last_year"],
                progress=(lambda text: self.stdout.write(f"  {text}"))
                if options["verbosity"] > 1
                else None,
            )
        except Refusal as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Dữ liệu quy mô: %(enterprises)s doanh nghiệp, %(assessments)s hồ sơ "
                    "(năm %(first)s–%(last)s), %(results)s kết quả theo cột, %(pillars)s kết quả "
                    "trụ cột, %(certificates)s chứng nhận trong %(seconds).0f giây."
                )
                % {
                    "enterprises": outcome.enterprises,
                    "assessments": outcome.assessments,
                    "first": outcome.periods[0],
                    "last": outcome.periods[-1],
                    "results": outcome.column_results,
                    "pillars": outcome.pillar_results,
                    "certificates": outcome.certificates,
                    "seconds": time.monotonic() - started,
                }
            )
        )
