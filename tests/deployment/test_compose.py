"""The production stack as declared in docker-compose.yml and the Dockerfile.

No Docker engine is needed: the files are read as data. These tests need neither Django nor a
database.
"""

import shlex
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ["web", "worker", "beat", "migrate"]
LONG_RUNNING_APP_SERVICES = ["web", "worker", "beat"]
FALSE_VALUES = {"0", "false", "no", "off"}


@cache
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def service(name: str) -> dict:
    return compose()["services"][name]


def command(name: str) -> list[str]:
    value = service(name)["command"]
    return shlex.split(value) if isinstance(value, str) else [str(part) for part in value]


def environment(name: str) -> dict[str, str]:
    value = service(name).get("environment", {})
    if isinstance(value, list):
        return dict(item.split("=", 1) for item in value)
    return {key: str(item) for key, item in value.items()}


def mounts(name: str) -> dict[str, str]:
    """Mount target -> source, for both the short and the long volume syntax."""
    result = {}
    for volume in service(name).get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume.get("source", ""), volume["target"]
        result[target] = source
    return result


def depends_on_conditions(name: str) -> dict[str, str]:
    value = service(name).get("depends_on", {})
    if isinstance(value, list):  # the short form has no conditions
        return {dependency: "service_started" for dependency in value}
    return {
        dependency: spec.get("condition", "service_started") for dependency, spec in value.items()
    }


def secret_names(name: str) -> list[str]:
    return [
        secret if isinstance(secret, str) else secret["source"]
        for secret in service(name).get("secrets", [])
    ]


def healthcheck_test(name: str) -> str:
    test = service(name).get("healthcheck", {}).get("test", [])
    return test if isinstance(test, str) else " ".join(test)


@cache
def dockerfile_instructions() -> list[tuple[str, str]]:
    """(KEYWORD, arguments) pairs, with comments dropped and continuation lines joined."""
    instructions, pending = [], ""
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def dockerfile_arguments(keyword: str) -> list[str]:
    return [arguments for found, arguments in dockerfile_instructions() if found == keyword]


def test_compose_services_all_declared():
    expected = {"web", "worker", "beat", "migrate", "db", "redis"}

    assert expected - set(compose()["services"]) == set()


def test_compose_version_key_absent():
    assert "version" not in compose()


def test_web_command_runs_gunicorn_wsgi():
    web_command = command("web")

    assert web_command[0] == "gunicorn"
    assert "plgportal.wsgi:application" in web_command


def test_web_command_uses_gunicorn_config_file():
    web_command = command("web")

    assert web_command[web_command.index("-c") + 1] == "plgportal/gunicorn.conf.py"
    assert (ROOT / "plgportal" / "gunicorn.conf.py").is_file()


def test_db_runs_without_jit():
    db_command = command("db")

    assert db_command[0] == "postgres"
    assert "jit=off" in db_command


def test_worker_command_runs_celery_worker():
    assert command("worker")[:4] == ["celery", "-A", "plgportal", "worker"]


def test_beat_command_runs_celery_beat():
    assert command("beat")[:4] == ["celery", "-A", "plgportal", "beat"]


def test_migrate_command_runs_migrate():
    assert command("migrate")[:3] == ["python", "manage.py", "migrate"]


@pytest.mark.parametrize("name", LONG_RUNNING_APP_SERVICES)
def test_app_service_waits_for_migrate_and_healthy_backends(name):
    conditions = depends_on_conditions(name)

    assert conditions.get("migrate") == "service_completed_successfully"
    assert conditions.get("db") == "service_healthy"
    assert conditions.get("redis") == "service_healthy"


def test_migrate_waits_for_healthy_db():
    assert depends_on_conditions("migrate").get("db") == "service_healthy"


@pytest.mark.parametrize("name", ["db", "redis", "web", "worker"])
def test_service_healthcheck_declared(name):
    test = healthcheck_test(name)

    assert test != ""
    assert test != "NONE"


def test_db_healthcheck_uses_pg_isready():
    assert "pg_isready" in healthcheck_test("db")


def test_redis_healthcheck_pings():
    assert "redis-cli ping" in healthcheck_test("redis")


def test_web_healthcheck_requests_health_url():
    assert "http://127.0.0.1:8000/health/" in healthcheck_test("web")


def test_worker_healthcheck_pings_own_node():
    # `$$` is compose's escape for a literal `$`, which the shell then expands.
    assert "inspect ping -d celery@$$HOSTNAME" in healthcheck_test("worker")


def test_redis_appendonly_enabled():
    redis_command = command("redis")

    assert "--appendonly" in redis_command
    assert redis_command[redis_command.index("--appendonly") + 1] == "yes"


@pytest.mark.parametrize("name", ["web", "worker"])
def test_app_service_mounts_media_volume(name):
    assert mounts(name).get("/app/var/media") == "media"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_media_root_matches_mount(name):
    assert environment(name).get("MEDIA_ROOT") == "/app/var/media"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_takes_the_object_storage_settings_from_env(name):
    env = environment(name)

    # Empty unless .env sets them: the media volume stays the default.
    assert env["STORAGE_URL"] == "${STORAGE_URL:-}"
    for variable in ("AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        assert env[variable] == f"${{{variable}:-}}"


def test_object_store_is_optional_and_private():
    store, bucket = service("objectstore"), service("objectstore-bucket")

    # Started only with `--profile object-storage`, never by a plain `docker compose up`.
    assert store["profiles"] == bucket["profiles"] == ["object-storage"]
    assert ":latest" not in store["image"] and ":RELEASE." in store["image"]
    assert "ports" not in store
    assert bucket["depends_on"]["objectstore"]["condition"] == "service_healthy"
    assert 'mc anonymous set none "store/$$bucket"' in bucket["entrypoint"][-1]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_database_url_postgres_on_db(name):
    url = urlsplit(environment(name)["DATABASE_URL"])

    assert url.scheme in {"postgres", "postgresql"}
    assert url.hostname == "db"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_redis_url_on_redis(name):
    url = urlsplit(environment(name)["REDIS_URL"])

    assert url.scheme == "redis"
    assert url.hostname == "redis"


def test_web_rate_limits_count_in_the_shared_redis_cache():
    url = urlsplit(environment("web")["CACHE_URL"])

    assert url.scheme == "rediscache"
    assert url.hostname == "redis"


def test_web_trusts_the_one_proxy_in_front_of_it_by_default():
    assert environment("web")["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_celery_eager_off(name):
    assert environment(name).get("CELERY_TASK_ALWAYS_EAGER", "").lower() in FALSE_VALUES


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_debug_off(name):
    assert environment(name).get("DEBUG", "").lower() in FALSE_VALUES


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_secret_key_file_matches_declared_secret(name):
    secret_key_file = environment(name).get("SECRET_KEY_FILE", "")
    secret_name = secret_key_file.removeprefix("/run/secrets/")

    assert secret_key_file.startswith("/run/secrets/")
    assert secret_name in secret_names(name)
    assert secret_name in compose().get("secrets", {})


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_secret_key_not_inline(name):
    assert "SECRET_KEY" not in environment(name)


def test_named_volumes_all_declared():
    used = {
        source
        for name in compose()["services"]
        for source in mounts(name).values()
        if source and not source.startswith(("/", ".", "~"))
    }
    declared = set(compose().get("volumes") or {})

    assert used >= {"pgdata", "redisdata", "media"}
    assert used - declared == set()


def test_dockerfile_installs_pango():
    apt_installs = " ".join(run for run in dockerfile_arguments("RUN") if "apt-get install" in run)

    assert "libpango-1.0-0" in apt_installs
    assert "libpangoft2-1.0-0" in apt_installs


def test_dockerfile_runs_collectstatic():
    runs = dockerfile_arguments("RUN")

    assert any("manage.py collectstatic --noinput" in run for run in runs)


def test_dockerfile_runs_compilemessages():
    runs = dockerfile_arguments("RUN")

    assert any("manage.py compilemessages" in run for run in runs)


def test_dockerfile_user_not_root():
    users = dockerfile_arguments("USER")

    assert users != []
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerfile_secret_key_not_in_image_environment():
    assert not any("SECRET_KEY" in env for env in dockerfile_arguments("ENV"))
