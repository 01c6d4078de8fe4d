"""The certificate as a PDF: one A4 landscape page rendered with WeasyPrint (through
``dbi_portal.pdf``, the shared fonts and local-files-only fetcher) from a Django template.

A pure renderer: it takes plain facts (``certification.facts.CertificateFacts``) and returns PDF
bytes, never touching the ORM, so a task can call it again and again. The QR code (segno) is
SVG, drawn as vectors. Import this module only where a certificate is rendered (WeasyPrint is
slow to load).
"""

from __future__ import annotations

import base64
from functools import lru_cache

import segno
from django.utils import translation
from django.utils.safestring import mark_safe

from assessments.score_texts import score_label, value_text
from assessments.scoring import READINESS_MEDIAN_2023, SME_BANDS_2021
from dbi_portal.pdf import check_language, date_text, pdf_write, pick, stylesheet

from .facts import CertificateFacts

# --- QR code ---


def qr_svg(url: str, *, scale: int = 4) -> str:
    """Inline SVG of a QR code for ``url`` (error correction M, 4-module quiet zone)."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_inline(scale=scale, dark="#1f2937", light="#ffffff", border=4)


# --- certificate ---


@lru_cache(maxsize=1)
def _frame_uri() -> str:
    """The page background: a double gold-and-red frame with corner marks and a faint rosette
    in the middle, as an SVG data URI (millimetres, A4 landscape)."""
    w, h = 297, 210
    petals = "".join(
        f'<ellipse cx="148.5" cy="112" rx="52" ry="17" transform="rotate({a} 148.5 112)"/>'
        for a in range(0, 180, 10)
    )
    rings = "".join(f'<circle cx="148.5" cy="112" r="{r}"/>' for r in (20, 36, 54))
    corners = ""
    for x, y in ((14, 14), (w - 14, 14), (14, h - 14), (w - 14, h - 14)):
        corners += (
            f'<rect x="{x - 2.2}" y="{y - 2.2}" width="4.4" height="4.4" '
            f'transform="rotate(45 {x} {y})" fill="#b8862b"/>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" '
        f'viewBox="0 0 {w} {h}">'
        f'<rect width="{w}" height="{h}" fill="#fffdf6"/>'
        f'<g fill="none" stroke="#b8862b" stroke-width="0.18" opacity="0.22">{petals}{rings}</g>'
        f'<rect x="7" y="7" width="{w - 14}" height="{h - 14}" fill="none" stroke="#b8862b" '
        f'stroke-width="1.6"/>'
        f'<rect x="9.6" y="9.6" width="{w - 19.2}" height="{h - 19.2}" fill="none" '
        f'stroke="#8b1c1c" stroke-width="0.5"/>'
        f'<rect x="11" y="11" width="{w - 22}" height="{h - 22}" fill="none" stroke="#b8862b" '
        f'stroke-width="0.25"/>'
        f"{corners}</svg>"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


LEVEL_DOTS = 5  # the SME framework's highest level


def _name_size(name: str) -> str:
    """A size class that keeps a long enterprise name on the certificate's single page."""
    length = len(name)
    if length <= 45:
        return "name-xl"
    if length <= 80:
        return "name-l"
    if length <= 130:
        return "name-m"
    return "name-s"


def certificate_context(facts: CertificateFacts, language: str) -> dict:
    """Call it with ``language`` active: the score's label and decimals follow it."""
    return {
        "facts": facts,
        "language": language,
        # 2021 certificates keep their "points/maximum" line; the 2023 frameworks have no
        # maximum and state their score in their own unit (R = 2,85; 67,5 %).
        "counts_points": facts.scoring_method == SME_BANDS_2021,
        "readiness": facts.scoring_method == READINESS_MEDIAN_2023,
        "score_label": score_label(facts.scoring_method),
        "score": value_text(facts.scoring_method, facts.total_points),
        "authority_name": pick(facts, "authority_name", language),
        "framework_name": pick(facts, "framework_name", language),
        "decision": pick(facts, "decision", language),
        "level_name": pick(facts, "level_name", language),
        "signer_title": (language == "en" and facts.signer_title_en) or facts.signer_title,
        "name_size": _name_size(facts.enterprise_name),
        "pillars": [
            {
                "code": p.code,
                "name": pick(p, "name", language),
                "level": p.level,
                # One dot per level of the five, the reached ones filled in gold.
                "dots_on": "•" * p.level,
                "dots_off": "•" * max(LEVEL_DOTS - p.level, 0),
            }
            for p in facts.pillars
        ],
        "issued_on": date_text(facts.issued_on, language),
        "valid_until": date_text(facts.valid_until, language),
        "qr": mark_safe(qr_svg(facts.verification_url)),  # noqa: S308 — segno's own SVG
    }


def certificate_pdf(facts: CertificateFacts, *, language: str = "vi") -> bytes:
    """The certificate as a one-page A4 landscape PDF in ``language`` ("vi" or "en")."""
    check_language(language)
    with translation.override(language):
        return pdf_write(
            "certification/pdf/certificate.html",
            certificate_context(facts, language),
            stylesheet("certification/pdf/certificate.css", {"frame_uri": _frame_uri()}),
        )


__all__ = ["certificate_pdf", "qr_svg"]
