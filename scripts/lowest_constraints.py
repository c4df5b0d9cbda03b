"""Print constraints that pin every direct dependency to its lower bound in pyproject.toml.

The scheduled CI job installs with them (``pip install -c lowest.txt -e '.[test]'``) and runs the
suite, so the ``>=`` bounds people install against stay honest.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

_LOWER_BOUND = re.compile(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)")


def lowest_pins(pyproject: Path, extras: tuple[str, ...] = ("test",)) -> list[str]:
    """``name==bound`` for each dependency (and each dependency of ``extras``) that has a lower bound."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    pins = []
    for requirement in requirements:
        found = _LOWER_BOUND.match(requirement.split(";")[0].strip())
        if found:
            pins.append(f"{found.group(1)}=={found.group(2)}")
    return pins


if __name__ == "__main__":
    print("\n".join(lowest_pins(Path(__file__).resolve().parent.parent / "pyproject.toml")))
