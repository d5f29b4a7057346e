import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plgportal.demo import DEMO_TOTP_SECRET

PERIOD_SECONDS = 30


class Command(BaseCommand):
    help = "The current two-factor code of the demo staff and jurors (an authenticator app's)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for the demo only and refuses to run with DEBUG off.")
        now = int(time.time())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // PERIOD_SECONDS))
        left = PERIOD_SECONDS - now % PERIOD_SECONDS
        self.stdout.write(f"{code}  (valid for {left} more seconds, and the 30 after)")
