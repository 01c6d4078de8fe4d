"""Score levels, answers and figures on the framework's current catalog version: JSON in
({"levels": {...}, "answers": {...}, "figures": {...}}, as the score API), JSON out, exit 2 on
bad input."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from assessments import answering, scoring
from assessments.catalog import DEFAULT_FRAMEWORK_CODE
from assessments.selectors import catalog_snapshot, current_questionnaire

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        'Score {"levels": {"2.1.1": 4}, "answers": {"1.1.1": 3}, "figures": {"staff_total": 40}} '
        "(any of the three, as the score API takes them) read from FILE or stdin and print the "
        "result as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="input file, or - for stdin")
        parser.add_argument("--framework", default=DEFAULT_FRAMEWORK_CODE, help="framework code")

    def _read(self, file: str) -> str:
        if file == "-":
            return sys.stdin.read()
        try:
            with open(file, encoding="utf-8") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(
                f"cannot read {file}: {error.strerror}", returncode=BAD_INPUT
            ) from error

    def handle(self, *args, file, framework, **options):
        try:
            snapshot = catalog_snapshot(code=framework)
        except Http404 as error:
            raise CommandError(f"unknown framework: {framework}", returncode=BAD_INPUT) from error
        try:
            document = json.loads(self._read(file))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"malformed JSON: {error}", returncode=BAD_INPUT) from error
        if not isinstance(document, dict) or not any(p in document for p in answering.PARTS):
            raise CommandError(
                'input must be a JSON object with "levels", "answers" and/or "figures" objects, '
                'e.g. {"levels": {"2.1.1": 4}, "answers": {"1.1.1": 3}, '
                '"figures": {"c3_2_3_num": 12, "c3_2_3_den": 40}}',
                returncode=BAD_INPUT,
            )
        not_objects = [
            p for p in answering.PARTS if p in document and not isinstance(document[p], dict)
        ]
        if not_objects:
            lines = "\n".join(
                f"  {p}: must be an object mapping keys to values" for p in not_objects
            )
            raise CommandError(f"invalid input:\n{lines}", returncode=BAD_INPUT)
        asked = current_questionnaire(code=snapshot.code)
        answered = answering.levels_from_answers(
            snapshot, asked.answering, **{p: document[p] for p in answering.PARTS if p in document}
        )
        if answered.problems:
            lines = "\n".join(f"  {key}: {message}" for key, message in answered.errors.items())
            raise CommandError(f"invalid input:\n{lines}", returncode=BAD_INPUT)
        result = scoring.score(snapshot, answered.levels)
        if result.missing:
            self.stderr.write(
                f"note: {len(result.missing)} criteria without a level count 0: "
                + ", ".join(result.missing)
            )
        self.stdout.write(
            json.dumps(answering.result_as_dict(result, answered), ensure_ascii=False)
        )
