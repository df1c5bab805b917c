#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests.
# Installs it with apt when missing (as root). Under CI=true a missing browser
# is an error; elsewhere it is a loud warning and the browser tests will skip.
# Never downloads a browser of Playwright's own (`playwright install`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHROMIUM=/usr/bin/chromium

is_ci() {
    case "${CI:-}" in
        1 | true | TRUE | True | yes | YES) return 0 ;;
        *) return 1 ;;
    esac
}

if [ ! -x "$CHROMIUM" ] && [ "$(id -u)" -eq 0 ]; then
    echo "ensure-chromium: $CHROMIUM missing; installing Debian's chromium package"
    bash "$here/apt-install.sh" chromium || echo "ensure-chromium: apt-get install chromium failed" >&2
fi

if [ ! -x "$CHROMIUM" ]; then
    if is_ci; then
        echo "ensure-chromium: ERROR: $CHROMIUM is missing and could not be installed; CI must run the browser tests." >&2
        exit 1
    fi
    {
        echo "################################################################################"
        echo "# WARNING: $CHROMIUM is missing: the browser tests will be SKIPPED."
        echo "# Install it with: apt-get install -y chromium"
        echo "################################################################################"
    } >&2
    exit 0
fi
