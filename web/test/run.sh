#!/usr/bin/env bash
# The playground's test in headless Chromium (playground.test.mjs): installs
# what it needs (Debian's chromium, puppeteer-core from package-lock.json,
# which downloads no browser of its own), builds the command line the page
# is compared with (unless BATCHLINT names one), and runs the test on web/dist
# (built by web/build.sh).
#
# Usage, from anywhere in the repository: bash web/test/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ -z "${CHROMIUM:-}" ]]; then
  if ! command -v chromium >/dev/null; then
    echo "== installing chromium (Debian's package)"
    export DEBIAN_FRONTEND=noninteractive
    apt_get=(apt-get)
    [[ $(id -u) -eq 0 ]] || apt_get=(sudo apt-get)
    "${apt_get[@]}" update -qq
    "${apt_get[@]}" install -y -qq chromium >/dev/null
  fi
  CHROMIUM=$(command -v chromium)
  export CHROMIUM
fi
"$CHROMIUM" --version

(cd web/test && npm ci --no-audit --no-fund --loglevel=error)
# BATCHLINT names a command line already built; otherwise build it.
[[ -n "${BATCHLINT:-}" ]] || cargo build --quiet --bin batchlint
[[ -f web/dist/index.html ]] || { echo "run.sh: web/dist is missing: run web/build.sh first" >&2; exit 1; }
node --test --test-reporter=spec web/test/playground.test.mjs
