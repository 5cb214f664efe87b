#!/usr/bin/env bash
# The project's entry point on a fresh machine (Debian with Python 3.11, git and apt).
#
#   bash run.sh demo    set up, ingest the example reports, print the order of battle
#   bash run.sh test    set up, start the services the tests use where possible, run the tests
#   bash run.sh setup   only create .venv and install the locked dependencies
#
# Everything is installed from the registries by package name and pinned in requirements.lock
# (with hashes); nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
VENV=.venv
# one throwaway PostgreSQL directory per checkout, so two clones never share a test server
export ORBAT_PG_DIR=${ORBAT_PG_DIR:-/tmp/orbat-pg-$(pwd | sha256sum | cut -c1-10)}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 || {
    as_root apt-get update -q >/dev/null 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
  }
}

setup() {
  if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
    echo "run.sh: orbat needs Python 3.11 or newer as '$PY' (set PYTHON=/path/to/python3.11)" >&2
    exit 1
  fi
  if [[ ! -x $VENV/bin/python ]]; then
    if ! "$PY" -m venv "$VENV" 2>/dev/null; then
      echo "run.sh: installing python3-venv" >&2
      rm -rf "$VENV"
      apt_install python3-venv || { echo "run.sh: install python3-venv (apt) and re-run" >&2; exit 1; }
      "$PY" -m venv "$VENV"
    fi
  fi
  local stamp=$VENV/.lock-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)
  if [[ ! -f $stamp ]]; then
    echo "run.sh: installing locked dependencies into $VENV (first run takes a minute or two)" >&2
    "$VENV/bin/python" -m pip install -q --upgrade "pip>=24"
    "$VENV/bin/python" -m pip install -q --require-hashes -r requirements.lock
    "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e . 2>/dev/null \
      || "$VENV/bin/python" -m pip install -q --no-deps -e .
    rm -f "$VENV"/.lock-*
    touch "$stamp"
  fi
}

services() {
  # PostgreSQL (store tests run on both back ends) and Chromium (dashboard tests), where this
  # user may install them; without them those tests are skipped and say why.
  if [[ -z ${ORBAT_TEST_PG_URL:-} ]]; then
    if url=$(bash scripts/pg.sh start 2>/tmp/orbat-pg-start.log); then
      export ORBAT_TEST_PG_URL=$url
      echo "run.sh: PostgreSQL test server at $url" >&2
    else
      echo "run.sh: no PostgreSQL server (see /tmp/orbat-pg-start.log); PostgreSQL tests will be skipped" >&2
    fi
  fi
  if [[ ! -x /usr/bin/chromium ]]; then
    echo "run.sh: installing chromium for the dashboard tests" >&2
    apt_install chromium || echo "run.sh: could not install chromium; browser tests will be skipped" >&2
  fi
}

case "${1:-demo}" in
  setup) setup ;;
  demo)
    setup
    "$VENV/bin/orbat" demo
    ;;
  test)
    setup
    services
    set +e
    "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests
    rc=$?
    set -e
    if [[ -n ${ORBAT_TEST_PG_URL:-} ]]; then bash scripts/pg.sh stop >/dev/null 2>&1 || true; fi
    if [[ $rc -eq 5 ]]; then echo "run.sh: no tests were collected: that is a failure" >&2; exit 1; fi
    exit $rc
    ;;
  *) echo "usage: bash run.sh [demo|test|setup]" >&2; exit 2 ;;
esac
