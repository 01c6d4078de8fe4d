"""Score a set of criterion levels: JSON in ({"levels": {...}}), JSON out, exit 2 on bad input."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from assessments import scoring
from assessments.catalog import DEFAULT_FRAMEWORK_CODE
from assessments.selectors import catalog_snapshot

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        'Score {"levels": {"1.1.1": 3, ...}} read from FILE or stdin and print the result as JSON.'
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
        if not isinstance(document, dict) or "levels" not in document:
            raise CommandError(
                'input must be a JSON object with a "levels" object, e.g. {"levels": {"1.1.1": 3}}',
                returncode=BAD_INPUT,
            )
        try:
            levels = scoring.check_levels(snapshot, document["levels"])
        except scoring.LevelsError as error:
            lines = "\n".join(f"  {key}: {message}" for key, message in error.errors.items())
            raise CommandError(f"invalid levels:\n{lines}", returncode=BAD_INPUT) from error
        result = scoring.score(snapshot, levels)
        if result.missing:
            self.stderr.write(
                f"note: {len(result.missing)} criteria without a level count 0: "
                + ", ".join(result.missing)
            )
        self.stdout.write(json.dumps(scoring.result_as_dict(result), ensure_ascii=False))
