"""Demo data for a local portal, in order: the people and enterprises (``people.py``), this
year's targets of the three demo provinces (``targets.py``), assessments in every state of the
review chain (``assessments.py``), readiness assessments (``readiness.py``: a draft and an
appraised one) and a certificate for each appraised one (``certificates.py``).

Only for DEBUG installations (``manage.py seed_demo`` refuses otherwise). Idempotent: rows are
found by email or tax code and created when missing.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, replace

from django.db import transaction
from django.test.utils import override_settings

from enterprises.models import Enterprise

from .assessments import demo_assessment_summary, demo_assessments_seed
from .certificates import demo_certificate_summary, demo_certificates_seed
from .groups import demo_group_seed
from .people import demo_people_seed
from .readiness import demo_readiness_appraised_seed, demo_readiness_seed
from .targets import demo_targets_seed


@dataclass(frozen=True)
class DemoOutcome:
    users: int
    enterprises: int
    assessments: int = 0
    # (enterprise, province, year, state, owner login) of every demo assessment
    states: tuple[tuple[str, ...], ...] = ()
    certificates: int = 0
    # (number, enterprise, public verification URL) of every valid demo certificate
    certified: tuple[tuple[str, str, str], ...] = ()


@contextmanager
def _quietly():
    """The demo's review steps fill the inbox as real steps do, but they are not news: no email
    is sent for them, and the tasks that run in-process do not log a line each (both would
    bury the demo logins in the ``make run`` console)."""
    trace = logging.getLogger("celery.app.trace")
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        trace.setLevel(level)


def demo_seed() -> DemoOutcome:
    """Create the demo logins (password ``DEMO_PASSWORD``), enterprises, assessments in every
    state of the review chain and certificates of the appraised ones, if missing."""
    with _quietly():
        outcome, enterprises = _seed()
        # After the rest has committed: each certificate's commit queues its PDF rendering.
        issued = demo_certificates_seed(enterprises=enterprises)
        return replace(
            outcome,
            certificates=issued,
            certified=tuple(demo_certificate_summary(enterprises=enterprises)),
        )


@transaction.atomic
def _seed() -> tuple[DemoOutcome, list[Enterprise]]:
    created_users, enterprises = demo_people_seed()
    demo_group_seed(enterprises=enterprises)
    demo_targets_seed()  # this year's targets of the three provinces (targets.py)
    outcome = DemoOutcome(
        users=created_users,
        enterprises=len(enterprises) + 1,  # and the group
        assessments=demo_assessments_seed(enterprises=enterprises)
        + demo_readiness_seed(enterprise=enterprises[0])
        + demo_readiness_appraised_seed(enterprise=enterprises[1]),  # dn02's, Phú Thọ
        states=tuple(demo_assessment_summary(enterprises=enterprises)),
    )
    return outcome, enterprises
