"""The database keeps notifications honest: each is about exactly one thing, and one step is told
to one person once."""

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Assessment, AuditEntry
from enterprises.services import engagement_invite
from notifications.models import Notification

from ..factories import AssessmentFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def test_a_notification_about_nothing_is_refused(side):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=side["owner"], kind=Kind.ENGAGEMENT_ENDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=side["owner"], kind=Kind.TRANSITION)


def test_a_notification_about_two_things_is_refused(side, sme_framework):
    assessment = AssessmentFactory(enterprise=side["enterprise"], created_by=side["owner"])
    entry = AuditEntry.objects.create(
        assessment=assessment,
        action=AuditEntry.Action.TRANSITION,
        to_state=Assessment.State.SUBMITTED,
        actor=side["owner"],
    )
    engagement = engagement_invite(
        enterprise=side["enterprise"], consultant=side["consultant"], invited_by=side["owner"]
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=side["staff"],
            kind=Kind.TRANSITION,
            assessment=assessment,
            event=entry,
            engagement=engagement,
        )


def test_the_same_engagement_step_cannot_be_told_twice_to_one_person(side):
    engagement = engagement_invite(
        enterprise=side["enterprise"], consultant=side["consultant"], invited_by=side["owner"]
    )
    Notification.objects.create(
        recipient=side["staff"], kind=Kind.ENGAGEMENT_INVITED, engagement=engagement
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=side["staff"], kind=Kind.ENGAGEMENT_INVITED, engagement=engagement
        )
