#!/bin/sh
# Set up summitkit on Debian 12 or Ubuntu 24.04, in a clone of the repository:
# the system packages, a virtual environment in .venv and the package in it.
#
#   sh tools/setup.sh          what `summit build` needs
#   sh tools/setup.sh --test   that, and what the test suite needs
#
# Runs as root, or through sudo where it is installed.
set -eu
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup: run this as root, or install sudo" >&2
    exit 1
  fi
}

# WeasyPrint needs Pango and HarfBuzz's subsetter; the CJK texts need Noto CJK.
packages="git python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk"
# The tests also use outside tools, each named with what it checks:
#   default-jre-headless  runs the Nu Html Checker over every built page (tests/nu.py)
#   chromium              runs axe-core in the pages and measures them at 390 px (tests/chromium.py)
#   npm                   installs axe-core itself, into .axe/ below — only where no
#                         npm is installed: Debian's package conflicts with a Node.js
#                         that bundles its own npm
test_packages="default-jre-headless chromium"
command -v npm >/dev/null 2>&1 || test_packages="$test_packages npm"
# LibreOffice Calc: tests/test_xlsx.py opens the XLSX export and reads back the
# scores that the workbook's formulas recompute.
test_packages="$test_packages libreoffice-calc-nogui"
# LibreOffice Writer: opens the DOCX redline and round-trips an edited DOCX
# (tracked changes, bookmarks, comments) for the Word import tests.
test_packages="$test_packages libreoffice-writer-nogui"
# ssh-keygen: tests/test_attribution.py makes delegations' SSH signing keys, and git
# verifies commit signatures with it (summit check --verify-attribution).
test_packages="$test_packages openssh-client"
# unshare and mount: the full-disk and read-only file system tests (tests/test_faults.py).
test_packages="$test_packages util-linux mount"
if [ "${1:-}" = "--test" ]; then
  packages="$packages $test_packages"
fi

export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
# shellcheck disable=SC2086  # the package lists are meant to split into words
as_root apt-get install -y -qq $packages
sh tools/setup-venv.sh "$@"
if [ "${1:-}" = "--test" ]; then
  # axe-core, the accessibility rules the tests inject into Chromium; kept in .axe/
  # (git-ignored) so that nothing is installed for the whole machine.
  npm install --silent --no-audit --no-fund --no-package-lock --prefix .axe axe-core@4.14.1
fi
echo "summitkit is installed in .venv: run .venv/bin/summit, or '. .venv/bin/activate' first"
