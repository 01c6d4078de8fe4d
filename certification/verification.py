"""Verification codes: a truncated HMAC-SHA256 over a certificate's frozen content.

The code is printed on the certificate and in its QR code. Checking it recomputes the HMAC from
what the database holds now, so a code that was altered finds nothing, and a record whose stated
content was altered after issue no longer matches its own code. The key is
``DBI_CERTIFICATE_HMAC_KEY`` (or, when that is empty, one derived from SECRET_KEY); rotating it
invalidates every code ever printed, so production sets its own key and keeps it.

The status (revoked, expired…) is deliberately not part of the content: it changes over the
certificate's life while the printed code stays the same.
"""

from __future__ import annotations

import base64
import hmac
import json
import re

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac

CODE_BYTES = 10  # 80 bits → 16 base32 characters
CODE_LENGTH = 16
CODE_PATTERN = re.compile(r"^[A-Z2-7]{16}$")
SALT = "dbi.certification.verification"


def canonical_content(certificate) -> bytes:
    """The certified facts, in a fixed order and format (JSON with sorted keys)."""
    content = {
        "number": certificate.number,
        "tax_code": certificate.tax_code,
        "enterprise_name": certificate.enterprise_name,
        "province_name": certificate.province_name,
        "framework_code": certificate.framework_code,
        "period": certificate.period,
        "overall_level": certificate.overall_level,
        "total_points": certificate.total_points,
        "max_points": certificate.max_points,
        "pillars": [[p["code"], p["level"]] for p in certificate.pillars],
        "issued_on": certificate.issued_on.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "authority": certificate.authority_name_vi,
        "signer": certificate.signer_name,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _key() -> str:
    return settings.DBI_CERTIFICATE_HMAC_KEY or settings.SECRET_KEY


def verification_code(certificate) -> str:
    digest = salted_hmac(
        SALT, canonical_content(certificate), secret=_key(), algorithm="sha256"
    ).digest()
    return base64.b32encode(digest[:CODE_BYTES]).decode("ascii")


def normalize_code(text: str) -> str:
    """What people type or scan: any letter case, spaces or dashes between groups."""
    return re.sub(r"[\s-]", "", text or "").upper()


def looks_like_code(text: str) -> bool:
    return bool(CODE_PATTERN.fullmatch(text))


def code_matches(certificate) -> bool:
    """Whether the stored code is still the HMAC of the stored content (constant time)."""
    return hmac.compare_digest(certificate.verification_code, verification_code(certificate))


def verification_url(code: str) -> str:
    """The absolute public address a QR code opens (``DBI_SITE_URL`` as the host)."""
    return settings.DBI_SITE_URL.rstrip("/") + reverse("certificate-verify", args=[code])


def grouped(code: str) -> str:
    """``ABCD-EFGH-…`` for people to read out and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
