"""The quick start installs known-good versions, the same way everywhere, and pyproject's bounds admit them."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from lowest_constraints import lowest_pins  # noqa: E402


def _quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def _pin_lines() -> list[Requirement]:
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in lines if line and not line.startswith("#")]


def _pins() -> dict[str, str]:
    pins = {}
    for pin in _pin_lines():
        (specifier,) = pin.specifier
        assert specifier.operator == "==", pin
        pins[canonicalize_name(pin.name)] = specifier.version
    return pins


def test_pins_apply_to_the_pythons_the_package_supports_only() -> None:
    # On Python 3.10 the pins of packages that need 3.11 cannot be met: with the marker, pip skips them and
    # says "requires a different Python" instead of a resolver conflict naming rapidfuzz or regex.
    assert all(str(pin.marker) == 'python_version >= "3.11"' for pin in _pin_lines())


def _requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in [*project["dependencies"], *extras["test"], *extras["dev"]]]


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    build, test = _quick_start_commands()
    assert build.endswith("roadmapi18n build") and test.endswith("python -m pytest")
    assert "-c constraints.txt" in build and "-c constraints.txt" in test
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines, ".ci/run runs the README's test command verbatim"
    assert ".venv/bin/python -m pytest -m slow" in ci_lines, ".ci/run also runs the slow tests"


def test_every_dependency_is_pinned_within_its_bounds() -> None:
    pins = _pins()
    for requirement in _requirements():
        if requirement.name == "roadmapi18n":
            continue  # the dev extra names the test extra
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt: run scripts/update_constraints.sh"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {requirement}"


def test_lowest_pins_are_the_lower_bounds() -> None:
    pins = dict(pin.split("==") for pin in lowest_pins(REPO / "pyproject.toml"))
    assert pins["babel"] == "2.14" and pins["typer"] == "0.13"
    assert "pytest-xdist" in pins, "the test extra's bounds are checked too"
    assert all(re.fullmatch(r"[0-9][0-9.]*", version) for version in pins.values())
