"""An engagement's first steps, with the notifications they queue run: the enterprise's owner
invites the consultant, who accepts (``side`` maps "enterprise", "owner" and "consultant")."""

from enterprises.services import engagement_accept, engagement_invite


def invite(side, capture):
    with capture(execute=True):
        return engagement_invite(
            enterprise=side["enterprise"], consultant=side["consultant"], invited_by=side["owner"]
        )


def accept(side, engagement, capture):
    with capture(execute=True):
        return engagement_accept(
            engagement=engagement,
            user=side["consultant"].user,
            not_insured_employee=True,
            not_member_unit=True,
        )
