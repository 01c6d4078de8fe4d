from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.framework_files import FrameworkFileError, read_framework_path, write_xlsx


class Command(BaseCommand):
    help = (
        "Write the XLSX template of a framework file (fixtures/frameworks/README.md), blank or "
        "filled from a JSON framework file, to be edited and loaded with load_catalog --file."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="where to write the workbook (.xlsx)")
        parser.add_argument(
            "--from", dest="source", help="a JSON framework file to fill the workbook with"
        )

    def handle(self, *args, output, source=None, **options):
        definition = None
        if source:
            try:
                definition = read_framework_path(Path(source))
            except FrameworkFileError as error:
                raise CommandError(f"{source}:\n{error}") from error
        Path(output).write_bytes(write_xlsx(definition))
        self.stdout.write(self.style.SUCCESS(_("Đã ghi mẫu %(path)s.") % {"path": output}))
