"""What a certificate states, as plain data: the record is frozen first (number, levels,
dates), then documents are rendered from these facts by a re-runnable task. Renderers never
touch the ORM."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessments.scoring import SME_BANDS_2021


@dataclass(frozen=True)
class PillarLevel:
    code: str
    name_vi: str
    name_en: str
    level: int


@dataclass(frozen=True)
class CertificateFacts:
    number: str  # e.g. DBI-2026-000123
    enterprise_name: str
    tax_code: str
    province_name: str
    framework_name_vi: str
    framework_name_en: str
    # The decision the framework follows, e.g. "Quyết định 1970/QĐ-BTTTT ngày 13/12/2021".
    decision_vi: str
    decision_en: str
    period: int  # the assessment's year
    overall_level: int
    level_name_vi: str
    level_name_en: str
    total_points: int
    max_points: int
    pillars: tuple[PillarLevel, ...]
    issued_on: datetime.date
    valid_until: datetime.date
    authority_name_vi: str
    authority_name_en: str
    signer_name: str
    signer_title: str
    verification_code: str
    verification_url: str  # absolute; the QR code opens it
    # The framework's version and scoring method (which says the unit of ``total_points``:
    # 2021 points out of ``max_points``, the readiness index's R in thousandths, the large
    # index's percent in hundredths); the 2021 index's by default.
    framework_version: int = 1
    scoring_method: str = SME_BANDS_2021
    on_reference_questions: bool = False
    # Optional English title of the signer for English documents (the Vietnamese one otherwise).
    signer_title_en: str = ""
