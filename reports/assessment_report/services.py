"""Writes for the assessment report: render it and store the PDF under a name that
fingerprints its content, so the same content is one file and a change gets a new one.

Storing the report is a cache of a pure rendering, not a change of any domain row: no lock, no
transaction, no event. That is why the download (a GET) may call ``assessment_report_render``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import get_template
from django.utils import timezone

from assessments.models import Assessment

from .facts import report_facts_from
from .selectors import ReportInputs, assessment_report_inputs

REPORT_DIR = "reports/assessments"
TEMPLATES = ("reports/pdf/assessment_report.html", "reports/pdf/assessment_report.css")
# The code that shapes the printed report: its facts, its renderer and the shared PDF plumbing.
MODULES = (
    Path(__file__).parent / "facts.py",
    Path(__file__).parent / "pdf.py",
    Path(settings.BASE_DIR) / "dbi_portal" / "pdf.py",
)


@lru_cache(maxsize=1)
def _report_layout() -> str:
    """A digest of the report's templates and renderer code, so that a deployment that changes
    them stops serving reports stored before it."""
    digest = hashlib.sha256()
    for template in TEMPLATES:
        origin = get_template(template).origin  # type: ignore[attr-defined]  # Django backend
        digest.update(Path(origin.name).read_bytes())
    for module in MODULES:
        digest.update(module.read_bytes())
    return digest.hexdigest()[:12]


def report_pdf_name(*, inputs: ReportInputs, language: str) -> str:
    """The report's storage name: the assessment, the language and a fingerprint of everything
    printed in it (levels of the four columns, enterprise, catalog version, ministry name,
    layout), so that the same content always has the same name and a change gets a new one."""
    fingerprint = inputs.fingerprint(language, _report_layout())
    return f"{REPORT_DIR}/{inputs.assessment_id}/{language}-{fingerprint}.pdf"


def assessment_report_render(*, assessment: Assessment, language: str) -> str:
    """Store the PDF report of ``assessment`` (loaded with its enterprise, province and
    framework) in ``language`` and return its storage name. A report of the same content that
    is already stored is returned as it is (no rendering); otherwise the report is rendered now
    (about half a second), stored, and the older reports of that language are removed.

    It writes files only (a cache of a pure rendering), never a database row, so a GET may call
    it."""
    from .pdf import report_pdf  # the renderer (WeasyPrint) loads only where it is used

    inputs = assessment_report_inputs(assessment=assessment)
    name = report_pdf_name(inputs=inputs, language=language)
    if default_storage.exists(name):
        return name
    facts = report_facts_from(**inputs.facts_arguments(), generated_on=timezone.localdate())
    content = report_pdf(facts, language=language)
    if default_storage.exists(name):  # a parallel download stored the same report meanwhile
        return name
    stored = default_storage.save(name, ContentFile(content))
    if stored != name:  # lost that race after all: keep one copy
        default_storage.delete(stored)
        return name
    folder = name.rsplit("/", 1)[0]
    _folders, files = default_storage.listdir(folder)
    for file in files:
        older = f"{folder}/{file}"
        if file.startswith(f"{language}-") and older != name:
            default_storage.delete(older)
    return name
