#!/usr/bin/env bash
# Proves the module can be depended on the way users will: the committed tree
# (HEAD) is published as a fake version into a file-system module proxy, then
#   1. a scratch module `go get`s the library from it, imports it, renders a PDF;
#   2. `go install …/cmd/kartograf@VERSION` builds the CLI from it, which renders the demo.
# `go install pkg@version` refuses a module whose go.mod has replace or exclude
# lines, and the scratch build fails if a package or an embedded file is missing
# from the module zip — so both regressions are caught here, not by users.
set -euo pipefail
cd "$(dirname "$0")/../.."

mod=github.com/kartograf-ru/kartograf
# A prerelease of v0.0.0: valid semver, sorts below any real release, never
# published. It is new on every run because the go command takes a module
# version to be immutable: it indexes a module cache directory once (in
# GOCACHE, by path) and trusts the index thereafter, so a reused version with
# other content builds from a stale file list — and two runs at once would
# share one directory.
ver="v0.0.0-proxytest.$(date +%s).$$"

for tool in pdftotext qpdf; do
  if ! command -v "$tool" >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils qpdf >/dev/null
    else
      echo "$tool is missing and we are not root" >&2
      exit 1
    fi
  fi
done

modcache=$(go env GOMODCACHE)
upstream=$(go env GOPROXY)
work=$(mktemp -d)
# The fake version must not outlive the run: nobody can fetch it again, and a
# module cache holding it is not what a user has. Our module is not otherwise
# in this cache (it is the main module here), so once no run's version is left
# the kartograf-ru directories go whole. Module cache directories are
# read-only, hence the chmod.
extracted="$modcache/github.com/kartograf-ru"
downloaded="$modcache/cache/download/github.com/kartograf-ru"
forget() { # forget VERSION-GLOB [find-options…]: the matching fake versions
  local glob=$1 p; shift
  while IFS= read -r -d '' p; do
    chmod u+w "$(dirname "$p")" && chmod -R u+w "$p" && rm -rf "$p"
  done < <(find "$extracted" "$downloaded/kartograf/@v" -mindepth 1 -maxdepth 1 \
             \( -name "kartograf@$glob" -o -name "$glob.*" \) "$@" -print0 2>/dev/null)
  if [ -z "$(find "$extracted" "$downloaded" -name 'kartograf@v*' -o -name 'v*.zip' 2>/dev/null)" ]; then
    chmod -R u+w "$extracted" "$downloaded" 2>/dev/null || true
    rm -rf "$extracted" "$downloaded"
  fi
}
cleanup() { forget "$ver"; chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# A run killed before its trap leaves its version behind; an hour on, it is
# not a run still going.
forget 'v0.0.0-proxytest.*' -mmin +60

# The module's dependencies still come from the usual proxy (and the usual
# cache, so nothing is downloaded twice); only our module is served from disk,
# and the checksum database is not asked about a version it cannot know.
# GOPRIVATE/GONOPROXY are emptied so that a developer who marked the module
# private still has it read from the file proxy rather than from the VCS.
viaproxy() {
  GOPROXY="file://$work/proxy,$upstream" GONOSUMDB="$mod" GOPRIVATE= GONOPROXY= "$@"
}

echo "-- publishing HEAD as $mod@$ver into a file proxy"
# git archive, not the working tree: untracked files (binaries, out/) must not
# leak into what is published.
mkdir -p "$work/src"
git archive HEAD | tar -x -C "$work/src"
go -C internal/modproxy vet .
go -C internal/modproxy run . -dir "$work/src" -version "$ver" \
  -time "$(git log -1 --format=%cI HEAD)" -out "$work/proxy"

echo "-- a scratch module imports the library"
mkdir -p "$work/consumer"
cat >"$work/consumer/go.mod" <<'EOF'
module example.com/kartograf-consumer

go 1.26
EOF
cat >"$work/consumer/main.go" <<'EOF'
// A first-time user's program: decode a document, render it to PDF, and render
// every built-in demo (which exercises the templates, fonts and seeds embedded
// in the module zip).
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

const input = `{
  "kind": "roadmap",
  "organization": {"full_name": "МКОУ «Школа проверки модуля» с. Проксино"},
  "title": "ДОРОЖНАЯ КАРТА",
  "subtitle": "по повышению качества образования на 2024-2025 учебный год",
  "approvals": [{"kind": "approve", "position": "Директор", "name": "А.Х. Жилов", "date": "30.08.2024", "number": "112"}],
  "body": [{"plan": {"sections": [{"title": "ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", "items": [
    {"title": "Установка из файлового прокси", "deadline": "Сентябрь 2024г.", "responsible": "Директор"}
  ]}]}}]
}`

func main() {
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "consumer:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	doc, err := document.Decode(strings.NewReader(input))
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	var pdf bytes.Buffer
	res, err := eng.Render(context.Background(), &pdf, doc, kartograf.RenderOptions{Format: kartograf.PDF})
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if err := os.WriteFile(out, pdf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	fmt.Println("rendered", out, res.Template, pdf.Len(), "bytes")
	demos := kartograf.Demos()
	if len(demos) == 0 {
		return fmt.Errorf("kartograf.Demos() is empty: the seeds are missing from the module")
	}
	for _, d := range demos {
		doc, err := document.DecodeBytes(d.JSON)
		if err != nil {
			return fmt.Errorf("demo %s: %w", d.Name, err)
		}
		var buf bytes.Buffer
		res, err := eng.Render(context.Background(), &buf, doc, kartograf.RenderOptions{Format: kartograf.PDF})
		if err != nil {
			return fmt.Errorf("demo %s: %w", d.Name, err)
		}
		fmt.Println("demo", d.Name, res.Template, buf.Len(), "bytes")
	}
	return nil
}
EOF
(
  cd "$work/consumer"
  viaproxy env GOFLAGS=-mod=mod go get "$mod@$ver"
  got=$(viaproxy env GOFLAGS=-mod=mod go list -m -f '{{.Version}} {{.Dir}}' "$mod")
  echo "resolved: $got"
  case "$got" in
    "$ver $modcache/"*) ;;
    *) echo "FAIL: $mod should resolve to $ver in the module cache, got: $got" >&2; exit 1 ;;
  esac
  # The patched gopdf is a package of ours (third_party/gopdf); if the upstream
  # module appears here, a user would get the unpatched one.
  if grep -q '^github.com/signintech/gopdf ' go.sum; then
    echo "FAIL: the consumer's go.sum names github.com/signintech/gopdf" >&2; exit 1
  fi
  # go.sum only lists what was loaded; a requirement nothing imports is still
  # in the build list (and in every user's `go list -m all`).
  if viaproxy env GOFLAGS=-mod=mod go list -m all | grep -q '^github.com/signintech/gopdf '; then
    echo "FAIL: github.com/signintech/gopdf is in the consumer's build list" >&2; exit 1
  fi
  viaproxy env GOFLAGS=-mod=mod go build -o "$work/consumer.bin" .
)
"$work/consumer.bin" "$work/consumer.pdf"
if [ "$(head -c 5 "$work/consumer.pdf")" != "%PDF-" ]; then
  echo "FAIL: the consumer's output is not a PDF" >&2; exit 1
fi
qpdf --check "$work/consumer.pdf" >/dev/null
text=$(pdftotext -layout "$work/consumer.pdf" -)
for want in "Школа проверки модуля" "ДОРОЖНАЯ КАРТА" "Установка из файлового прокси"; do
  if ! grep -qF "$want" <<<"$text"; then
    echo "FAIL: «$want» is not in the consumer's PDF; pdftotext gave:" >&2; echo "$text" >&2; exit 1
  fi
done

echo "-- go install $mod/cmd/kartograf@$ver"
# From outside any module, as a user would; pkg@version ignores the current
# module anyway, and refuses a go.mod with replace or exclude lines.
(cd "$work" && viaproxy env GOBIN="$work/bin" go install "$mod/cmd/kartograf@$ver")
echo "kartograf version: $("$work/bin/kartograf" version)"
"$work/bin/kartograf" demo -o "$work/demo"
# The installed CLI must render what the published commit renders when built in
# place (not from the working tree, which may hold others' unfinished edits):
# same files, same text.
go -C "$work/src" build -o "$work/tree-kartograf" ./cmd/kartograf
"$work/tree-kartograf" demo -o "$work/tree-demo" >/dev/null
want=$(cd "$work/tree-demo" && ls)
got=$(cd "$work/demo" && ls)
if [ "$want" != "$got" ]; then
  echo "FAIL: the installed CLI's demo files differ from the tree's:" >&2
  diff <(echo "$want") <(echo "$got") >&2 || true
  exit 1
fi
for ext in pdf docx xlsx; do
  if ! ls "$work/demo"/*."$ext" >/dev/null 2>&1; then
    echo "FAIL: the demo wrote no .$ext" >&2; exit 1
  fi
done
for f in "$work/demo"/*.pdf; do
  qpdf --check "$f" >/dev/null
  if ! cmp -s <(pdftotext "$f" -) <(pdftotext "$work/tree-demo/$(basename "$f")" -); then
    echo "FAIL: $(basename "$f") from the installed CLI has other text than the tree's" >&2; exit 1
  fi
done
echo "module proxy: library imported and CLI installed from $mod@$ver; demo: $(echo "$got" | wc -l) files"
