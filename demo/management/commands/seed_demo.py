from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import demo_seed


class Command(BaseCommand):
    help = "Create the demo admin and demo couple and print their logins (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates known accounts.")
        logins = demo_seed(credentials_file=settings.VAR_DIR / "demo-logins.json")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"The app: {settings.SITE_URL}/"))
        self.stdout.write(f"Admin:   {settings.SITE_URL}/admin/")
        for login in logins:
            self.stdout.write(f"  {login.role:<8} {login.email:<22} password: {login.password}")
        self.stdout.write("")
