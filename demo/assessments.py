"""Demo assessments: the review chain in every state, for ``manage.py seed_demo``.

Everything goes through the real services (``assessment_create``, ``rating_save``,
``figures_save``, ``assessment_transition``, ``assessment_return``), so the ratings, the
figures, the stored results, the audit trail and the inbox are exactly what people clicking
through the portal would leave behind. Deterministic (seeded random generators per enterprise
and year) and idempotent: an enterprise that already has an assessment is left alone.

Last year's assessments are answered on the portal's own guidance questions
(``LAST_YEAR_VERSION``, one answer per level, saved by level as before), this year's on the
national form (``THIS_YEAR_VERSION``) the way it asks: an answer for each question with answers
and figures for each question asked as figures, the shared denominators (total staff, revenue,
spending) once, plausible for the enterprise (``demo.answers``). A scenario has levels in mind;
the chain keeps the levels the services actually stored (an answer or a share may not give the
level meant), and the next column's second opinion starts from those. Reviewers enter the
figures of the column they check and now and then correct one; the province of enterprise 4
corrects the total staff, and the province of enterprise 5 sets one figures criterion's level
directly, with a note.

Which enterprise (its index in ``demo.people.demo_people_seed``'s list) is left in which state:

* 0 (Vĩnh Long, ``dn.chu``): last year appraised after a return and a resubmission, with two
  ministry changes; this year a draft on the national form, answered by the owner and a staff
  member from last year's levels, half of them revised (last year's answers do not carry over:
  they answered other questions);
* 1 (Phú Thọ, engaged the consultant): the consultant is assessing, a third of the way through;
* 2 (Đồng Nai, engaged the consultant): the consultant finished, the province is reviewing;
* 4 (Phú Thọ): approved by the province (which corrected the total staff), waiting for the
  ministry;
* 5 (Đồng Nai): appraised, the province set one level directly, the ministry changed two
  criteria with reasons;
* 6 (Vĩnh Long): returned to the enterprise with the province's comment;
* 8 (Đồng Nai): the ministry is appraising;
* 9 (Vĩnh Long): submitted, waiting for the province;
* 10 (Phú Thọ): a first draft, pillars 1–3 answered (30 of 60 criteria).

Each assessment whose self answers are seeded also gets the unscored survey answered while it is
a draft (``demo/survey.py``): this year's, on the national form (last year's version has no
survey); this year's drafts of 0 and 10 have none, so their pages prompt for it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

from django.utils import timezone

from assessments.catalog import DEFAULT_FRAMEWORK_CODE
from assessments.models import (
    Assessment,
    CatalogVersion,
    Column,
    Framework,
    Question,
    QuestionKind,
    Rating,
)
from assessments.selectors import (
    catalog_index,
    column_figures,
    current_version,
    question_level,
    questionnaire_of,
)
from assessments.services import (
    assessment_create,
    assessment_return,
    assessment_transition,
    figures_save,
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

from .answers import answer_for, asks_levels, numerator_for, own_denominator, shared_figures
from .survey import demo_survey_answer

SME = DEFAULT_FRAMEWORK_CODE
DEMO_DOMAIN = "@dbi.local"
LAST_YEAR_VERSION = "guidance-2021"
THIS_YEAR_VERSION = "official-2021"

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
# A reviewer's figure that differs from the enterprise's, and why.
FIGURE_CORRECTION = "Đối chiếu chứng từ: số liệu doanh nghiệp khai chưa khớp, nhập lại theo hồ sơ."
STAFF_CORRECTION = (
    "Theo danh sách đóng bảo hiểm xã hội tháng gần nhất, tổng số nhân viên là %(staff)s "
    "(doanh nghiệp khai %(declared)s)."
)
# The province of enterprise 5 sets this figures criterion's level itself, saying why.
DIRECT_CODE = "1.1.8"
DIRECT_NOTE = (
    "Doanh nghiệp chưa thống kê được tổng số cuộc giao tiếp với khách hàng; Sở đặt mức theo "
    "nhật ký tổng đài và tin nhắn Zalo OA đã xem trực tiếp."
)


def _clamp(level: int) -> int:
    return min(5, max(0, level))


class _Chain:
    """One demo assessment driven through the services; remembers each cell's stored level,
    version and note (read back after every save), so that the next save of a cell names the
    version it replaces, as the page does, and a second opinion starts from what is stored.

    ``rng`` draws the scenario's levels, ``form_rng`` how the form is filled in (the figures,
    the answer among two of one level), so the one does not shift the other."""

    def __init__(self, assessment: Assessment, rng: random.Random, form_rng: random.Random):
        self.assessment = assessment
        self.rng = rng
        self.form_rng = form_rng
        self.asked = questionnaire_of(assessment)
        self.by_level = asks_levels(list(self.asked.questions.values()))
        self.code_of = catalog_index(assessment.framework).code_by_criterion_id
        self.levels: dict[str, dict[str, int]] = {column: {} for column in Column.values}
        self.versions: dict[tuple[str, str], int] = {}
        self.notes: dict[tuple[str, str], str] = {}
        # The enterprise's facts: shared denominators, then questions' own as they are asked.
        self.facts = shared_figures(assessment.enterprise, form_rng)
        for column in Column.values:
            self.refresh(column)

    def refresh(self, column: str) -> None:
        """Read the column's stored cells back."""
        self.levels[column] = {}
        for criterion_id, level, version, note in Rating.objects.filter(
            assessment=self.assessment, column=column
        ).values_list("criterion_id", "level", "version", "note"):
            code = self.code_of[criterion_id]
            if level is not None:
                self.levels[column][code] = level
            self.versions[column, code] = version
            self.notes[column, code] = note

    def is_figures(self, code: str) -> bool:
        return self.asked.questions[code].kind == QuestionKind.FIGURES

    def rate(
        self,
        column: str,
        user: User,
        levels: dict[str, int],
        *,
        notes: dict[str, str] | None = None,
        reasons: Callable[[str], str] = lambda code: "",
        checking: str | None = None,
    ) -> None:
        """Answer ``levels`` ({code: the level meant}) in ``column`` as ``user``: by level on a
        version that asks levels, else the answer for each level (``answers.answer_for``) and,
        for the questions asked as figures, figures giving it (``answers.numerator_for``). A
        reviewer ``checking`` another column first enters that column's figures, then corrects
        those that do not give the level meant, saying why."""
        figured = {code: level for code, level in levels.items() if self.is_figures(code)}
        for code, level in levels.items():
            if code not in figured:
                self._answer(column, user, code, level, notes, reasons)
        if figured:
            if checking is not None:
                self._copy_figures(column, user, checking, figured)
            why = "; ".join(dict.fromkeys(filter(None, map(reasons, figured))))
            if checking is not None:
                why = why or FIGURE_CORRECTION
            self._enter_figures(column, user, figured, reason=why)
            self.refresh(column)
            for code in figured:
                note = (notes or {}).get(code)
                if note is not None and note != self.notes.get((column, code), ""):
                    self._save(column, user, code, note=note)
        self.refresh(column)

    def _save(
        self,
        column: str,
        user: User,
        code: str,
        *,
        note: str,
        reason: str = "",
        level: int | None = None,
        option: int | None = None,
    ) -> None:
        """One ``rating_save`` naming the cell's version, with ``level`` or the answer at
        ``option`` (neither: a figures question keeps the level its figures give)."""
        outcome = rating_save(
            assessment_id=self.assessment.pk,
            column=column,
            criterion_code=code,
            level=level,
            option=option,
            user=user,
            note=note,
            reason=reason,
            expected_version=self.versions.get((column, code), 0),
        )
        self.versions[column, code] = outcome.rating.version
        self.notes[column, code] = note

    def _answer(
        self,
        column: str,
        user: User,
        code: str,
        level: int,
        notes: dict[str, str] | None,
        reasons: Callable[[str], str],
    ) -> None:
        note = (notes or {}).get(code, self.notes.get((column, code), ""))
        if self.by_level:
            self._save(column, user, code, note=note, reason=reasons(code), level=level)
        else:
            position, _level = answer_for(self.asked.questions[code], level, self.form_rng)
            self._save(column, user, code, note=note, reason=reasons(code), option=position)

    def _denominator(self, question: Question) -> int:
        field = question.denominator
        assert field is not None
        if field.key not in self.facts:
            self.facts[field.key] = own_denominator(
                field.key, field.unit, self.facts, self.form_rng
            )
        return self.facts[field.key]

    def _copy_figures(self, column: str, user: User, source: str, codes: Iterable[str]) -> None:
        """Enter ``source``'s figures of ``codes`` in ``column`` (what the reviewer checks)."""
        theirs = column_figures(self.assessment, source)
        terms = set()
        for code in codes:
            question = self.asked.questions[code]
            assert question.numerator is not None
            assert question.denominator is not None
            terms |= {question.numerator.key, question.denominator.key}
        values = {key: theirs[key] for key in terms if key in theirs}
        if values:
            figures_save(assessment_id=self.assessment.pk, column=column, values=values, user=user)

    def _enter_figures(
        self, column: str, user: User, levels: dict[str, int], *, reason: str = ""
    ) -> None:
        """One ``figures_save``: for each question of ``levels`` whose stored figures do not
        give its level, a numerator that does (or gives the highest level below it that its
        denominator lets a share reach), and the denominators the column has not entered yet,
        shared ones once (the enterprise's ``facts``)."""
        stored = column_figures(self.assessment, column)
        values: dict[str, int] = {}
        for code, level in levels.items():
            question = self.asked.questions[code]
            assert question.numerator is not None
            assert question.denominator is not None
            now = question_level(question, {**stored, **values}, self.asked)
            if now is not None and now.level == level:
                continue
            key = question.denominator.key
            denominator = values.get(key, stored.get(key))
            if denominator is None:
                denominator = values[key] = self._denominator(question)
            values[question.numerator.key], _level = numerator_for(
                self.asked.thresholds(code),
                level,
                denominator,
                question.numerator.unit,
                self.form_rng,
            )
        if values:
            figures_save(
                assessment_id=self.assessment.pk,
                column=column,
                values=values,
                user=user,
                reason=reason,
            )

    def correct_staff(self, column: str, user: User) -> None:
        """The reviewer corrects the total staff the enterprise declared (a few more on the
        insurance list); every criterion counted per member of staff is levelled again."""
        declared = column_figures(self.assessment, column).get("staff_total")
        if declared is None:
            return
        staff = declared + max(1, declared // 10)
        figures_save(
            assessment_id=self.assessment.pk,
            column=column,
            values={"staff_total": staff},
            user=user,
            reason=STAFF_CORRECTION % {"staff": staff, "declared": declared},
        )
        self.refresh(column)

    def set_directly(self, column: str, user: User, code: str, level: int, note: str) -> None:
        """A reviewer sets a figures criterion's level without figures, with a note why (the
        history's reason for the change, too)."""
        self._save(column, user, code, note=note, reason=note, level=level)
        self.refresh(column)

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
        self.refresh(Column.MINISTRY)
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
        self.versions = {
            last_year: self._version(label)
            for last_year, label in ((True, LAST_YEAR_VERSION), (False, THIS_YEAR_VERSION))
        }
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

    def _version(self, label: str) -> CatalogVersion:
        """The named version, or the current one on a catalog without it."""
        named = CatalogVersion.objects.filter(framework=self.framework, label=label).first()
        return named or current_version(self.framework)

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
        """Create this (or last) year's assessment as the enterprise's owner, on this (or last)
        year's version, and, with ``maturity``, answer all 60 criteria. The levels meant do not
        depend on the year."""
        owner = self.member(index)
        rng = random.Random(f"dbi-demo-{index}-{last_year}")  # noqa: S311 — demo data
        form_rng = random.Random(f"dbi-demo-form-{index}-{last_year}")  # noqa: S311
        assessment = assessment_create(
            enterprise=self.enterprises[index],
            framework=self.framework,
            period=self.year - 1 if last_year else self.year,
            user=owner,
            catalog_version=self.versions[last_year],
        )
        chain = _Chain(assessment, rng, form_rng)
        if maturity is not None:
            seed = f"dbi-demo-survey-{index}-{last_year}"  # its own generator: levels unchanged
            demo_survey_answer(assessment=assessment, user=owner, maturity=maturity, seed=seed)
            chain.rate(Column.SELF, owner, self.self_levels(rng, maturity), notes=SELF_NOTES)
        return chain

    def province_approved(
        self, index: int, maturity: int, *, staff_corrected: bool = False, direct: bool = False
    ) -> _Chain:
        """Submitted and approved by the province, which checked every criterion; with
        ``staff_corrected`` it corrects the total staff, with ``direct`` it sets DIRECT_CODE's
        level itself (a level below the enterprise's), with a note."""
        officer = self.officer(index)
        chain = self.start(index, maturity=maturity)
        chain.step(self.member(index), "submit")
        chain.step(officer, "province_start")
        levels = chain.second_opinion(Column.SELF)
        direct_level = levels.pop(DIRECT_CODE) if direct else None
        chain.rate(Column.PROVINCE, officer, levels, checking=Column.SELF)
        if staff_corrected:
            chain.correct_staff(Column.PROVINCE, officer)
        if direct_level is not None:
            level = _clamp(chain.levels[Column.SELF][DIRECT_CODE] - 1)
            chain.set_directly(Column.PROVINCE, officer, DIRECT_CODE, level, DIRECT_NOTE)
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

        # This year's form asks other questions: nothing carries over, the owner and a staff
        # member answer it from last year's levels, half of them one better.
        this = self.start(0, maturity=None)
        before = last.levels[Column.SELF]
        revised = this.rng.sample(self.codes, k=len(self.codes) // 2)
        meant = {
            code: _clamp(before[code] + 1) if code in revised else before[code]
            for code in self.codes
        }
        by_staff = set(revised[1::2])
        for who, codes in (
            (owner, [code for code in self.codes if code not in by_staff]),
            (staff, [code for code in self.codes if code in by_staff]),
        ):
            this.rate(Column.SELF, who, {code: meant[code] for code in codes}, notes=SELF_NOTES)

    def consultant_assessing(self, index: int) -> None:
        chain = self.start(index, maturity=3)
        chain.step(self.member(index), "submit")
        chain.step(self.consultant, "consultant_start")
        chain.rate(
            Column.CONSULTANT,
            self.consultant,
            chain.second_opinion(Column.SELF, only=self.codes[:20]),
            checking=Column.SELF,
        )

    def province_review_after_consultant(self, index: int) -> None:
        chain = self.start(index, maturity=3)
        chain.step(self.member(index), "submit")
        chain.step(self.consultant, "consultant_start")
        chain.rate(
            Column.CONSULTANT,
            self.consultant,
            chain.second_opinion(Column.SELF),
            checking=Column.SELF,
        )
        chain.step(self.consultant, "consultant_finish")
        officer = self.officer(index)
        chain.rate(
            Column.PROVINCE,
            officer,
            chain.second_opinion(Column.CONSULTANT, only=self.codes[:30]),
            checking=Column.CONSULTANT,
        )

    def appraised(self, index: int) -> None:
        chain = self.province_approved(index, maturity=4, direct=True)
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
            Column.PROVINCE,
            officer,
            chain.second_opinion(Column.SELF, only=self.pillars[0]),
            checking=Column.SELF,
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
            4: lambda: self.province_approved(4, maturity=3, staff_corrected=True),
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
    """(enterprise, province, year, state, owner login) of each demo assessment (the year
    followed by the framework's code when it is not the 2021 index), for the ``seed_demo``
    printout; read from the database, so a second run shows the same list."""
    owners = dict(
        Membership.objects.filter(
            enterprise__in=enterprises, role=Membership.Role.OWNER
        ).values_list("enterprise_id", "user__email")
    )
    order = {enterprise.pk: position for position, enterprise in enumerate(enterprises)}
    rows = Assessment.objects.filter(enterprise__in=enterprises).select_related(
        "enterprise__province", "framework"
    )
    return [
        (
            a.enterprise.name,
            a.enterprise.province.name,
            # Another framework's assessment of the same year is named, not taken for a twin.
            str(a.period) if a.framework.code == SME else f"{a.period}, {a.framework.code}",
            str(a.get_state_display()),
            owners.get(a.enterprise_id, ""),
        )
        for a in sorted(rows, key=lambda a: (order[a.enterprise_id], a.period))
    ]
