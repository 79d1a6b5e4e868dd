#!/usr/bin/env bash
# Release build: scripts/build-release.sh cross-compiles the CLI and the
# HTTP service (kartograf-serve) for linux/amd64, linux/arm64,
# windows/amd64 and darwin/arm64; each file must be an executable of its
# target, the checksums must match, and the linux/amd64 CLI must report the
# version it was built with, render the demo and hand serve to the
# kartograf-serve beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."

# file(1) names each binary's format; .ci/run's apt-get update may not
# have run (it only runs when its own tools are missing).
if ! command -v file >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq file >/dev/null
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
version=0.0.0-ci
bash scripts/build-release.sh "$version" "$out/dist"

check() {
  local name=$1 want=$2 got
  got=$(file -b "$out/dist/$name")
  if ! grep -qE "$want" <<<"$got"; then
    echo "$name: want «$want», file says: $got" >&2
    exit 1
  fi
  echo "$name: $got"
}
for prog in kartograf kartograf-serve; do
  check "${prog}_${version}_linux_amd64" '^ELF 64-bit LSB .*x86-64'
  check "${prog}_${version}_linux_arm64" '^ELF 64-bit LSB .*ARM aarch64'
  check "${prog}_${version}_windows_amd64.exe" '^PE32\+ executable.*x86-64'
  check "${prog}_${version}_darwin_arm64" '^Mach-O 64-bit .*arm64'
done

(cd "$out/dist" && sha256sum -c --quiet SHA256SUMS)
if [ "$(wc -l < "$out/dist/SHA256SUMS")" -ne 8 ]; then
  echo "SHA256SUMS should list 8 files:" >&2; cat "$out/dist/SHA256SUMS" >&2; exit 1
fi

bin="$out/dist/kartograf_${version}_linux_amd64"
"$bin" version | tee "$out/version.txt"
if ! grep -qF "$version" "$out/version.txt"; then
  echo "kartograf version does not report $version" >&2
  exit 1
fi
"$bin" demo -o "$out/demo"
n=$(find "$out/demo" -name '*.pdf' | wc -l)
if [ "$n" -eq 0 ]; then
  echo "the release binary's demo wrote no PDF" >&2
  exit 1
fi
# kartograf serve runs the kartograf-serve of the same name's tail beside
# it: a wrong flag gets kartograf-serve's answer, and its help.
serve_err=$("$bin" serve --no-such-flag 2>&1 >/dev/null) && { echo "kartograf serve --no-such-flag exited 0" >&2; exit 1; }
if ! grep -qF "kartograf-serve -h" <<<"$serve_err"; then
  echo "kartograf serve did not reach kartograf-serve: $serve_err" >&2
  exit 1
fi
help=$("$out/dist/kartograf-serve_${version}_linux_amd64" -h)
grep -qF -- '--addr' <<<"$help" || { echo "kartograf-serve -h does not list --addr" >&2; exit 1; }
echo "release build: 4 targets × 2 programs, demo wrote $n PDFs, serve reaches kartograf-serve"
