from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from enterprises.services import divisions_load


class Command(BaseCommand):
    help = "Load provinces, wards, the 2025 province mapping and initial authorities (idempotent)."

    def handle(self, *args, **options):
        outcome = divisions_load()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đơn vị hành chính: %(provinces)s tỉnh/thành, %(wards)s phường/xã mới, "
                    "%(legacy)s tỉnh cũ, %(authorities)s cơ quan mới."
                )
                % {
                    "provinces": outcome.provinces,
                    "wards": outcome.wards,
                    "legacy": outcome.legacy_provinces,
                    "authorities": outcome.authorities,
                }
            )
        )
