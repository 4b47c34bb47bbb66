# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    # comment inside
    go mod download -x
COPY --link --chown=app:app . .
ENV CGO_ENABLED=0 GOFLAGS="-trimpath -mod=readonly"
ENV LEGACY value with spaces
RUN go build -o /out/app ./cmd/app && \
    curl -fsSL https://example.com/install.sh | sh -s -- --yes

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/app /app
USER 65532:65532
EXPOSE 8080/tcp
HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]
ENTRYPOINT ["/app"]
