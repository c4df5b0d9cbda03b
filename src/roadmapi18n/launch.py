"""The ``roadmapi18n`` console script: ``merge`` and ``merge-driver`` start without typer, the rest go through cli.py.

``roadmapi18n merge`` stands in for ``msgmerge`` in build scripts that run it
once per catalog, where start-up is most of the time: it imports only the
catalog layer and the merge (about a third of what typer alone costs).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command named in ``sys.argv``."""
    if len(sys.argv) > 1 and sys.argv[1] == "merge":
        from roadmapi18n.merge_cli import main as merge_main

        sys.exit(merge_main(sys.argv[2:]))
    if len(sys.argv) > 1 and sys.argv[1] == "merge-driver":  # git runs it once per conflicted catalog
        from roadmapi18n.merge_driver import main as driver_main

        sys.exit(driver_main(sys.argv[2:]))
    from roadmapi18n.cli import main as cli_main

    cli_main()
