import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sessions.scale import SCALE_SLUG, ScaleCallExists, seed_scale


class Command(BaseCommand):
    help = (
        "Build a call at scale for the benchmark: N submitted dossiers scored by J jurors, "
        "with trajectories for the best-scored ones, and known accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=1000)
        parser.add_argument("--jurors", type=int, default=5)
        parser.add_argument("--seed", type=int, default=2024, help="for the jurors' scores")
        parser.add_argument(
            "--force", action="store_true", help="delete the scale call first if it exists"
        )

    def handle(self, *args, dossiers, jurors, seed, force, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_scale refuses to run with DEBUG off: accounts with a known password "
                "must never reach a production database."
            )
        started = time.perf_counter()
        try:
            accounts = seed_scale(dossiers=dossiers, jurors=jurors, seed=seed, force=force)
        except ScaleCallExists as error:
            raise CommandError(
                f"The call {SCALE_SLUG!r} exists already; --force deletes it and builds it anew."
            ) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Call {SCALE_SLUG!r}: {dossiers} dossiers, {jurors} jurors in {seconds:.1f} s."
            )
        )
        if accounts.checklists_refreshed:
            self.stdout.write("Stored checklist outcomes refreshed (applications.checklist).")
        self.stdout.write(f"Accounts (password {accounts.password}):")
        for label, user in (
            ("staff", accounts.staff),
            ("applicant", accounts.applicant),
            ("juror", accounts.juror),
            ("coach", accounts.coach),
        ):
            self.stdout.write(f"  {label:<10} {user.email}")
        self.stdout.write(
            "Staff and jurors sign in with two factors: `manage.py demo_code` gives the code."
        )
