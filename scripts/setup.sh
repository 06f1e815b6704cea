#!/usr/bin/env bash
# Idempotent set-up: the system packages manim needs, then .venv with the project installed.
# Second runs check and skip; they take about a second.
#
#   bash scripts/setup.sh          what rendering needs (make render)
#   bash scripts/setup.sh test     also what the tests need (make test): the dev tools, and a
#                                  real browser and LibreOffice for the presenter and deck tests
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-render}
case "$MODE" in
  render) EXTRAS="" ;;
  test) EXTRAS="[dev]" ;;
  *) printf 'setup: error: unknown mode %s (render or test)\n' "$MODE" >&2; exit 2 ;;
esac

VENV=.venv
PYTHON=${PYTHON:-python3}
APT_PACKAGES=(
  pkg-config build-essential libcairo2-dev libpango1.0-dev   # pycairo and manimpango compile
  fonts-dejavu-core                                          # the scenes' typeface
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm  # MathTex
  python3-venv
)
# Only for the tests: the presenter is driven in a real headless Chromium, and the deck is
# converted to PDF by LibreOffice Impress.
TEST_APT_PACKAGES=(chromium libreoffice-impress poppler-utils)
if [ "$MODE" = test ]; then
  APT_PACKAGES+=("${TEST_APT_PACKAGES[@]}")
fi

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

missing_apt_packages() {
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || printf '%s\n' "$pkg"
  done
}

missing_tools() {
  # What the project needs, whatever installed it.
  local tool
  for tool in pkg-config cc latex dvisvgm "$PYTHON"; do
    command -v "$tool" >/dev/null 2>&1 || printf '%s\n' "$tool"
  done
  if command -v pkg-config >/dev/null 2>&1; then
    pkg-config --exists cairo || printf 'cairo (development files)\n'
    pkg-config --exists pangocairo || printf 'pango (development files)\n'
  fi
}

install_system_packages() {
  if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    local missing
    missing=$(missing_apt_packages | tr '\n' ' ')
    if [ -z "${missing// /}" ]; then
      say "system packages: all present"
      return
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: $missing"
      sudo="sudo"
    fi
    say "installing system packages: $missing"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    return
  fi
  local missing
  missing=$(missing_tools | tr '\n' ',' | sed 's/,$//; s/,/, /g')
  if [ -n "$missing" ]; then
    die "no apt-get on this machine, so install these yourself and run again: $missing
  macOS (Homebrew): brew install python cairo pango pkg-config && brew install --cask mactex-no-gui
  Fedora: sudo dnf install python3-devel cairo-devel pango-devel pkgconf gcc texlive-scheme-medium texlive-dvisvgm
  Arch: sudo pacman -S python cairo pango pkgconf base-devel texlive-latexextra texlive-binextra"
  fi
  say "no apt-get; the tools manim needs are all present"
}

install_venv() {
  local stamp="$VENV/.installed" want have
  want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
  have=$(cat "$stamp" 2>/dev/null || true)
  # A test set-up holds everything a render set-up does.
  if [ -x "$VENV/bin/python" ] && { [ "$have" = "$want test" ] || [ "$have" = "$want $MODE" ]; }; then
    say "virtual environment: up to date"
    return
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$PYTHON" -m venv "$VENV" || die "could not create $VENV (on Debian/Ubuntu: apt-get install python3-venv)"
  fi
  say "installing the project into $VENV (pycairo and manimpango compile: a minute or two)"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e ".$EXTRAS"
  printf '%s\n' "$want $MODE" > "$stamp"
}

install_system_packages
install_venv
