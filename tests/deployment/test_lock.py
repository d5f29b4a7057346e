"""The locks (requirements.txt, requirements-dev.txt) against pyproject.toml's ranges and against
what is installed: a fresh clone must install exactly what the suite was run with."""

import os
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
DIRECT = "plgportal (pyproject.toml)"
# The installer's own tools live in every virtual environment and are in no lock.
INSTALLER_TOOLS = {"pip", "setuptools", "wheel"}


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: Marker | None
    hashes: int
    direct: bool

    def applies_here(self) -> bool:
        return self.marker is None or self.marker.evaluate()


@cache
def lock(filename: str) -> dict[str, Pin]:
    return parse_lock((ROOT / filename).read_text(encoding="utf-8"))


def parse_lock(text: str) -> dict[str, Pin]:
    """The pins of a uv/pip-tools lock: `name==version ; marker \\`, its hashes, its `# via`.

    A universal lock may pin one package twice, for different Pythons (`; python_full_version
    < '3.12'` and `>= '3.12'`): the pin for this interpreter is the one kept."""
    pins, current, hashes, via = {}, None, 0, []

    def close():
        if current:
            requirement, _, marker = current.partition(" ; ")
            name, _, version = requirement.partition("==")
            pin = Pin(
                canonicalize_name(name),
                version,
                Marker(marker) if marker else None,
                hashes,
                DIRECT in via,
            )
            if pin.name not in pins or pin.applies_here():
                pins[pin.name] = pin

    for raw in text.splitlines():
        line = raw.strip().rstrip("\\").strip()
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            close()
            current, hashes, via = line, 0, []
        elif line.startswith("--hash=sha256:"):
            hashes += 1
        elif line.startswith("#") and current:
            via.append(line.lstrip("# ").removeprefix("via ").strip())
    close()
    return pins


@pytest.mark.parametrize("newer_first", [False, True])
def test_a_package_pinned_per_python_version_keeps_the_pin_for_this_python(newer_first):
    older = (
        "networkx==3.6.1 ; python_full_version < '3.12' \\\n"
        "    --hash=sha256:aa\n    # via cfn-lint\n"
    )
    newer = (
        "networkx==3.7 ; python_full_version >= '3.12' \\\n"
        "    --hash=sha256:bb\n    # via cfn-lint\n"
    )
    text = newer + older if newer_first else older + newer

    pin = parse_lock(text)["networkx"]

    expected = "3.7" if sys.version_info >= (3, 12) else "3.6.1"
    assert (pin.version, pin.applies_here()) == (expected, True)


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(text) for text in texts]


def test_every_declared_dependency_is_locked_within_its_range():
    for filename, requirements in (
        ("requirements.txt", declared()),
        ("requirements-dev.txt", declared() + declared("dev")),
    ):
        pins = lock(filename)
        for requirement in requirements:
            pin = pins.get(canonicalize_name(requirement.name))
            assert pin, f"{requirement.name} is not in {filename}: run `make lock`"
            assert requirement.specifier.contains(pin.version, prereleases=True), (
                f"{filename} pins {pin.name}=={pin.version} outside {requirement}: run `make lock`"
            )
            assert pin.direct, f"{filename} does not list {pin.name} as a direct dependency"


def test_nothing_is_locked_as_direct_that_pyproject_no_longer_declares():
    runtime = {canonicalize_name(r.name) for r in declared()}
    dev = runtime | {canonicalize_name(r.name) for r in declared("dev")}
    for filename, names in (("requirements.txt", runtime), ("requirements-dev.txt", dev)):
        direct = {pin.name for pin in lock(filename).values() if pin.direct}
        assert direct == names, f"{filename} is older than pyproject.toml: run `make lock`"


def test_every_pin_is_exact_and_hashed():
    for filename in ("requirements.txt", "requirements-dev.txt"):
        pins = lock(filename)
        assert len(pins) > 20, filename
        for pin in pins.values():
            assert pin.version and "*" not in pin.version, (filename, pin)
            assert pin.hashes >= 1, (filename, pin.name)


def test_runtime_and_dev_locks_pin_the_same_versions():
    runtime, dev = lock("requirements.txt"), lock("requirements-dev.txt")
    assert set(runtime) <= set(dev)
    for name, pin in runtime.items():
        assert dev[name].version == pin.version, name


def test_installed_packages_are_exactly_the_dev_lock():
    """What `make test` installed is what the lock says (pip freeze equals the lock). Under CI
    the environment is new, so an installed package the lock lacks fails too; on a developer's
    machine an extra tool in the virtual environment is tolerated."""
    expected = {
        pin.name: pin.version for pin in lock("requirements-dev.txt").values() if pin.applies_here()
    }
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }
    wrong = {
        name: (version, installed.get(name))
        for name, version in expected.items()
        if installed.get(name) != version
    }
    assert wrong == {}, "installed packages differ from the lock: run `make install-dev`"
    if os.environ.get("CI"):
        extra = set(installed) - set(expected) - INSTALLER_TOOLS
        assert extra == set(), f"installed but not locked: {sorted(extra)}"
