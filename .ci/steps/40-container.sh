#!/usr/bin/env bash
# The container image: builds the repository's Dockerfile with buildah (no
# daemon, vfs storage, chroot isolation), then checks the image's entry
# point, command, user, port and healthcheck, that /kartograf serve reaches
# /kartograf-serve, and runs the service it holds as the image's non-root
# user: /healthz, the healthcheck binary and a PDF from /v1/render on
# loopback.
#
# CI cannot reach an image registry, so the Dockerfile's Go base image is
# replaced (--build-arg GO_IMAGE) by a local one: an empty image with a
# shell, into which this machine's Go toolchain and module download cache
# are mounted read-only (GOPROXY=file://, so go.sum still verifies every
# module), and its build cache read-write (a cold build of the dependencies
# takes about a minute of CPU; the cache is safe to share). Every instruction of the Dockerfile runs as written; the final
# stage is FROM scratch and needs no pull.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS

if ! command -v buildah >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "buildah is missing and we are not root: cannot build the image" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah >/dev/null 2>&1 || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah >/dev/null
  }
fi

work=$(mktemp -d)
server="" pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  B rm --all >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/root" "$work/runroot" "$work/tmp"
# A storage of our own: nothing is left behind in /var/lib/containers, and
# buildah's cache mounts (under TMPDIR) go away with it.
B() { TMPDIR="$work/tmp" buildah --root "$work/root" --runroot "$work/runroot" --storage-driver vfs "$@"; }

echo "-- the local Go image (stands in for docker.io/library/golang:1.26)"
go mod download # fills the download cache the build reads as its GOPROXY
goroot=$(go env GOROOT)
modcache=$(go env GOMODCACHE)/cache/download
gocache=$(go env GOCACHE)
ctr=$(B from scratch)
mnt=$(B mount "$ctr")
# /bin/sh for the Dockerfile's RUN lines: this machine's shell and the
# libraries it is linked with.
sh=$(readlink -f /bin/sh)
mkdir -p "$mnt/bin" "$mnt/tmp" "$mnt/usr/local/go" "$mnt/goproxy"
chmod 1777 "$mnt/tmp"
cp "$sh" "$mnt/bin/sh"
for lib in $(ldd "$sh" | grep -o '/[^ ]*'); do
  cp --parents -L "$lib" "$mnt/"
done
B umount "$ctr" >/dev/null
B config --env PATH=/usr/local/go/bin:/go/bin:/bin --env GOPATH=/go --env HOME=/root \
  --env GOTOOLCHAIN=local --env GOCACHE=/gocache --env GOPROXY=file:///goproxy --env GOSUMDB=off --env GOFLAGS=-mod=readonly \
  --workingdir /go "$ctr"
B commit -q "$ctr" localhost/kartograf-ci-go:latest >/dev/null
B rm "$ctr" >/dev/null

echo "-- buildah bud Dockerfile"
t0=$SECONDS
B bud -q --isolation chroot --format docker --layers=false \
  --build-arg GO_IMAGE=localhost/kartograf-ci-go:latest --build-arg VERSION=v0.0.0-ci \
  --volume "$goroot:/usr/local/go:ro" --volume "$modcache:/goproxy:ro" --volume "$gocache:/gocache" \
  -t localhost/kartograf:ci -f Dockerfile . >/dev/null
echo "   built in $((SECONDS - t0)) s"

echo "-- image configuration"
fail=0
check() { # name, got, want
  if [ "$2" != "$3" ]; then echo "   $1: got «$2», want «$3»" >&2; fail=1; else echo "   $1: $2"; fi
}
get() { B inspect --type image --format "$1" localhost/kartograf:ci; }
# Go's fmt of a []string: [a b] (buildah's templates have no json).
check entrypoint "$(get '{{.Docker.Config.Entrypoint}}')" '[/kartograf-serve]'
check cmd "$(get '{{.Docker.Config.Cmd}}')" '[--addr 0.0.0.0:8080]'
check user "$(get '{{.Docker.Config.User}}')" '65532:65532'
check ports "$(get '{{range $p, $_ := .Docker.Config.ExposedPorts}}{{$p}} {{end}}')" '8080/tcp '
check healthcheck "$(get '{{.Docker.Config.Healthcheck.Test}}')" '[CMD /healthcheck http://127.0.0.1:8080/healthz]'
check version-label "$(get '{{index .Docker.Config.Labels "org.opencontainers.image.version"}}')" 'v0.0.0-ci'
# FROM scratch: the three binaries and nothing else (no shell, no libc).
ctr=$(B from localhost/kartograf:ci)
mnt=$(B mount "$ctr")
check files "$(cd "$mnt" && find . -mindepth 1 | sort | tr '\n' ' ')" './healthcheck ./kartograf ./kartograf-serve '
[ "$fail" = 0 ] || exit 1
# The Dockerfile's VERSION reaches the binary through -ldflags -X.
ver=$(B run --isolation chroot "$ctr" -- /kartograf version)
case "$ver" in *v0.0.0-ci*) echo "   version: $ver" ;; *) echo "   version: «$ver» lacks v0.0.0-ci" >&2; exit 1 ;; esac
# /kartograf serve (older docs, habits) hands over to /kartograf-serve:
# a wrong flag gets kartograf-serve's answer.
serve_err=$(B run --isolation chroot "$ctr" -- /kartograf serve --no-such-flag 2>&1 >/dev/null || true)
case "$serve_err" in
  *"справка: kartograf-serve -h"*) echo "   /kartograf serve: reaches /kartograf-serve" ;;
  *) echo "   /kartograf serve does not reach /kartograf-serve: $serve_err" >&2; exit 1 ;;
esac

echo "-- the image's service, run as the image's user"
# buildah run takes the user from the image; chroot isolation shares this
# machine's network, so the service is reached on loopback. The port is
# not 8080 because other services may hold it on a shared machine.
port=$((20000 + RANDOM % 20000))
log="$work/serve.log"
B run --isolation chroot "$ctr" -- /kartograf-serve --addr "127.0.0.1:$port" --log-format text --drain-delay 0 >"$log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "the service exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
check healthz "$(curl -sS -o /dev/null -w '%{http_code}' "$base/healthz")" 200
# The service's process runs as 65532 (the image's USER), not root.
pid=$(pgrep -n -f "^/kartograf-serve --addr 127.0.0.1:$port" || true)
if [ -n "$pid" ]; then
  check process-uid "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" 65532
else
  echo "   the service's process was not found by its command line" >&2; exit 1
fi
B run --isolation chroot "$ctr" -- /healthcheck "$base/healthz"
echo "   /healthcheck: exit 0"
seed=testdata/seeds/001_49fbf96383fe353c.json # the README's example: a 2023-2024 roadmap
curl -fsS -D "$work/headers" -o "$work/out.pdf" -H 'Content-Type: application/json' \
  --data-binary "@$seed" "$base/v1/render?format=pdf"
check pdf-magic "$(head -c 5 "$work/out.pdf")" '%PDF-'
grep -qi "^content-disposition: attachment;.*filename\*=UTF-8''" "$work/headers" || {
  echo "   no UTF-8 file name in Content-Disposition" >&2; cat "$work/headers" >&2; exit 1; }
echo "   /v1/render: $(wc -c <"$work/out.pdf") bytes of PDF, a UTF-8 file name"
# SIGTERM to the service itself (buildah run does not pass it on), then
# wait until it has gone.
kill "$pid"
for _ in $(seq 100); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
[ ! -d "/proc/$pid" ] || { echo "   the service did not stop on SIGTERM" >&2; exit 1; }
pid=""
wait "$server" 2>/dev/null || true; server=""
if B run --isolation chroot "$ctr" -- /healthcheck "$base/healthz" 2>/dev/null; then
  echo "   /healthcheck says healthy with the service stopped" >&2; exit 1
fi
echo "   /healthcheck with the service stopped: exit 1"

echo "-- the README's Indexed Job: /kartograf batch from the image, no shell"
data="$work/data"
mkdir -p "$data/out"
cp "$seed" "$data/plan.json"
printf '%s\n' 'id,short_name,full_name,district,director' \
  'sch1,МКОУ СОШ №1,Муниципальное казённое общеобразовательное учреждение «СОШ №1»,Район,Иванов И. И.' \
  'sch2,МКОУ СОШ №2,Муниципальное казённое общеобразовательное учреждение «СОШ №2»,Район,Петров П. П.' \
  >"$data/schools.csv"
chown -R 65532:65532 "$data" # the image's user writes there, as fsGroup arranges in Kubernetes
B run --isolation chroot --volume "$data:/data" "$ctr" -- /kartograf batch --plan /data/plan.json \
  --registry /data/schools.csv --to 2024-2025 -f pdf,docx,xlsx -o /data/out --shard 1/2 >"$work/batch.log" 2>&1 || {
  cat "$work/batch.log" >&2
  echo "   batch in the image failed" >&2; exit 1; }
check batch-files "$(cd "$data/out" && ls | tr '\n' ' ')" 'index-1-of-2.csv index-1-of-2.json index-1-of-2.xlsx sch2.docx sch2.pdf sch2.xlsx '
check batch-owner "$(stat -c %u "$data/out/sch2.pdf")" 65532
[ "$fail" = 0 ] || exit 1
[ "$fail" = 0 ] || exit 1
echo "container step: $((SECONDS - start)) s"
