#!/usr/bin/env bash
# Make sure WeasyPrint can render the summons and receipts: Debian's Pango
# (libpango-1.0-0, libpangoft2-1.0-0), the DejaVu fonts, and Noto fonts for
# names in other scripts (Ge'ez for Tigrinya and Amharic, Arabic script, ...).
# Installs what is missing with apt (as root). Under CI=true anything still
# missing is an error; elsewhere it is a loud warning (the PDF tests will fail).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

is_ci() {
    case "${CI:-}" in
        1 | true | TRUE | True | yes | YES) return 0 ;;
        *) return 1 ;;
    esac
}

# The shared libraries the dynamic linker knows (ldconfig is in /sbin).
libraries() {
    local ldconfig
    ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
    "$ldconfig" -p 2>/dev/null || true
}

# Fonts covering a fontconfig language ("" when fc-list itself is missing).
fonts_for() {
    if command -v fc-list >/dev/null 2>&1; then
        fc-list "$1" family 2>/dev/null || true
    fi
}

# Prints the Debian packages still needed, one per line.
missing() {
    local libs
    libs="$(libraries)"
    grep -qF 'libpango-1.0.so.0' <<<"$libs" || echo libpango-1.0-0
    grep -qF 'libpangoft2-1.0.so.0' <<<"$libs" || echo libpangoft2-1.0-0
    command -v fc-list >/dev/null 2>&1 || echo fontconfig
    grep -qi 'DejaVu' <<<"$(fonts_for :)" || echo fonts-dejavu-core
    # Ge'ez script (Tigrinya, Amharic): DejaVu has none; Noto has it.
    if [ -z "$(fonts_for :lang=ti)" ] || [ -z "$(fonts_for :lang=am)" ]; then
        echo fonts-noto-core
    fi
}

need="$(missing | sort -u | tr '\n' ' ')"
need="${need% }"
if [ -n "$need" ] && [ "$(id -u)" -eq 0 ]; then
    echo "ensure-pdf-libs: missing for PDFs: $need; installing Debian's packages"
    # shellcheck disable=SC2086
    bash "$here/apt-install.sh" $need || echo "ensure-pdf-libs: apt-get install $need failed" >&2
    need="$(missing | sort -u | tr '\n' ' ')"
    need="${need% }"
fi

if [ -n "$need" ]; then
    if is_ci; then
        echo "ensure-pdf-libs: ERROR: still missing: $need; CI must render the PDFs." >&2
        exit 1
    fi
    {
        echo "################################################################################"
        echo "# WARNING: missing for the summons and receipt PDFs: $need"
        echo "# Install with: apt-get install -y $need"
        echo "################################################################################"
    } >&2
    exit 0
fi
