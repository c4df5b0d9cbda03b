"""How long ``roadmapi18n sync`` takes on the real course.

Copies tests/data/course-e472998 (the roadmap as transcribed from upstream e472998, with its catalogs)
to a temporary folder and times, in-process and as the command (interpreter start-up included):

* the first sync to 713c366 (the shipped change: every file rewritten), planned only;
* a sync of the same README once written (the common case: nothing to do);
* a one-word upstream edit (one part file changes).

Run: ``python scripts/bench_sync.py [--repeat N]``. Prints the best of N runs of each.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from roadmapi18n.build import build_project
    from roadmapi18n.project import Project
    from roadmapi18n.sync import plan_sync, write_sync

    readme = (DATA / "upstream" / "README-713c366.md").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "course"
        shutil.copytree(DATA / "course-e472998", root)
        build_project(Project.open(root))
        first = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            plan = plan_sync(Project.open(root), readme)
            first.append(time.perf_counter() - start)
        write_sync(plan)
        again = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            plan_sync(Project.open(root), readme)
            again.append(time.perf_counter() - start)
        edited = readme.replace("Quantization is the process", "Quantization is the technique", 1)
        one_word = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            plan = plan_sync(Project.open(root), edited)
            one_word.append(time.perf_counter() - start)
        assert len(plan.report.reworded) == 1, plan.report.reworded
        command = []
        upstream = str(DATA / "upstream" / "README-713c366.md")
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "roadmapi18n", "sync", upstream, "--root", str(root)],
                check=True,
                capture_output=True,
            )
            command.append(time.perf_counter() - start)
    print(f"sync e472998 → 713c366, planned in-process:    {min(first):.3f} s (best of {args.repeat})")
    print(f"sync 713c366 again (nothing to do), in-process: {min(again):.3f} s")
    print(f"a one-word upstream edit, in-process:           {min(one_word):.3f} s")
    print(f"roadmapi18n sync, the command (start-up incl.): {min(command):.3f} s")


if __name__ == "__main__":
    main()
