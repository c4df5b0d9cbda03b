"""SIGKILL ``roadmapi18n build`` at random moments: every output is its old bytes or the finished build's.

The project is a synthetic roadmap of about 2,800 units in two locales (catalogs of ~0.8 MB,
READMEs of ~130 KB) after 300 English edits, some removals and additions, so a build rewrites
every output; two outputs are missing beforehand (old state: absent). Half of the runs kill at
a uniformly random moment of a build; the other half wait until the build has started writing
(a temporary file appears, or an output changes) and kill a few milliseconds later, so the write phase is always hit.
After each kill the next build must finish the job: exactly the bytes of an uninterrupted
build, and no temporary file left anywhere.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from roadmap_strategies import Sizes, random_spec, text, text_slots, translate, write_spec
from roadmapi18n.build import plan_build, write_plan
from roadmapi18n.project import Project

EPOCH = "1700000000"  # SOURCE_DATE_EPOCH: the finished build's bytes do not depend on the clock
RUNS = 8


def _build(root: Path) -> list[Path]:
    return write_plan(plan_build(Project.open(root)))


def _outputs(root: Path) -> list[Path]:
    return sorted(plan_build(Project.open(root)).outputs)


def _temporaries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob(".*.tmp"))


@pytest.fixture(scope="module")
def stale_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A large project whose English changed since its last build (nothing of it written yet)."""
    root = tmp_path_factory.mktemp("kill") / "pristine"
    rng = random.Random(8)
    spec = random_spec(rng, Sizes(parts=(3, 3), sections=(15, 18), topics=(20, 25), resources=(4, 8), other=(2, 4)))
    write_spec(root, spec)
    _build(root)
    units = [t.id for t in Project.open(root).roadmap.texts()]
    for code, _ in spec.locales:
        translate(root, code, {unit: f"{code} {text(rng)}" for unit in units if rng.random() < 0.7})
    _build(root)
    for slot in rng.sample(text_slots(spec), 300):
        slot.owner[slot.key] = text(rng)
    for part in spec.parts.values():
        del part["sections"][-1]
    write_spec(root, spec)
    for name in ("course.schema.json", "part.schema.json"):
        (root / "roadmap" / name).unlink()
    (root / "locales" / "zh_Hant" / "README.md").unlink()
    return root


def _start(root: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    command = [sys.executable, "-m", "roadmapi18n", "build", "--root", str(root)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _wait_for_writing(process: subprocess.Popen[bytes], outputs: list[Path]) -> None:
    """Return once the build has begun writing (a temporary file appears or an output changes) or has ended."""
    folders = sorted({path.parent for path in outputs})
    before = {path: _stamp(path) for path in outputs}
    while process.poll() is None:
        for folder in folders:
            with os.scandir(folder) as entries:
                if any(entry.name.endswith(".tmp") for entry in entries):
                    return
        if any(_stamp(path) != stamp for path, stamp in before.items()):
            return


@pytest.mark.slow
def test_killed_build_leaves_old_or_new_bytes_and_the_next_build_finishes(
    stale_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    paths = [p.relative_to(stale_project) for p in _outputs(stale_project)]
    old = {rel: (stale_project / rel).read_bytes() if (stale_project / rel).exists() else None for rel in paths}
    finished = tmp_path / "finished"
    shutil.copytree(stale_project, finished)
    _build(finished)
    new = {rel: (finished / rel).read_bytes() for rel in paths}
    assert all(old[rel] != new[rel] for rel in paths), "the build must change every output for the test to mean much"

    # How long a whole CLI build takes here (start-up included), to spread the random kills over it.
    probe = tmp_path / "probe"
    shutil.copytree(stale_project, probe)
    started = time.monotonic()
    assert _start(probe).wait() == 0
    duration = time.monotonic() - started

    rng = random.Random(2024)
    outcomes: Counter[str] = Counter()
    for run in range(RUNS):
        root = tmp_path / f"run{run}"
        shutil.copytree(stale_project, root)
        process = _start(root)
        if run % 2:
            _wait_for_writing(process, [root / rel for rel in paths])
            time.sleep(rng.uniform(0, 0.01))
        else:
            time.sleep(rng.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()

        states = []
        for rel in paths:
            data = (root / rel).read_bytes() if (root / rel).exists() else None
            assert data in (old[rel], new[rel]), f"run {run}: {rel} is neither its old bytes nor the new ones"
            states.append("new" if data == new[rel] else "old")
        left = _temporaries(root)
        outcomes["all old" if "new" not in states else "all new" if "old" not in states else "some written"] += 1
        outcomes["temporary file left"] += bool(left)

        _build(root)  # the next build finishes the job and tidies up
        assert {rel: (root / rel).read_bytes() for rel in paths} == new, f"run {run}"
        assert _temporaries(root) == [], f"run {run}: {left} not cleaned up"
        shutil.rmtree(root)
    print(f"kills: {dict(outcomes)}; a whole build takes {duration:.2f} s here")
    assert outcomes["some written"] + outcomes["temporary file left"] > 0, f"no kill hit the write phase: {outcomes}"
