#!/usr/bin/env bash
# Re-pin constraints.txt, the known-good versions the quick start and .ci/run install.
#
# Installs the package with its test and dev extras into a throwaway venv, taking the newest versions
# the registry serves today, and writes what got installed. Then run the whole suite (.ci/run) before
# committing the new pins. The scheduled "newest" CI job (.github/workflows/dependencies.yml) tells when to.
#
# Held back (the newest job still tests the latest): typer 0.29 builds every option through pydantic
# (a new dependency), which doubles the start-up of every command (build: 0.43 s instead of 0.24 s).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q '.[dev]' 'typer<0.29'
{
    echo "# Known-good versions: the quick start and .ci/run install with \`pip install -c constraints.txt\`."
    echo "# pyproject.toml keeps the lower bounds; scripts/update_constraints.sh regenerates this file."
    echo "# typer is held back at 0.28 (scripts/update_constraints.sh says why): 0.29 builds every option through pydantic,"
    echo "# which doubles the start-up of every command; the daily 'newest' job still tests the latest typer."
    # The marker keeps the pins off older Pythons, so pip says "requires a different Python" there instead of
    # naming a pin it cannot meet (the registry's newest rapidfuzz and regex need 3.11).
    "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v -i '^roadmapi18n' | sed 's/$/ ; python_version >= "3.11"/'
} > constraints.txt
echo "wrote constraints.txt ($(grep -vc '^#' constraints.txt) pins); now run .ci/run and commit"
