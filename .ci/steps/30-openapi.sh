#!/usr/bin/env bash
# The served /openapi.json must be usable by the tools clients use:
#  - redocly lint (recommended rules, see redocly.yaml): no error, no warning;
#  - swagger-parser validates it and resolves every reference;
#  - openapi-typescript generates types with the Document schema, and tsc
#    accepts them;
#  - oapi-codegen generates a Go client, which compiles.
# The document is written by internal/openapidump (service.OpenAPI, the
# same bytes the server serves), so nothing is started.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS

# Versions known to work with Node 20 (redocly 2.x needs >= 20.19;
# swagger-parser 13 needs Node 22, so 12) and with
# this document; bump deliberately.
REDOCLY=@redocly/cli@2.77.0
OPENAPI_TS=openapi-typescript@7.13.0
TYPESCRIPT=typescript@5.9.3
SWAGGER_PARSER=@apidevtools/swagger-parser@12.1.0
OAPI_CODEGEN=github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2
OAPI_RUNTIME=github.com/oapi-codegen/runtime@v1.9.0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$PWD

# Reports how long each part took: npm and the module proxy are the slow ones.
lap() { echo "   ($1: $((SECONDS - lap_start)) s)"; lap_start=$SECONDS; }
lap_start=$SECONDS

go run ./internal/openapidump -o "$tmp/openapi.json"
lap "openapidump"

if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
# redocly 2.x needs Node >= 20.19 (Debian 12's own nodejs is 18).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null || ! command -v npm >/dev/null; then
  echo "this check needs Node.js >= 20.19 and npm; found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi
npm install --prefix "$tmp/npm" --no-audit --no-fund --loglevel=error "$REDOCLY" "$OPENAPI_TS" "$TYPESCRIPT" "$SWAGGER_PARSER" >/dev/null
bin=$tmp/npm/node_modules/.bin
lap "npm install"

echo "-- redocly lint"
# redocly exits non-zero on errors only; warnings must fail too, so read the
# summary's counts.
set +e
lint=$(cd "$tmp" && "$bin/redocly" lint --config "$repo/redocly.yaml" --format=summary openapi.json 2>&1)
rc=$?
set -e
echo "$lint" | grep -E '^(error|warning) |valid|warnings?\.|errors?\.' || true
if [ "$rc" != 0 ] || echo "$lint" | grep -qE '^(error|warning) '; then
  echo "$lint" >&2
  echo "redocly lint: the OpenAPI document has problems" >&2
  exit 1
fi
lap "redocly"

echo "-- swagger-parser validate"
# Validates against the OpenAPI 3.1 JSON Schema and dereferences every $ref.
SPEC="$tmp/openapi.json" PARSER="$tmp/npm/node_modules/@apidevtools/swagger-parser/lib/index.js" \
  node --input-type=module -e '
    const { default: SwaggerParser } = await import(process.env.PARSER);
    try {
      const api = await SwaggerParser.validate(process.env.SPEC);
      console.log("valid, openapi " + api.openapi);
    } catch (e) {
      console.error(e.message);
      process.exit(1);
    }'
lap "swagger-parser"

echo "-- openapi-typescript"
(cd "$tmp" && "$bin/openapi-typescript" openapi.json -o types.ts >/dev/null)
for t in Document Document_Organization Document_Block Problem; do
  grep -qE "^ +$t: " "$tmp/types.ts" || { echo "types.ts has no $t schema" >&2; exit 1; }
done
"$bin/tsc" --noEmit --strict --target es2022 "$tmp/types.ts"
lap "openapi-typescript, tsc"

echo "-- oapi-codegen"
mkdir "$tmp/client"
cat >"$tmp/client/oapi.yaml" <<'YAML'
package: kartografclient
generate:
  client: true
  models: true
output: client.gen.go
YAML
(
  cd "$tmp/client"
  export GOWORK=off GOFLAGS=-mod=mod
  go run "$OAPI_CODEGEN" -config oapi.yaml ../openapi.json
  go mod init example.invalid/kartografclient
  go get "$OAPI_RUNTIME"
  go mod tidy
  grep -q '^type Document struct' client.gen.go || { echo "client.gen.go has no Document type" >&2; exit 1; }
  go build ./...
  go vet ./...
)
lap "oapi-codegen, go build"

echo "openapi: redocly, swagger-parser, openapi-typescript and oapi-codegen accept the document ($((SECONDS - start)) s)"
