#!/usr/bin/env bash
# Installs Typst 0.14.2 for scripts/typeset: the npm package
# @myriaddreamin/typst-ts-node-compiler 0.7.0 (an N-API addon with the
# linux-x64 binary inside; nothing else is downloaded) into $TYPST_DIR,
# outside the repository. Needs Node 20 + npm and fonts-liberation2.
set -euo pipefail
dir=${TYPST_DIR:-${TMPDIR:-/tmp}/kartograf-typeset}
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || npm init -y >/dev/null
npm install --no-audit --no-fund @myriaddreamin/typst-ts-node-compiler@0.7.0
node -e "require('@myriaddreamin/typst-ts-node-compiler')"
echo "Typst installed in $dir"
