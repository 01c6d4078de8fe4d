"""Corporate groups (tập đoàn kinh tế, tổng công ty, công ty mẹ): the parent lists its member
companies and its ownership share of each (Decision 2158/QĐ-BTTTT, Appendix 2, 4.b). Members are
assessed on their own; the group's score is the ownership-weighted mean of theirs."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .parties import Enterprise

FULL_SHARE = 10_000  # 100 % in hundredths of a percent


class GroupMember(models.Model):
    group = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="group_members")
    member = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="parent_groups")
    # The parent's ownership share of the member in hundredths of a percent (51.5 % is 5150).
    share = models.PositiveIntegerField(_("tỷ lệ sở hữu (phần vạn)"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)
    # A member's results are its own: the group reads them once someone who speaks for the
    # member (its owner, an officer of its province, the ministry) has confirmed the listing.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công ty thành viên")
        verbose_name_plural = _("công ty thành viên")
        ordering = ["group", "-share", "member__name_vi"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="group_member_once"),
            models.CheckConstraint(condition=~Q(group=F("member")), name="group_not_own_member"),
            models.CheckConstraint(
                condition=Q(share__gte=1) & Q(share__lte=FULL_SHARE), name="group_share_range"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="group_member_confirmed_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} ⊃ {self.member_id} ({self.share / 100:g} %)"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
