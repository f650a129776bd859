from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from health.services import heartbeat_is_fresh, heartbeat_last_seen


class Command(BaseCommand):
    help = "Exit non-zero unless beat's periodic task ran on a worker recently (a health check)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=180, help="seconds (default 180)")

    def handle(self, *args, max_age: int, **options):
        if not heartbeat_is_fresh(max_age=timedelta(seconds=max_age)):
            raise CommandError(f"No heartbeat in the last {max_age} s: {heartbeat_last_seen()}")
        self.stdout.write("ok")
