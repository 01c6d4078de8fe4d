from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.catalog import definition_problems, definition_summary, read_definition
from assessments.selectors import framework_definition, framework_list


class Command(BaseCommand):
    help = "Check that framework catalogs are consistent; exits non-zero on any problem."

    def add_arguments(self, parser):
        parser.add_argument(
            "codes", nargs="*", help="framework codes (default: all in the database)"
        )
        parser.add_argument("--file", help="check a fixture file instead of the database")

    def handle(self, *args, codes, file, **options):
        if file:
            try:
                definitions = [read_definition(Path(file))]
            except (OSError, ValueError) as error:
                raise CommandError(f"{file}: {error}") from error
        else:
            codes = codes or [f.code for f in framework_list()]
            if not codes:
                raise CommandError(_("Chưa có bộ chỉ số nào; hãy chạy manage.py load_catalog."))
            try:
                definitions = [framework_definition(code=c) for c in codes]
            except Http404 as error:
                raise CommandError(
                    _("Không có bộ chỉ số: %(codes)s") % {"codes": ", ".join(codes)}
                ) from error
        failed = False
        for definition in definitions:
            problems = definition_problems(definition)
            if problems:
                failed = True
                self.stderr.write(
                    self.style.ERROR(f"{definition.get('code')}: {len(problems)} problem(s)")
                )
                for problem in problems:
                    self.stderr.write(f"  - {problem}")
                continue
            s = definition_summary(definition)
            maxima = "/".join(str(m) for m in s["pillar_max"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"{definition['code']}: OK — {s['pillars']} pillars, "
                    f"{s['sub_indices']} sub-indices, {s['criteria']} criteria, "
                    f"maxima {maxima} = {s['total_max']}"
                )
            )
        if failed:
            raise CommandError(_("Bộ chỉ số không nhất quán."))
