import datetime

from django.core.management.base import BaseCommand

from dbi_portal.celery import app
from dbi_portal.outbox.models import PendingTask
from dbi_portal.outbox.services import outbox_relay


class Command(BaseCommand):
    help = (
        "Send to the broker the tasks it missed (every 30 s under beat; by hand after an outage)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="also the messages younger than 10 s"
        )

    def handle(self, *args, **options):
        grace = datetime.timedelta(0) if options["all"] else datetime.timedelta(seconds=10)
        sent = outbox_relay(app=app, grace=grace)
        left = PendingTask.objects.count()
        self.stdout.write(f"sent {sent}, waiting {left}")
