"""Demo answers to the unscored survey (barriers, self-perception, support needs), so the
dashboards' survey section has something to show. Saved through the real service
(``assessments.services.survey_save``) by the enterprise's owner while the assessment is still
a draft; deterministic (one seeded generator per assessment). An enterprise further along feels
fewer barriers, rates itself higher and asks for different help than a beginner."""

from __future__ import annotations

import random

from assessments.models import Assessment
from assessments.selectors import questionnaire_of
from assessments.services import survey_save
from enterprises.models import User

# What a beginner asks for first, and what an enterprise further along asks for.
NEEDS_BY_MATURITY = {
    "early": ("dx_training", "dx_consulting", "intro_website"),
    "later": ("management_software", "ecommerce_website", "dx_consulting"),
}
OTHER_NEEDS = (
    "Hỗ trợ vay vốn ưu đãi để mua phần mềm quản lý",
    "Kết nối với chuyên gia về bảo mật dữ liệu",
    "Đào tạo kỹ năng bán hàng trên sàn thương mại điện tử cho nhân viên",
)


def _scale(value: float) -> int:
    return min(5, max(1, round(value)))


def demo_survey_answer(*, assessment: Assessment, user: User, maturity: int, seed: str) -> None:
    """Answer every statement of the assessment's survey and tick one to three needs, as an
    enterprise of ``maturity`` (0–5) would; nothing when its version has no survey."""
    rng = random.Random(seed)  # noqa: S311 — demo data
    asked = questionnaire_of(assessment)
    if not asked.barriers and not asked.perception:
        return
    answers: dict[str, object] = {}
    for statement in asked.barriers:
        answers[statement.code] = _scale(5 - 0.8 * maturity + rng.choice((-1, 0, 0, 1)))
    for statement in asked.perception:
        answers[statement.code] = _scale(1 + 0.8 * maturity + rng.choice((-1, 0, 0, 1)))
    offered = {n.code: n for n in asked.needs}
    pool = [c for c in NEEDS_BY_MATURITY["early" if maturity <= 2 else "later"] if c in offered]
    needs: dict[str, object] = dict.fromkeys(rng.sample(pool, k=rng.randint(1, len(pool))), "")
    other = next((n for n in asked.needs if n.asks_text), None)
    if other is not None and rng.randrange(3) == 0:
        needs[other.code] = rng.choice(OTHER_NEEDS)
    survey_save(assessment_id=assessment.pk, user=user, answers=answers, needs=needs)
