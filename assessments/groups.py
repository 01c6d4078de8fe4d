"""A corporate group's result for a framework and a year (Decision 2158/QĐ-BTTTT, Appendix 2,
4.b): each member company is assessed on its own, and the group's score is the mean of the
members' scores weighted by the parent's ownership share of each
(``scoring.ownership_weighted.group_score``).

A member's score is its *reference* result of that framework and year — the column result the
dashboards count (``ColumnResult.is_reference`` and ``counted``: the most authoritative column
whose review step is over, never a draft; see ``column_results``). A member with no such result
(not assessed that year on that framework, or still a draft) is listed without a result and left
out of the mean, and the page says how many members and how much of the shares the mean covers.
A member whose listing it has not confirmed yet (enterprises/services/groups.py) is listed the
same way, with neither its result nor its assessment's state: its results are its own.

Scores are in the framework's unit: R in thousandths (readiness), percents in hundredths (large
enterprises), points (2021). The 2021 index decides a level from pillar counts a weighted total
does not have, so a group on that index gets a weighted total of points and no level.

Reads in a fixed number of queries, whatever the number of members.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Prefetch, QuerySet
from django.utils.formats import number_format

from enterprises.models import Enterprise, GroupMember

from . import score_texts, scoring
from .figure_texts import percent_text
from .models import Assessment, ColumnResult, Framework

LARGE = "dbi-large-2023"  # the framework a group's page opens on (groups are large enterprises)


def share_text(share: int) -> str:
    """A share in hundredths of a percent as people read it: 5150 → "51,5 %" (vi)."""
    return f"{share_input(share)} %"


def share_input(share: int) -> str:
    """A share as typed in its input: 5150 → "51,5" (vi), "51.5" (en)."""
    exact = Decimal(share) / 100
    text = format(exact.normalize(), "f")
    places = len(text.split(".")[1]) if "." in text else 0
    return number_format(exact, decimal_pos=places, use_l10n=True)


@dataclass(frozen=True)
class MemberResult:
    entry: GroupMember  # with ``member`` and ``added_by`` loaded
    assessment: Assessment | None  # the member's assessment of that framework and year
    result: ColumnResult | None  # its reference result; None: no result, left out

    @property
    def member(self) -> Enterprise:
        return self.entry.member

    @property
    def share(self) -> int:
        return self.entry.share

    @property
    def pending(self) -> bool:
        """The member has not confirmed the listing yet: nothing of its results is shown."""
        return not self.entry.confirmed

    @property
    def score(self) -> int | None:
        return None if self.result is None else self.result.total


@dataclass(frozen=True)
class GroupReading:
    group: Enterprise
    framework: Framework
    period: int
    members: tuple[MemberResult, ...]
    result: scoring.GroupResult
    level_names: dict[int, str]

    @property
    def method(self) -> str:
        return self.framework.scoring_method

    @property
    def has_level(self) -> bool:
        """Whether the framework's rules give a weighted score a level (by thresholds)."""
        return self.method != scoring.SME_BANDS_2021

    @property
    def on_reference_questions(self) -> bool:
        """Whether a counted member answered the portal's own reference questions (labelled on
        every page: they are not the ministry's official questions)."""
        return any(
            m.result is not None
            and m.assessment is not None
            and m.assessment.catalog_version.is_reference
            for m in self.members
        )

    @property
    def score_text(self) -> str:
        return score_texts.total_text(self.method, self.result.score)

    @property
    def level_name(self) -> str:
        return self.level_names.get(self.result.level, "")

    @property
    def share_total_text(self) -> str:
        return share_text(self.result.share_total)

    @property
    def share_scored_text(self) -> str:
        return share_text(self.result.share_scored)

    @property
    def coverage_text(self) -> str:
        """The part of the listed shares the mean covers: "75 %" (rounded down)."""
        total = self.result.share_total
        if not total:
            return percent_text(Fraction(0))
        return f"{percent_text(Fraction(self.result.share_scored * 100, total))} %"

    def member_score_text(self, member: MemberResult) -> str:
        if member.result is None:
            return ""
        maximum = self.framework.max_points if self.method == scoring.SME_BANDS_2021 else None
        return score_texts.total_text(self.method, member.result.total, maximum or None)


def group_frameworks() -> QuerySet[Framework]:
    """The frameworks a group's result may be read on: the active ones."""
    return Framework.objects.filter(is_active=True).order_by("code")


def default_framework(frameworks: list[Framework]) -> Framework | None:
    """The large-enterprise index when it is loaded, else the first framework."""
    return next((f for f in frameworks if f.code == LARGE), frameworks[0] if frameworks else None)


def group_periods(group: Enterprise, framework: Framework) -> list[int]:
    """The years, latest first, in which a member of ``group`` has a reference result of
    ``framework`` (one query)."""
    return list(
        ColumnResult.objects.filter(
            assessment__enterprise_id__in=GroupMember.objects.filter(
                group=group, confirmed_at__isnull=False
            ).values("member_id"),
            framework=framework,
            is_reference=True,
            counted=True,
        )
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()
    )


def group_result(group: Enterprise, framework: Framework, period: int) -> GroupReading:
    """The group's members with their shares and their reference results of ``framework`` for
    ``period``, and the ownership-weighted result: five queries (members, their assessments,
    the assessments' reference results, the thresholds, the level names)."""
    entries = list(
        GroupMember.objects.filter(group=group)
        .select_related("member", "added_by")
        .order_by("-share", "member__name_vi", "pk")
    )
    assessments = {
        a.enterprise_id: a
        for a in Assessment.objects.filter(
            enterprise_id__in=[e.member_id for e in entries if e.confirmed],
            framework=framework,
            period=period,
        )
        .select_related("catalog_version")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=ColumnResult.objects.filter(is_reference=True, counted=True),
                to_attr="reference_results",
            )
        )
    }
    members = []
    for entry in entries:
        if not entry.confirmed:
            members.append(MemberResult(entry, None, None))
            continue
        assessment = assessments.get(entry.member_id)
        found = getattr(assessment, "reference_results", [])
        members.append(MemberResult(entry, assessment, found[0] if found else None))
    thresholds = (
        ()
        if framework.scoring_method == scoring.SME_BANDS_2021
        else tuple(
            scoring.Threshold(level, minimum)
            for level, minimum in framework.thresholds.values_list("level", "minimum")
        )
    )
    result = scoring.group_score(
        [scoring.Member(str(m.member.pk), m.share, m.score) for m in members], thresholds
    )
    names = {n.level: n.name for n in framework.level_names.all()}
    return GroupReading(group, framework, period, tuple(members), result, names)
