from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plgportal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo


class Command(BaseCommand):
    help = "Load demo data (idempotent): the 2024 call, an open practice call, demo accounts."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts with a known password "
                "must never reach a production database."
            )
        seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Accounts (password {DEMO_PASSWORD}):")
        )
        for email, _name, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<22} {role.label}")
        self.stdout.write(
            f"Staff and jurors sign in with two factors: authenticator-app secret "
            f"{DEMO_TOTP_SECRET}, or `manage.py demo_code` for the current code."
        )
