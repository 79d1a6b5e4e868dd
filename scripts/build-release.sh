#!/usr/bin/env bash
# Builds the kartograf CLI and the HTTP service kartograf-serve for every
# release target into OUTDIR, with SHA256SUMS beside the binaries:
#
#   scripts/build-release.sh VERSION OUTDIR
#
# Files are named kartograf_<version>_<os>_<arch>[.exe] and
# kartograf-serve_<version>_<os>_<arch>[.exe]: kept side by side, `kartograf
# serve` finds the kartograf-serve of the same tail. The binaries are
# static (CGO_ENABLED=0), carry no build paths (-trimpath) nor symbol tables
# (-s -w), and report VERSION through the kartograf.version variable.
# A script rather than goreleaser: goreleaser's current release needs a
# newer Go than the project's 1.26, so `go run` cannot build it here.
set -euo pipefail

if [ $# -ne 2 ] || [ -z "$1" ] || [ -z "$2" ]; then
  echo "usage: $0 VERSION OUTDIR" >&2
  exit 2
fi
version=$1
out=$2
# The version becomes part of file names and of an -ldflags argument.
if ! [[ $version =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]]; then
  echo "$0: version $version: only letters, digits, «.», «_», «+», «-»" >&2
  exit 2
fi

cd "$(dirname "$0")/.."
mkdir -p "$out"
out=$(cd "$out" && pwd)

targets="linux/amd64 linux/arm64 windows/amd64 darwin/arm64"
files=()
for t in $targets; do
  goos=${t%/*}
  goarch=${t#*/}
  for prog in kartograf kartograf-serve; do
    name="${prog}_${version}_${goos}_${goarch}"
    [ "$goos" = windows ] && name="$name.exe"
    echo "building $name"
    CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -trimpath \
      -ldflags "-s -w -X github.com/kartograf-ru/kartograf.version=$version" \
      -o "$out/$name" "./cmd/$prog"
    files+=("$name")
  done
done

# sha256sum's own format, so `sha256sum -c SHA256SUMS` checks a download.
(cd "$out" && sha256sum "${files[@]}" > SHA256SUMS)
echo "wrote ${#files[@]} binaries and SHA256SUMS to $out"
