#!/usr/bin/env bash
# docgen's two commands, on a fresh Debian machine with Python 3.11:
#   ./make.sh demo   set up, then build the sample packet (DOCX, PDF, previews) into output/
#   ./make.sh test   set up, then check the code (ruff, mypy) and run the tests
#   ./make.sh lint   set up, then only check the code (ruff, mypy)
#   ./make.sh serve  set up, then open the clerks' workspace (docgen serve) on http://127.0.0.1:8000/
# Set-up is idempotent: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
  done
fi
[ -n "$PYTHON" ] || { echo "make.sh: Python 3.11 is needed (apt-get install python3)" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo env DEBIAN_FRONTEND=noninteractive "$@"; fi; }

system_packages() {
  local need=()
  "$PYTHON" -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || need+=(python3-uno)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)  # the workspace's browser tests (Playwright drives it)
  command -v fc-cache >/dev/null 2>&1 || need+=(fontconfig)
  { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep 'libzbar\.so' >/dev/null || need+=(libzbar0)
  { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep 'libcairo\.so\.2' >/dev/null || need+=(libcairo2)
  # Pillow's wheels carry raqm and HarfBuzz (the chart's Thai shaping) and load FriBiDi from the system
  { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep 'libfribidi\.so\.0' >/dev/null || need+=(libfribidi0)
  # the accounts tests start their own PostgreSQL server (tests/postgres.py) from the programs
  # Debian keeps in /usr/lib/postgresql/<version>/bin; the package's own cluster (port 5432),
  # if its install starts one, is left alone: the tests' server has its own port and socket
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
  # the HTTPS test runs the access rules through deploy/nginx/docgen.conf with Debian's nginx
  [ -x /usr/sbin/nginx ] || need+=(nginx)
  if [ ${#need[@]} -gt 0 ]; then
    echo "make.sh: installing system packages: ${need[*]}"
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

python_env() {
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  if ! .venv/bin/python -c 'import docgen, pytest, pdfplumber, pyzbar, flask_wtf, waitress, playwright' 2>/dev/null \
     || [ pyproject.toml -nt .venv/.installed ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[test]'
    touch .venv/.installed
  fi
}

setup() {
  system_packages
  python_env
  .venv/bin/python scripts/install_fonts.py
}

lint() {
  # the house rules that a linter can check: pyproject.toml's [tool.ruff] and [tool.mypy]
  .venv/bin/ruff check docgen tests benchmarks scripts
  .venv/bin/mypy
}

case "${1:-}" in
  demo)
    setup
    # the sample packet (named, so packets a user adds do not change it) is rebuilt on every
    # demo: --force replaces the previous demo's files
    .venv/bin/docgen build --pdf --force -r records/lopburi-pao/2566
    ;;
  serve)
    setup
    shift
    # the clerks' workspace in the browser, over records/ (open the address it prints)
    .venv/bin/docgen serve "$@"
    ;;
  test)
    setup
    shift
    lint
    .venv/bin/python -m pytest "$@"
    ;;
  lint)
    setup
    lint
    ;;
  setup)
    setup
    ;;
  *)
    echo "usage: ./make.sh demo | test [pytest args] | lint | serve [docgen serve options] | setup" >&2
    exit 2
    ;;
esac
