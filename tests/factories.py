import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.utils import timezone

from plgportal.accounts.models import User
from plgportal.calls.models import Call, DelegateQuota, SelectionCriterion

BRUSSELS = ZoneInfo("Europe/Brussels")
TEST_PASSWORD = "correct-horse-battery-staple"
# The authenticator-app secret of every test account that has one (base32, as apps take it).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TWO_FACTOR_ROLES = {"staff", "jury"}


def give_second_factor(user, secret: str = TEST_TOTP_SECRET):
    """An authenticator app for `user`, as if they had scanned its QR code."""
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)}
    )
    return user


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

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Staff and jurors sign in with two factors: they get an authenticator app unless a
        test asks for none (`second_factor=False`)."""
        wanted = self.role in TWO_FACTOR_ROLES if extracted is None else extracted
        if create and wanted:
            give_second_factor(self)


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


# A one-page PDF, as small as a valid one gets: letters of intent in tests.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


class DossierFactory(factory.django.DjangoModelFactory):
    """A draft dossier on an open call, with its contact person as collaborator."""

    class Meta:
        model = "applications.Dossier"
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    created_by = factory.SubFactory(UserFactory, role="applicant")
    working_title = factory.Sequence(lambda n: f"PLG {n}")

    @factory.post_generation
    def contact(self, create, extracted, **kwargs):
        if create:
            self.collaborators.create(
                user=self.created_by, email=self.created_by.email, role="contact"
            )


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.School"

    dossier = factory.SubFactory(DossierFactory)
    position = factory.Sequence(int)
    name = factory.Sequence(lambda n: f"Basisschool De Linde {n}")
    institution_number = factory.Sequence(lambda n: f"{100000 + n:06d}")
    levels = factory.LazyFunction(lambda: ["lager"])
    network = "go"
    street = "Schoolstraat 1"
    postcode = "9000"
    city = "Gent"
    recognised = True


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Delegate"

    school = factory.SubFactory(SchoolFactory)
    full_name = factory.Faker("name", locale="nl_BE")
    email = factory.Sequence(lambda n: f"delegate{n}@school.be")
    function = "teacher"


class LetterOfIntentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.LetterOfIntent"

    school = factory.SubFactory(SchoolFactory)
    file = factory.django.FileField(filename="letter.pdf", data=MINIMAL_PDF)
    original_name = "letter.pdf"
    size = len(MINIMAL_PDF)
    signer_name = "Directeur"
    signer_function = "Directeur"
    uploaded_by = factory.LazyAttribute(lambda o: o.school.dossier.created_by)


_open_call_numbers = itertools.count(1)


def eligible_dossier(*, schools=3, **dossier_kwargs):
    """A draft that passes every check of its call: schools with delegates and letters, five
    meetings in the school year, every commitment confirmed, a theme and all four texts."""
    from applications.checklist import refresh_checklist
    from applications.models import CommitmentConfirmation, DossierAnswer, PlannedMeeting
    from plgportal.calls.call_2024 import call_2024_upsert

    call = dossier_kwargs.pop("call", None) or call_2024_upsert(
        slug=f"open-{next(_open_call_numbers)}",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )
    dossier = DossierFactory(call=call, **dossier_kwargs)
    per_school = call.delegates_per_school(schools)
    for position in range(1, schools + 1):
        school = SchoolFactory(dossier=dossier, position=position)
        DelegateFactory.create_batch(per_school, school=school)
        LetterOfIntentFactory(school=school)
    hosts = list(dossier.schools.all())
    for position in range(1, call.meeting_count + 1):
        PlannedMeeting.objects.create(
            dossier=dossier,
            position=position,
            date=call.school_year_start + timedelta(days=30 * position),
            host_school=hosts[(position - 1) % len(hosts)],
        )
    for commitment in call.commitments.all():
        CommitmentConfirmation.objects.create(
            dossier=dossier, commitment=commitment, confirmed_by=dossier.created_by
        )
    dossier.theme = call.example_themes.first()
    dossier.save()
    for criterion in call.criteria.all():
        DossierAnswer.objects.create(dossier=dossier, criterion=criterion, text="Onze aanpak.")
    # Built row by row, not through the services: store its checklist outcome as they would.
    return refresh_checklist(dossier)
