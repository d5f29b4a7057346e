from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from plgportal.accounts.models import User
from plgportal.calls.models import Call, DelegateQuota, SelectionCriterion

BRUSSELS = ZoneInfo("Europe/Brussels")
TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="nl_BE")
    role = "applicant"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        # allauth refuses unverified addresses at login; most tests want a ready account.
        if not create:
            return
        self.save()
        if extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CallFactory(factory.django.DjangoModelFactory):
    """An open call with the 2024 rules; pass dates to move it in time."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Oproep {n}")
    slug = factory.Sequence(lambda n: f"oproep-{n}")
    reference_prefix = factory.Sequence(lambda n: f"PLG-T{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    results_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    plgs_to_select = 10
    min_schools = 3
    max_schools = 5
    school_year_label = "2025-2026"
    school_year_start = date(2025, 9, 1)
    school_year_end = date(2026, 6, 30)
    meeting_count = 5
    meeting_duration = timedelta(hours=2, minutes=30)
    kickoff_window_start = date(2025, 9, 22)
    kickoff_window_end = date(2025, 12, 20)
    closing_window_start = date(2026, 3, 20)
    closing_window_end = date(2026, 6, 20)
    eligible_levels = factory.LazyFunction(lambda: ["lager", "secundair"])

    @factory.post_generation
    def quotas(self, create, extracted, **kwargs):
        if create:
            for count, delegates in (extracted or {3: 3, 4: 2, 5: 2}).items():
                DelegateQuota.objects.create(
                    call=self, school_count=count, delegates_per_school=delegates
                )


class SelectionCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Criterium {n}")
    weight = Decimal("1.00")


def brussels(year, month, day, hour=0, minute=0, second=0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BRUSSELS)
