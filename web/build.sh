#!/usr/bin/env bash
# Builds the playground into web/dist/: the page (index.html, style.css,
# app.js, worker.js) and batchlint compiled to WebAssembly (pkg/), a static
# site that any file server can serve (docs/playground.md).
#
# Needs the wasm32-unknown-unknown target and wasm-bindgen-cli at exactly
# the version of the wasm-bindgen crate in Cargo.lock; with
# PLAYGROUND_INSTALL=1 it installs both (as .ci/run does).
#
# Usage, from anywhere in the repository: bash web/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# The version the crate is built with: the CLI must match it exactly.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
[[ -n "$wasm_bindgen_version" ]] || { echo "build.sh: no wasm-bindgen in Cargo.lock" >&2; exit 1; }

if [[ "${PLAYGROUND_INSTALL:-0}" == 1 ]]; then
  rustup target add wasm32-unknown-unknown
  if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
    # Not --locked: the lock file published with wasm-bindgen-cli 0.2.130
    # names a webpki-roots release the registry does not serve.
    cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
  fi
fi
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
  echo "build.sh: needs wasm-bindgen-cli $wasm_bindgen_version (cargo install wasm-bindgen-cli --version $wasm_bindgen_version), or PLAYGROUND_INSTALL=1" >&2
  exit 1
fi

# Release, for size and speed. Thin LTO: fat LTO (the release profile's) takes
# minutes more on two cores for a module a few percent smaller.
CARGO_PROFILE_RELEASE_LTO=thin cargo build --release --locked --target wasm32-unknown-unknown -p batchlint-wasm
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

rm -rf web/dist
mkdir -p web/dist
wasm-bindgen --target web --no-typescript --out-dir web/dist/pkg \
  "$target_dir/wasm32-unknown-unknown/release/batchlint_wasm.wasm"
cp web/index.html web/style.css web/app.js web/worker.js web/dist/
ls -l web/dist web/dist/pkg
