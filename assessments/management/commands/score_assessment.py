"""Score a framework's input as the score API takes it: JSON in, JSON out, exit 2 on bad input.

dbi-sme-2021: levels, answers and figures on its current catalog version ({"levels": {...},
"answers": {...}, "figures": {...}}); the 2023 frameworks: their method's input
({"levels": {question code: 1..5}} for the readiness index, {"departments": {name: {criterion
code: percent | null}}} for the large-enterprise index; ``framework_scoring``)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from assessments import answering, framework_scoring, scoring
from assessments.catalog import DEFAULT_FRAMEWORK_CODE, assessable_problems
from assessments.selectors import (
    catalog_snapshot,
    current_questionnaire,
    framework_definition,
    framework_state,
)

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Score the framework's input, as the score API takes it, read from FILE or stdin and "
        'print the result as JSON. dbi-sme-2021: {"levels": {"2.1.1": 4}, "answers": '
        '{"1.1.1": 3}, "figures": {"staff_total": 40}} (any of the three); '
        'readiness-median-2023: {"levels": {"1.1.1": 3}}; department-means-2023: '
        '{"departments": {"Sales": {"1.1.1": 100, "1.1.2": null}}}.'
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
        if snapshot.method != scoring.SME_BANDS_2021:
            self._score_by_method(snapshot, document)
            return
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

    def _score_by_method(self, snapshot: scoring.CatalogSnapshot, document: object) -> None:
        """A 2023 framework: its method's input (``framework_scoring``), the same result JSON as
        the score API's."""
        state = framework_state(code=snapshot.code)
        if not state.assessability.assessable:
            reasons = assessable_problems(framework_definition(code=snapshot.code))
            lines = "\n".join(f"  {reason}" for reason in reasons)
            raise CommandError(
                f"framework {snapshot.code} cannot be scored yet: its criteria are not "
                f"imported\n{lines}",
                returncode=BAD_INPUT,
            )
        try:
            checked = framework_scoring.check_input(snapshot, document)
        except framework_scoring.InputError as error:
            lines = "\n".join(f"  {path}: {message}" for path, message in error.errors.items())
            raise CommandError(f"invalid input:\n{lines}", returncode=BAD_INPUT) from error
        result = framework_scoring.score(snapshot, checked)
        if result.missing:
            self.stderr.write(self._missing_note(result))
        self.stdout.write(
            json.dumps(
                framework_scoring.result_as_dict(
                    result, reference_questions=state.reference_questions
                ),
                ensure_ascii=False,
            )
        )

    def _missing_note(self, result: scoring.ScoreResult) -> str:
        codes = ", ".join(result.missing)
        if result.method == scoring.DEPARTMENT_MEANS_2023:
            return (
                f"note: {len(result.missing)} criteria left out by a department count 0 % "
                f"there: {codes}"
            )
        return (
            f"note: {len(result.missing)} questions without an answer are left out of their "
            f"pillar's median: {codes}"
        )
