#!/usr/bin/env bash
# Re-pin constraints.txt, the known-good versions the quick start and .ci/run install.
#
# Installs the package with its test and dev extras into a throwaway venv, taking the newest versions
# the registry serves today, and writes what got installed. Then run the whole suite (.ci/run) before
# committing the new pins. The scheduled "newest" CI job (.github/workflows/newest.yml) tells when to.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q '.[dev]'
{
    echo "# Known-good versions: the quick start and .ci/run install with \`pip install -c constraints.txt\`."
    echo "# pyproject.toml keeps the lower bounds; scripts/update_constraints.sh regenerates this file."
    "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v -i '^roadmapi18n'
} > constraints.txt
echo "wrote constraints.txt ($(grep -vc '^#' constraints.txt) pins); now run .ci/run and commit"
