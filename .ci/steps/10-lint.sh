#!/usr/bin/env bash
# Lint: staticcheck (pinned version, fetched through the module proxy) over
# every package except the vendored gopdf in third_party/; go vet runs in
# .ci/run itself. The checks and why any are left out: staticcheck.conf.
# Zero findings: any finding fails CI.
set -euo pipefail
cd "$(dirname "$0")/../.."

# v0.8.2 is the newest release built with this Go (1.26); bump it with Go.
staticcheck_version=v0.8.2
mapfile -t pkgs < <(go list ./... | grep -v '/third_party/')
go run "honnef.co/go/tools/cmd/staticcheck@${staticcheck_version}" "${pkgs[@]}"
echo "staticcheck ${staticcheck_version}: no findings in ${#pkgs[@]} packages"
