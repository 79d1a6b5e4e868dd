# syntax=docker/dockerfile:1
# Kartograf's HTTP service as a container: static binaries on an empty base —
# /kartograf-serve (the service, the entry point), /kartograf (the CLI, for
# jobs such as batch) and /healthcheck.
#
#   docker build --build-arg VERSION=v0.1.0 -t ghcr.io/kartograf-ru/kartograf:v0.1.0 .
#   docker run --rm -p 8080:8080 ghcr.io/kartograf-ru/kartograf:v0.1.0
#
# Fonts and templates are embedded in the binaries, so nothing has to be
# mounted for the defaults. The base images are arguments only so that CI,
# which cannot reach an image registry, can build this same file with a
# local Go image (.ci/steps/40-container.sh); a normal host needs none.
ARG GO_IMAGE=docker.io/library/golang:1.26

FROM ${GO_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer stays cached until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
ARG VERSION=devel
# CGO_ENABLED=0: static binaries that run on scratch (no libc); -trimpath
# keeps this machine's paths out of them; the version is stamped because the
# build context has no .git for Go's own VCS stamping (.dockerignore).
# All three programs at once; -o with a slash creates /out/ (no mkdir on a
# minimal Go image).
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/kartograf-ru/kartograf.version=${VERSION}" \
      -o /out/ ./cmd/kartograf-serve ./cmd/kartograf ./deploy/healthcheck

FROM scratch
ARG VERSION=devel
LABEL org.opencontainers.image.title="kartograf" \
      org.opencontainers.image.description="Дорожные карты школ в PDF, DOCX и XLSX: HTTP-сервис" \
      org.opencontainers.image.source="https://github.com/kartograf-ru/kartograf" \
      org.opencontainers.image.version="${VERSION}"
# The service is its own program (kartograf serve starts it too); the CLI,
# which does without the service's packages to start fast, runs jobs
# such as batch from the same image.
COPY --from=build /out/kartograf-serve /kartograf-serve
COPY --from=build /out/kartograf /kartograf
COPY --from=build /out/healthcheck /healthcheck
# The distroless «nonroot» uid; scratch has no /etc/passwd, so numeric.
USER 65532:65532
EXPOSE 8080
# scratch has no curl: the probe is a second small static binary.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/healthcheck", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/kartograf-serve"]
CMD ["--addr", "0.0.0.0:8080"]
