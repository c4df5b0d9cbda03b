#!/usr/bin/env python3
"""Write synthetic inputs (issue 7's shapes) for trying tools by hand.

A synthetic old PO and new POT:

    python scripts/synth.py 20000 /tmp/synth            # with msgctxt IDs
    python scripts/synth.py 20000 /tmp/synth --no-context
    msgmerge --previous /tmp/synth/old.po /tmp/synth/new.pot -o /tmp/synth/msgmerge.po

A synthetic roadmap project, built and then edited (see roadmapi18n.synth_roadmap):

    python scripts/synth.py roadmap --units 100000 --locales 10 /tmp/roadmap
    cd /tmp/roadmap && roadmapi18n build && roadmapi18n check
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from roadmapi18n.synth import synth_pair, write_pair


def roadmap_main(argv: list[str]) -> None:
    """``synth.py roadmap``: write a synthetic roadmap project."""
    from roadmapi18n.synth_roadmap import synth_roadmap

    parser = argparse.ArgumentParser(prog="synth.py roadmap", description=__doc__)
    parser.add_argument("directory", type=Path, help="an empty or missing folder for the project")
    parser.add_argument("--units", type=int, default=1000, help="translatable units")
    parser.add_argument("--locales", type=int, default=3, help="target locales (vi, zh_Hant, fr, de, ...)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    truth = synth_roadmap(args.directory, args.units, locales=args.locales, seed=args.seed)
    print(
        f"{truth.root}: {truth.units} units, {len(truth.locales)} locales; since the last build "
        f"{len(truth.edited)} reworded, {len(truth.removed)} removed, {len(truth.added)} added, "
        f"{len(truth.renamed)} renamed"
    )


def main() -> None:
    if sys.argv[1:2] == ["roadmap"]:
        roadmap_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, help="messages in the old catalog")
    parser.add_argument("directory", type=Path, help="where to write old.po and new.pot")
    parser.add_argument("--no-context", dest="context", action="store_false", help="no msgctxt IDs")
    parser.add_argument("--renamed", type=float, default=0.0, help="share of IDs renamed (with msgctxt only)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pair = synth_pair(args.size, seed=args.seed, context=args.context, renamed=args.renamed)
    old, pot = write_pair(pair, args.directory)
    print(
        f"{old}\n{pot}\n{len(pair.edited)} edited, {len(pair.removed)} removed, {len(pair.added)} added, "
        f"{len(pair.renamed)} renamed"
    )


if __name__ == "__main__":
    main()
