"""/me/: a person's page. First what waits for them ("Việc cần làm"), role by role, then their
enterprises, invitations and duties (``enterprises.selectors.home_summary``).

What each role may see is the existing visibility (``assessments.selectors.assessments_visible_to``
and the queues built on it); a person sees only the roles they hold, and a member never sees
their own enterprise among the files to review. A fixed number of queries, however many files
wait: each group is counted and its first entries listed (``assessments.selectors.work_queues``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Assessment
from assessments.selectors import (
    WorkQueue,
    consultant_work_queues,
    member_assessments,
    ministry_work_queues,
    province_work_queues,
)
from certification.selectors import certificate_work_queue, with_current_certificate
from enterprises.models import Enterprise, Membership
from enterprises.selectors import home_summary

State = Assessment.State

# What each group of a queue is called, and what it says when nothing waits.
GROUP_TITLES: dict[str, dict[str, tuple[Promise, Promise]]] = {
    "officer": {
        "to_start": (
            gettext_lazy("Cần bắt đầu xem xét"),
            gettext_lazy("Không có hồ sơ mới nộp nào chờ Sở (không có tư vấn)."),
        ),
        "to_finish": (
            gettext_lazy("Cần hoàn thành đánh giá của Sở"),
            gettext_lazy("Không có hồ sơ nào Sở đang đánh giá dở."),
        ),
        "to_approve": (
            gettext_lazy("Cần phê duyệt"),
            gettext_lazy("Không có hồ sơ nào chờ phê duyệt."),
        ),
        "returned": (
            gettext_lazy("Đã trả lại, chờ doanh nghiệp sửa"),
            gettext_lazy("Không có hồ sơ nào đang trả lại doanh nghiệp."),
        ),
    },
    "consultant": {
        "to_start": (
            gettext_lazy("Cần bắt đầu đánh giá"),
            gettext_lazy("Không có hồ sơ nào của khách hàng chờ bạn bắt đầu."),
        ),
        "to_finish": (
            gettext_lazy("Đang đánh giá, cần hoàn thành"),
            gettext_lazy("Không có hồ sơ nào bạn đang đánh giá dở."),
        ),
    },
    "ministry": {
        "to_start": (
            gettext_lazy("Cần bắt đầu thẩm định"),
            gettext_lazy("Không có hồ sơ nào Sở đã phê duyệt chờ Bộ."),
        ),
        "to_finish": (
            gettext_lazy("Đang thẩm định, cần hoàn thành"),
            gettext_lazy("Không có hồ sơ nào đang thẩm định dở."),
        ),
        "to_issue": (
            gettext_lazy("Cần cấp chứng nhận"),
            gettext_lazy("Không có hồ sơ đã thẩm định nào chờ cấp chứng nhận."),
        ),
    },
}


# Groups listed for the record, not work: files returned wait on their enterprise.
WAITING_ON_OTHERS = {"returned"}


@dataclass(frozen=True)
class Group:
    """One group of a role's queue as the page shows it."""

    key: str
    title: Promise
    empty: Promise
    queue: WorkQueue
    url_name: str = "assessment"  # where an entry leads
    all_url: str = ""  # the full list, when more wait than are listed


@dataclass(frozen=True)
class Queue:
    """A role's part of the page: its title and its groups (``invitations``: a consultant's
    engagements to answer)."""

    role: str
    title: str
    groups: tuple[Group, ...]
    invitations: tuple[Any, ...] = ()

    @property
    def count(self) -> int:
        """What this person has to do: the invitations and the files of every group but those
        waiting on the enterprise (returned)."""
        waiting = sum(g.queue.count for g in self.groups if g.key not in WAITING_ON_OTHERS)
        return len(self.invitations) + waiting


def _groups(role: str, queues: list[WorkQueue], **links: str) -> tuple[Group, ...]:
    groups = []
    for queue in queues:
        title, empty = GROUP_TITLES[role][queue.key]
        url_name = links.get(queue.key, "assessment")
        more = queue.count > len(queue.items)
        all_url = (
            reverse("certificate-batch-new")
            if queue.key == "to_issue"
            else f"{reverse('enterprise-list')}?state={queue.state}"
        )
        groups.append(
            Group(queue.key, title, empty, queue, url_name, all_url=all_url if more else "")
        )
    return tuple(groups)


@dataclass(frozen=True)
class NextStep:
    """What an enterprise member does next with one assessment (or, without ``assessment``,
    starts this year's): what stands, the button, where it leads."""

    enterprise: Enterprise
    assessment: Assessment | None
    said: str
    action: str
    url: str
    primary: bool = True
    comment: str = field(default="")


WAITING_ON: dict[str, Promise] = {
    State.SUBMITTED: gettext_lazy("Đã nộp, chờ tư vấn hoặc Sở bắt đầu xem xét."),
    State.CONSULTANT_ASSESSING: gettext_lazy("Tư vấn đang đánh giá."),
    State.PROVINCE_REVIEW: gettext_lazy("Sở đang xem xét."),
    State.PROVINCE_APPROVED: gettext_lazy("Sở đã phê duyệt, chờ Bộ thẩm định."),
    State.MINISTRY_APPRAISAL: gettext_lazy("Bộ đang thẩm định."),
}


def next_step(assessment: Any) -> NextStep:
    """The next step of an assessment from ``member_assessments`` (with its certificate)."""
    page = reverse("assessment", args=[assessment.pk])
    enterprise = assessment.enterprise
    answered, total = assessment.answered, assessment.criteria_total
    if assessment.state in (State.DRAFT, State.RETURNED):
        comment = ""
        if assessment.state == State.RETURNED:
            comment = assessment.return_comment or ""
            said = _("Hồ sơ bị trả lại: sửa theo ý kiến rồi nộp lại.")
            action = _("Xem ý kiến trả lại và sửa")
        elif answered == 0:
            said = _("Chưa trả lời tiêu chí nào.")
            action = _("Bắt đầu tự đánh giá")
        elif answered < total:
            said = _("Đã trả lời %(answered)d/%(total)d tiêu chí.") % {
                "answered": answered,
                "total": total,
            }
            action = _("Tiếp tục tự đánh giá")
        else:
            said = _("Đã trả lời đủ %(total)d tiêu chí: có thể nộp hồ sơ.") % {"total": total}
            action = _("Nộp hồ sơ")
        return NextStep(enterprise, assessment, said, action, page, comment=comment)
    if assessment.state == State.APPRAISED:
        if assessment.current_certificate_id:
            return NextStep(
                enterprise,
                assessment,
                _("Đã thẩm định và được cấp chứng nhận."),
                _("Xem chứng nhận"),
                reverse("certificate-panel", args=[assessment.pk]),
            )
        return NextStep(
            enterprise,
            assessment,
            _("Đã thẩm định, chờ Bộ cấp chứng nhận."),
            _("Xem kết quả"),
            page,
        )
    return NextStep(
        enterprise, assessment, str(WAITING_ON[assessment.state]), _("Xem hồ sơ"), page, False
    )


def member_steps(user: Any, memberships: list[Membership]) -> list[NextStep]:
    """The next step of each of the member's assessments, and the start of this year's for each
    of their enterprises that has none."""
    steps = [next_step(a) for a in with_current_certificate(member_assessments(user=user))]
    year = timezone.localdate().year
    this_year = {s.enterprise.pk for s in steps if s.assessment and s.assessment.period == year}
    for membership in memberships:
        if membership.status == Membership.Status.ACTIVE and (
            membership.enterprise_id not in this_year
        ):
            steps.append(
                NextStep(
                    membership.enterprise,
                    None,
                    _("Chưa có hồ sơ đánh giá năm %(year)d.") % {"year": year},
                    _("Bắt đầu đánh giá năm %(year)d") % {"year": year},
                    reverse("enterprise-detail", args=[membership.enterprise_id]),
                )
            )
    return steps


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    summary = home_summary(user)
    queues: list[Queue] = []
    if summary["officer"] is not None:
        officer = summary["officer"]
        queues.append(
            Queue(
                "officer",
                _("Hồ sơ của Sở – %(province)s") % {"province": officer.province.name},
                _groups("officer", province_work_queues(user=user, officer=officer)),
            )
        )
    if summary["consultant"] is not None:
        invitations = tuple(e for e in summary["engagements"] if e.status == "invited")
        files = consultant_work_queues(user=user) if summary["accredited"] else []
        queues.append(
            Queue("consultant", _("Việc tư vấn"), _groups("consultant", files), invitations)
        )
    reviewer = summary["reviewer"]
    if reviewer is not None:
        ministry = ministry_work_queues(user=user, reviewer=reviewer)
        to_issue = certificate_work_queue(user=user)
        if to_issue is not None:
            ministry.append(to_issue)
        links = {"to_issue": "certificate-panel"}
        queues.append(Queue("ministry", _("Hồ sơ của Bộ"), _groups("ministry", ministry, **links)))
    active = [m for m in summary["memberships"] if m.status == Membership.Status.ACTIVE]
    steps = member_steps(user, active) if active else []
    context = {
        **summary,
        "queues": queues,
        "steps": steps,
        "work_count": sum(q.count for q in queues) + sum(1 for s in steps if s.primary),
    }
    return render(request, "worklist/home.html", context)
