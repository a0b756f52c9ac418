#!/bin/sh
# The Python half of tools/setup.sh: a virtual environment in .venv and summitkit
# in it, with the test extra for --test. Needs no root and no apt, so that
# tests/test_setup.py can run it in a copy of the repository.
#
#   sh tools/setup-venv.sh          the package
#   sh tools/setup-venv.sh --test   the package and what the test suite needs
set -eu
cd "$(dirname "$0")/.."

extra=""
if [ "${1:-}" = "--test" ]; then
  extra="[test]"
fi
python3 -m venv .venv
.venv/bin/pip install -q -e ".$extra"
