# The `step_reached` example as a container image: built in Rust's image, run in a distroless one
# (glibc, CA certificates, no shell, no package manager) as its non-root user.
#
#   docker build -t clustaar-webhook .
#   docker run --rm -p 8000:8000 -e CLUSTAAR_PRIVATE_KEY=… clustaar-webhook
#
# It listens on 0.0.0.0:$PORT (8000 unless the platform sets PORT, as Cloud Run does), answers
# `GET /health` with `ok`, and on SIGTERM stops accepting, lets the requests in flight finish
# (10 s at most) and exits 0. For your own webhook, build your binary instead of the example.

# The builder's Debian is the runtime's (bookworm, Debian 12): the binary needs its glibc.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
# Cargo's downloads and build outputs are cached between builds (BuildKit); the binary is copied
# out of the cache before the layer ends.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --example step_reached \
    && cp target/release/examples/step_reached /webhook

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /webhook /usr/local/bin/webhook
ENV HOST=0.0.0.0 PORT=8000 RUST_LOG=info
EXPOSE 8000
USER nonroot
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/webhook"]
