#!/usr/bin/env python3
"""Write a synthetic old PO and new POT (issue 7's shape) for trying merge tools by hand.

python scripts/synth.py 20000 /tmp/synth            # with msgctxt IDs
python scripts/synth.py 20000 /tmp/synth --no-context
msgmerge --previous /tmp/synth/old.po /tmp/synth/new.pot -o /tmp/synth/msgmerge.po
"""

from __future__ import annotations

import argparse
from pathlib import Path

from roadmapi18n.synth import synth_pair, write_pair


def main() -> None:
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
