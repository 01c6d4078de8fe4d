from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.catalog import (
    Definition,
    assessable_problems,
    definition_problems,
    fixture_path,
    read_definition,
)
from assessments.framework_files import (
    FrameworkFileError,
    definition_outline,
    read_framework_path,
)
from assessments.models import CatalogVersion
from assessments.selectors import framework_definition, framework_list, version_definition
from assessments.versions import version_problems


class Command(BaseCommand):
    help = (
        "Check that framework catalogs and every version of their questions are consistent; "
        "exits non-zero on any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "codes", nargs="*", help="framework codes (default: all in the database)"
        )
        parser.add_argument(
            "--file",
            help=(
                "check a file instead of the database: a framework file, JSON or XLSX "
                "(fixtures/frameworks/README.md), or a version of its questions "
                "(fixtures/questionnaires/<code>/)"
            ),
        )

    def _read(self, path: Path) -> Definition:
        try:
            return read_definition(path)
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error

    def _report(self, name: str, problems: list[str], summary: str) -> bool:
        if problems:
            self.stderr.write(self.style.ERROR(f"{name}: {len(problems)} problem(s)"))
            for problem in problems:
                self.stderr.write(f"  - {problem}")
            return False
        self.stdout.write(self.style.SUCCESS(f"{name}: OK — {summary}"))
        return True

    def _check_framework(self, definition: Definition) -> bool:
        framework = {k: v for k, v in definition.items() if k != "questionnaire"}
        problems = definition_problems(framework)
        if problems:
            return self._report(str(definition.get("code")), problems, "")
        ok = self._report(definition["code"], [], definition_outline(framework))
        # Sound but not assessable yet (the large index before its criteria are imported):
        # said on stdout, not a failure.
        for reason in assessable_problems(framework):
            self.stdout.write(f"  · {_('chưa thể đánh giá')} / not assessable yet: {reason}")
        questionnaire = definition.get("questionnaire")
        if isinstance(questionnaire, dict):
            questionnaire = {"framework": definition["code"], "label": "questionnaire",
                             "number": 1, **questionnaire}  # fmt: skip
            ok = self._check_version(questionnaire, framework) and ok
        return ok

    def _check_version(self, version: Definition, framework: Definition) -> bool:
        figures = sum(1 for q in version.get("questions", []) if q.get("kind") == "figures")
        survey = version.get("survey") or {}
        statements = len(survey.get("barriers", [])) + sum(
            len(g.get("statements", [])) for g in survey.get("perception_groups", [])
        )
        return self._report(
            f"{version.get('framework')} v{version.get('number')} ({version.get('label')})",
            version_problems(version, framework),
            f"{len(version.get('questions', []))} questions ({figures} from figures), "
            f"{statements} survey statements, {len(survey.get('support_needs', []))} needs",
        )

    def handle(self, *args, codes, file, **options):
        results = []
        if file:
            path = Path(file)
            definition = self._read(path) if path.suffix.lower() == ".json" else {}
            if "questions" in definition:  # a version file: checked against its framework
                framework = self._read(fixture_path(str(definition.get("framework"))))
                results.append(self._check_version(definition, framework))
            else:  # a framework file, JSON or XLSX
                try:
                    definition = read_framework_path(path)
                except FrameworkFileError as error:
                    results.append(self._report(str(path), [p.english for p in error.problems], ""))
                else:
                    results.append(self._check_framework(definition))
        else:
            codes = codes or [f.code for f in framework_list()]
            if not codes:
                raise CommandError(_("Chưa có bộ chỉ số nào; hãy chạy manage.py load_catalog."))
            try:
                frameworks = [framework_definition(code=c) for c in codes]
            except Http404 as error:
                raise CommandError(
                    _("Không có bộ chỉ số: %(codes)s") % {"codes": ", ".join(codes)}
                ) from error
            for framework in frameworks:
                results.append(self._check_framework(framework))
                versions = CatalogVersion.objects.filter(framework__code=framework["code"])
                if not versions.filter(is_current=True).exists():
                    results.append(
                        self._report(
                            framework["code"], [_("không có phiên bản câu hỏi hiện hành")], ""
                        )
                    )
                for version in versions.select_related("framework").order_by("number"):
                    results.append(
                        self._check_version(version_definition(version=version), framework)
                    )
        if not all(results):
            raise CommandError(_("Bộ chỉ số không nhất quán."))
