"""Demo assessments: the review chain in every state, for ``manage.py seed_demo``.

Everything goes through the real services (``assessment_create``, ``rating_save``,
``assessment_transition``, ``assessment_return``), so the ratings, the stored results, the audit
trail and the inbox are exactly what people clicking through the portal would leave behind.
Deterministic (one seeded random generator per enterprise) and idempotent: an enterprise that
already has an assessment is left alone.

Which enterprise (its index in ``demo.people.demo_people_seed``'s list) is left in which state:

* 0 (Vĩnh Long, ``dn.chu``): last year appraised after a return and a resubmission, with two
  ministry changes; this year a draft started from last year's answers, half of them revised;
* 1 (Phú Thọ, engaged the consultant): the consultant is assessing, a third of the way through;
* 2 (Đồng Nai, engaged the consultant): the consultant finished, the province is reviewing;
* 4 (Phú Thọ): approved by the province, waiting for the ministry;
* 5 (Đồng Nai): appraised, the ministry changed two criteria with reasons;
* 6 (Vĩnh Long): returned to the enterprise with the province's comment;
* 8 (Đồng Nai): the ministry is appraising;
* 9 (Vĩnh Long): submitted, waiting for the province;
* 10 (Phú Thọ): a first draft, pillars 1–3 answered (30 of 60 criteria).

Each assessment whose self answers are seeded also gets the unscored survey answered while it is
a draft (``demo/survey.py``); this year's drafts of 0 and 10 have none, so their pages prompt
for it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

from django.utils import timezone

from assessments.catalog import DEFAULT_FRAMEWORK_CODE
from assessments.models import Assessment, Column, Framework, Rating
from assessments.selectors import catalog_index
from assessments.services import (
    assessment_create,
    assessment_return,
    assessment_transition,
    rating_save,
)
from enterprises.models import (
    Engagement,
    Enterprise,
    Membership,
    MinistryReviewer,
    ProvinceOfficer,
    User,
)

from .survey import demo_survey_answer

SME = DEFAULT_FRAMEWORK_CODE
DEMO_DOMAIN = "@dbi.local"

# The ministry starts from the province's levels and changes these two, with reasons.
MINISTRY_CHANGES = {
    "3.2.5": (-1, "Chưa có hợp đồng dịch vụ điện toán đám mây; chỉ dùng bản miễn phí."),
    "4.1.1": (-1, "Quy chế sử dụng CNTT mới là dự thảo, chưa có quyết định ban hành."),
}
PROVINCE_RETURN = (
    "Thiếu minh chứng cho tiêu chí 1.1.4 (bán hàng trên sàn thương mại điện tử) và 3.2.5 "
    "(điện toán đám mây). Đề nghị doanh nghiệp bổ sung và nộp lại."
)
PROVINCE_RETURN_PILLAR_3 = (
    "Hồ sơ chưa có minh chứng cho trụ cột 3 (hạ tầng và công nghệ số): đề nghị bổ sung hợp đồng "
    "dịch vụ và ảnh chụp hệ thống, rồi nộp lại."
)
SELF_NOTES = {
    "1.1.1": "Website: https://www.example.vn (có phiên bản di động).",
    "1.1.4": "Gian hàng trên Shopee và Tiki từ 2023.",
    "2.1.1": "Kế hoạch chuyển đổi số 2025–2027 được Hội đồng thành viên thông qua.",
    "3.2.5": "Dùng Google Workspace cho email và lưu trữ.",
}


def _clamp(level: int) -> int:
    return min(5, max(0, level))


class _Chain:
    """One demo assessment driven through the services; remembers each cell's version and note
    so that the next save of a cell names the version it replaces, as the page does."""

    def __init__(self, assessment: Assessment, rng: random.Random):
        self.assessment = assessment
        self.rng = rng
        self.levels: dict[str, dict[str, int]] = {column: {} for column in Column.values}
        self.versions: dict[tuple[str, str], int] = {}
        self.notes: dict[tuple[str, str], str] = {}
        index = catalog_index(assessment.framework)
        for criterion_id, column, level, version, note in Rating.objects.filter(
            assessment=assessment
        ).values_list("criterion_id", "column", "level", "version", "note"):
            code = index.code_by_criterion_id[criterion_id]
            assert level is not None  # the demo gives every criterion it rates a level
            self.levels[column][code] = level
            self.versions[column, code] = version
            self.notes[column, code] = note

    def rate(
        self,
        column: str,
        user: User,
        levels: dict[str, int],
        *,
        notes: dict[str, str] | None = None,
        reasons: Callable[[str], str] = lambda code: "",
    ) -> None:
        for code, level in levels.items():
            note = (notes or {}).get(code, self.notes.get((column, code), ""))
            outcome = rating_save(
                assessment_id=self.assessment.pk,
                column=column,
                criterion_code=code,
                level=level,
                user=user,
                note=note,
                reason=reasons(code),
                expected_version=self.versions.get((column, code), 0),
            )
            self.levels[column][code] = level
            self.versions[column, code] = outcome.rating.version
            self.notes[column, code] = note

    def step(self, user: User, *names: str) -> None:
        for name in names:
            assessment_transition(assessment_id=self.assessment.pk, name=name, user=user)

    def send_back(self, user: User, comment: str) -> None:
        assessment_return(assessment_id=self.assessment.pk, user=user, comment=comment)

    def second_opinion(
        self, of: str, *, every: int = 5, only: Iterable[str] | None = None
    ) -> dict[str, int]:
        """Another column's view of ``of``: the same levels, about one in ``every`` a level
        apart (reviewers more often lower than raise)."""
        codes = list(only) if only is not None else list(self.levels[of])
        return {
            code: _clamp(self.levels[of][code] + self.rng.choice((-1, -1, 1)))
            if self.rng.randrange(every) == 0
            else self.levels[of][code]
            for code in codes
        }

    def appraise(self, reviewer: User, codes: Iterable[str]) -> None:
        """The ministry's column starts at the province's levels (``ministry_start``); the
        ministry changes those of ``MINISTRY_CHANGES`` among ``codes``, each with its reason."""
        for code, version, level in Rating.objects.filter(
            assessment=self.assessment, column=Column.MINISTRY
        ).values_list("criterion__code", "version", "level"):
            self.versions[Column.MINISTRY, code] = version
            assert level is not None
            self.levels[Column.MINISTRY][code] = level
        changes = {}
        for code in codes:
            if code in MINISTRY_CHANGES:
                level = self.levels[Column.PROVINCE][code]
                delta = MINISTRY_CHANGES[code][0]
                changes[code] = level + delta if 0 <= level + delta <= 5 else level - delta
        self.rate(
            Column.MINISTRY, reviewer, changes, reasons=lambda code: MINISTRY_CHANGES[code][1]
        )


class _Seeder:
    def __init__(self, framework: Framework, enterprises: list[Enterprise]):
        self.framework = framework
        self.enterprises = enterprises
        snapshot = catalog_index(framework).snapshot
        self.pillars = [[c.code for c in p.criteria] for p in snapshot.pillars]
        self.codes = [code for pillar in self.pillars for code in pillar]
        self.year = timezone.localdate().year
        # The demo logins (demo.DEMO_USERS), not whoever else a local database may hold.
        demo = {"user__email__endswith": DEMO_DOMAIN}
        self.reviewer = MinistryReviewer.objects.get(can_appraise=True, **demo).user
        self.consultant = Engagement.objects.get(
            enterprise=enterprises[1],
            status=Engagement.Status.ACTIVE,
            consultant__user__email__endswith=DEMO_DOMAIN,
        ).consultant.user
        self.officers = {
            o.province_id: o.user
            for o in ProvinceOfficer.objects.filter(can_approve=True, **demo).select_related("user")
        }

    def member(self, index: int, role: str = Membership.Role.OWNER) -> User:
        return (
            Membership.objects.filter(enterprise=self.enterprises[index], role=role)
            .select_related("user")
            .earliest("pk")
            .user
        )

    def officer(self, index: int) -> User:
        return self.officers[self.enterprises[index].province_id]

    def self_levels(self, rng: random.Random, maturity: int) -> dict[str, int]:
        """An enterprise's own answers: around ``maturity``, each pillar a little above or
        below it."""
        levels = {}
        for pillar in self.pillars:
            lean = rng.choice((-1, 0, 0, 1))
            for code in pillar:
                levels[code] = _clamp(maturity + lean + rng.choice((-1, 0, 0, 1)))
        return levels

    def start(self, index: int, *, maturity: int | None, last_year: bool = False) -> _Chain:
        """Create this (or last) year's assessment as the enterprise's owner and, with
        ``maturity``, answer all 60 criteria. The levels do not depend on the year."""
        owner = self.member(index)
        rng = random.Random(f"dbi-demo-{index}-{last_year}")  # noqa: S311 — demo data
        assessment = assessment_create(
            enterprise=self.enterprises[index],
            framework=self.framework,
            period=self.year - 1 if last_year else self.year,
            user=owner,
        )
        chain = _Chain(assessment, rng)
        if maturity is not None:
            seed = f"dbi-demo-survey-{index}-{last_year}"  # its own generator: levels unchanged
            demo_survey_answer(assessment=assessment, user=owner, maturity=maturity, seed=seed)
            chain.rate(Column.SELF, owner, self.self_levels(rng, maturity), notes=SELF_NOTES)
        return chain

    def province_approved(self, index: int, maturity: int) -> _Chain:
        officer = self.officer(index)
        chain = self.start(index, maturity=maturity)
        chain.step(self.member(index), "submit")
        chain.step(officer, "province_start")
        chain.rate(Column.PROVINCE, officer, chain.second_opinion(Column.SELF))
        chain.step(officer, "province_approve")
        return chain

    # --- the scenarios, one per enterprise ---

    def main_enterprise(self) -> None:
        """Last year: submitted, returned for missing evidence, fixed, resubmitted, approved
        and appraised. This year: a draft from last year's answers, half of them revised by
        the owner and a staff member."""
        owner, staff, officer = (
            self.member(0),
            self.member(0, Membership.Role.STAFF),
            self.officer(0),
        )
        last = self.start(0, maturity=2, last_year=True)
        last.step(owner, "submit")
        last.step(officer, "province_start")
        last.rate(Column.PROVINCE, officer, last.second_opinion(Column.SELF, only=self.pillars[0]))
        last.send_back(officer, PROVINCE_RETURN)
        last.rate(
            Column.SELF,
            staff,
            {code: _clamp(last.levels[Column.SELF][code] + 1) for code in ("1.1.4", "3.2.5")},
            notes={
                "1.1.4": "Bổ sung: ảnh chụp gian hàng và doanh thu trên sàn năm nay.",
                "3.2.5": "Bổ sung: hóa đơn dịch vụ lưu trữ đám mây.",
            },
        )
        last.step(owner, "submit")
        last.step(officer, "province_start")
        rest = [code for code in self.codes if code not in last.levels[Column.PROVINCE]]
        last.rate(Column.PROVINCE, officer, last.second_opinion(Column.SELF, only=rest))
        last.rate(Column.PROVINCE, officer, {"1.1.4": last.levels[Column.SELF]["1.1.4"]})
        last.step(officer, "province_approve")
        last.step(self.reviewer, "ministry_start")
        last.appraise(self.reviewer, self.codes)
        last.step(self.reviewer, "ministry_appraise")

        this = self.start(0, maturity=None)
        revised = this.rng.sample(self.codes, k=len(self.codes) // 2)
        for who, codes in ((owner, revised[::2]), (staff, revised[1::2])):
            this.rate(
                Column.SELF,
                who,
                {code: _clamp(this.levels[Column.SELF][code] + 1) for code in codes},
            )

    def consultant_assessing(self, index: int) -> None:
        chain = self.start(index, maturity=3)
        chain.step(self.member(index), "submit")
        chain.step(self.consultant, "consultant_start")
        chain.rate(
            Column.CONSULTANT,
            self.consultant,
            chain.second_opinion(Column.SELF, only=self.codes[:20]),
        )

    def province_review_after_consultant(self, index: int) -> None:
        chain = self.start(index, maturity=3)
        chain.step(self.member(index), "submit")
        chain.step(self.consultant, "consultant_start")
        chain.rate(Column.CONSULTANT, self.consultant, chain.second_opinion(Column.SELF))
        chain.step(self.consultant, "consultant_finish")
        officer = self.officer(index)
        chain.rate(
            Column.PROVINCE,
            officer,
            chain.second_opinion(Column.CONSULTANT, only=self.codes[:30]),
        )

    def appraised(self, index: int) -> None:
        chain = self.province_approved(index, maturity=4)
        chain.step(self.reviewer, "ministry_start")
        chain.appraise(self.reviewer, self.codes)
        chain.step(self.reviewer, "ministry_appraise")

    def ministry_appraising(self, index: int) -> None:
        chain = self.province_approved(index, maturity=2)
        chain.step(self.reviewer, "ministry_start")
        chain.appraise(self.reviewer, self.pillars[0] + self.pillars[1])

    def returned(self, index: int) -> None:
        officer = self.officer(index)
        chain = self.start(index, maturity=1)
        chain.step(self.member(index), "submit")
        chain.step(officer, "province_start")
        chain.rate(
            Column.PROVINCE, officer, chain.second_opinion(Column.SELF, only=self.pillars[0])
        )
        chain.send_back(officer, PROVINCE_RETURN_PILLAR_3)

    def submitted(self, index: int) -> None:
        self.start(index, maturity=2).step(self.member(index), "submit")

    def half_filled(self, index: int) -> None:
        chain = self.start(index, maturity=None)
        levels = self.self_levels(chain.rng, 2)
        first_three = self.pillars[0] + self.pillars[1] + self.pillars[2]
        chain.rate(Column.SELF, self.member(index), {code: levels[code] for code in first_three})

    def scenarios(self) -> dict[int, Callable[[], object]]:
        return {
            0: self.main_enterprise,
            1: lambda: self.consultant_assessing(1),
            2: lambda: self.province_review_after_consultant(2),
            4: lambda: self.province_approved(4, maturity=3),
            5: lambda: self.appraised(5),
            6: lambda: self.returned(6),
            8: lambda: self.ministry_appraising(8),
            9: lambda: self.submitted(9),
            10: lambda: self.half_filled(10),
        }


def demo_assessments_seed(*, enterprises: list[Enterprise]) -> int:
    """Run each scenario whose enterprise has no assessment yet; returns how many assessments
    they made. Needs the catalog (``manage.py load_catalog``); without it there is nothing to
    assess."""
    framework = Framework.objects.filter(code=SME).first()
    if framework is None:
        return 0
    seeder = _Seeder(framework, enterprises)
    started = set(
        Assessment.objects.filter(enterprise__in=enterprises).values_list(
            "enterprise_id", flat=True
        )
    )
    mine = Assessment.objects.filter(enterprise__in=enterprises)
    before = mine.count()
    for index, scenario in seeder.scenarios().items():
        if enterprises[index].pk not in started:
            scenario()
    return mine.count() - before


def demo_assessment_summary(*, enterprises: list[Enterprise]) -> list[tuple[str, ...]]:
    """(enterprise, province, year, state, owner login) of each demo assessment, for the
    ``seed_demo`` printout; read from the database, so a second run shows the same list."""
    owners = dict(
        Membership.objects.filter(
            enterprise__in=enterprises, role=Membership.Role.OWNER
        ).values_list("enterprise_id", "user__email")
    )
    order = {enterprise.pk: position for position, enterprise in enumerate(enterprises)}
    rows = Assessment.objects.filter(enterprise__in=enterprises).select_related(
        "enterprise__province"
    )
    return [
        (
            a.enterprise.name,
            a.enterprise.province.name,
            str(a.period),
            str(a.get_state_display()),
            owners.get(a.enterprise_id, ""),
        )
        for a in sorted(rows, key=lambda a: (order[a.enterprise_id], a.period))
    ]
