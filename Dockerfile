# envdrift in a container. Build (from the repository root):
#
#   docker build -t envdrift .
#
# Run on the current directory (as your user, so libgit2 trusts the mounted repository and the
# report files are yours):
#
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/src" envdrift check
#
# Stage 1 is `scripts/dev.sh package` on Debian 12: a Release build with ENVDRIFT_PORTABLE=ON
# and its cpack archive (bin/envdrift, the libraries Debian has no static archive for, the
# README, completions and man page). Stage 2 is that archive on distroless/cc: glibc, libstdc++,
# libgcc and CA certificates, no shell, no package manager.
FROM debian:bookworm AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Behind a TLS-intercepting proxy npm needs its CA (the build stage fetches the grammars):
#   docker build --build-arg NODE_EXTRA_CA_CERTS=/run/proxy-ca.crt -v /path/ca.crt:/run/proxy-ca.crt:ro ...
# (`-v` is podman/buildah's; with BuildKit use a secret mount). Unset, it does nothing.
ARG NODE_EXTRA_CA_CERTS
RUN bash scripts/dev.sh package && \
    mkdir /out && tar -xzf build-release/envdrift-*.tar.gz -C /out --strip-components=1

FROM gcr.io/distroless/cc-debian12
COPY --from=build /out /usr/local
# No home directory for an arbitrary --user: keep the result cache in /tmp.
ENV ENVDRIFT_CACHE_DIR=/tmp/envdrift-cache
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/envdrift"]
CMD ["check"]
