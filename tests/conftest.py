import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from plgportal.celery import app as celery_app
from tests.factories import UserFactory, give_second_factor

# The real Celery worker fixtures (`celery_worker`, `worker_runs`) and the S3 bucket
# (`object_storage`) for every test folder.
pytest_plugins = ["tests.worker", "tests.object_storage"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Password hashing dominates test time otherwise; production keeps PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    celery_app.conf.task_always_eager = True
    # Queued tasks run inside the test's own thread; a test about the development thread turns
    # it on.
    settings.TASKS_IN_THREAD = False
    # allauth's rate limits count in the cache: each test starts with a clean slate.
    cache.clear()
    # A request in French leaves French active in this thread: each test starts in Dutch.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def applicant(db):
    return UserFactory(role="applicant", email="director.a@example.org")


@pytest.fixture
def other_applicant(db):
    return UserFactory(role="applicant", email="director.b@example.org")


@pytest.fixture
def staff_user(db):
    from plgportal.accounts.services import user_set_role

    user = UserFactory(role="applicant", email="staff@example.org")
    return give_second_factor(user_set_role(user=user, role="staff"))


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the second factor whoever opens the admin must have."""
    return give_second_factor(admin_user)


@pytest.fixture
def juror(db):
    return UserFactory(role="jury", email="jury.1@example.org")


@pytest.fixture
def other_juror(db):
    return UserFactory(role="jury", email="jury.2@example.org")


@pytest.fixture
def coach(db):
    return UserFactory(role="coach", email="coach.1@example.org")


assert django_settings.TIME_ZONE == "Europe/Brussels"
