"""Demo data for `manage.py seed_demo`: the 2024 call, an open practice copy, demo accounts.

Each app adds its own step (dossiers, scores, trajectories) from its `AppConfig.ready()`
(`register_demo_seed`); they run after the accounts and calls, in the order of INSTALLED_APPS,
and before the demo outbox.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.db import transaction
from django.utils import timezone

from plgportal.accounts.enums import Role
from plgportal.accounts.models import User
from plgportal.accounts.rules import must_use_two_factor
from plgportal.accounts.services import user_set_role
from plgportal.calls.call_2024 import BRUSSELS, END_OF_DAY, call_2024_upsert
from plgportal.outbox.demo import seed_outbox
from plgportal.registry import Registry

DEMO_PASSWORD = "plg-demo-2025"
# The authenticator-app secret of the demo staff and jurors, who must sign in with two factors:
# add it to an authenticator app, or ask `manage.py demo_code` for the current code.
DEMO_TOTP_SECRET = "PLGPORTALDEMOSECRETFORTWOFACTORS"
DEMO_ACCOUNTS = [
    ("staff@demo.plg", "Sofie Stichting", Role.STAFF),
    ("director.a@demo.plg", "An Directeur", Role.APPLICANT),
    ("director.b@demo.plg", "Bart Directeur", Role.APPLICANT),
    ("jury.1@demo.plg", "Jef Jurylid", Role.JURY),
    ("jury.2@demo.plg", "Julie Jurylid", Role.JURY),
    ("jury.3@demo.plg", "Jan Jurylid", Role.JURY),
    ("coach.1@demo.plg", "Chris Coach", Role.COACH),
]
PRACTICE_SLUG = "plg-oefenoproep"


def next_school_year(today: date) -> tuple[date, date]:
    """The school year after the current one (in Flanders: 1 September to 31 August)."""
    current_start_year = today.year if today.month >= 9 else today.year - 1
    start_year = current_start_year + 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def practice_call_values(today: date) -> dict:
    """Same rules as 2024, open today, deadline in 60 days, meetings next school year."""
    year_start, year_end = next_school_year(today)
    deadline_day = today + timedelta(days=60)
    return {
        "title": "Professionele leergemeenschappen over de schoolmuren heen – oefenoproep",
        "title_fr_be": (
            "Communautés d'apprentissage professionnelles au-delà des murs de l'école – "
            "appel d'exercice"
        ),
        "reference_prefix": "PLG-OEFEN",
        "opens_at": datetime.combine(today, datetime.min.time(), tzinfo=BRUSSELS),
        "deadline": datetime.combine(deadline_day, END_OF_DAY, tzinfo=BRUSSELS),
        "results_date": deadline_day + timedelta(days=60),
        "school_year_label": f"{year_start.year}-{year_end.year}",
        "school_year_start": year_start,
        "school_year_end": year_end,
        "evaluation_report_due": date(year_end.year, 6, 30),
        "kickoff_window_start": date(year_start.year, 9, 22),
        "kickoff_window_end": date(year_start.year, 12, 20),
        "closing_window_start": date(year_end.year, 3, 20),
        "closing_window_end": date(year_end.year, 6, 20),
    }


def seed_calls(*, today: date) -> None:
    call_2024_upsert()
    call_2024_upsert(slug=PRACTICE_SLUG, **practice_call_values(today))


def seed_accounts(*, today: date) -> None:
    for email, full_name, role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=full_name
            )
        user_set_role(user=user, role=role)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if must_use_two_factor(user):
            Authenticator.objects.get_or_create(
                user=user,
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
            )


# One step of the demo: (today=) -> None.
DemoSeed = Callable[..., None]

DEMO_SEEDS: Registry[str, DemoSeed] = Registry("demo seed")


def register_demo_seed(name: str, seed: DemoSeed) -> None:
    DEMO_SEEDS.register(name, seed)


def seed_steps() -> list[DemoSeed]:
    return [seed_accounts, seed_calls, *DEMO_SEEDS.values(), seed_outbox]


@transaction.atomic
def seed_demo(today: date | None = None) -> None:
    today = today or timezone.localdate()
    for step in seed_steps():
        step(today=today)
