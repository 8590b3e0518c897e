#!/usr/bin/env bash
# The whole system on this machine in one command: Kafka and PostgreSQL (embedded, no Docker),
# ingest-service, alert-service, registered demo and simulated devices, and the wearable
# simulator. Ctrl-C stops everything.
#
#   ./run-local.sh                 20 simulated patients
#   ./run-local.sh --patients 5    5 simulated patients
#   ./run-local.sh --no-simulator  only the demo devices; post readings yourself
#   ./run-local.sh --help          all options
#
# Builds first (mvn install, tests skipped) when a service jar or the launcher is missing or
# older than its sources. Credentials land in .local/credentials.json, logs in .local/logs/.
# Extra JVM options for the launcher: LOCAL_STACK_JAVA_OPTS="-Xmx1g" ./run-local.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

die() {
  echo "run-local.sh: $*" >&2
  exit 1
}

command -v java >/dev/null 2>&1 || die "java not found on PATH: install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)."
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1)
if [[ -n "$java_major" && "$java_major" =~ ^[0-9]+$ && "$java_major" -lt 17 ]]; then
  die "java on PATH is version $java_major; Java 17 or newer is needed."
fi

LAUNCHER=local-stack/target/local-stack.jar

# Is $1 (a jar) missing, or older than any file under the given sources (directories or files)?
stale() {
  local jar=$1
  shift
  [[ -f "$jar" ]] || return 0
  local src
  for src in "$@"; do
    [[ -e "$src" ]] || continue
    if [[ -n "$(find "$src" -type f -newer "$jar" -print -quit 2>/dev/null)" ]]; then
      return 0
    fi
  done
  return 1
}

# The sources a module's jar is built from: its own, those of the project modules it uses, the poms.
module_sources() {
  local m
  for m in "$@"; do
    echo "$m/src"
    echo "$m/pom.xml"
  done
  echo pom.xml
}

needs_build=()
mapfile -t ingest_src < <(module_sources ingest-service service-common common-model)
stale ingest-service/target/quarkus-app/quarkus-run.jar "${ingest_src[@]}" && needs_build+=(ingest-service)
if [[ -d alert-service/src/main && -n "$(find alert-service/src/main -type f -print -quit)" ]]; then
  mapfile -t alert_src < <(module_sources alert-service service-common detection common-model)
  stale alert-service/target/quarkus-app/quarkus-run.jar "${alert_src[@]}" && needs_build+=(alert-service)
fi
mapfile -t launcher_src < <(module_sources local-stack embedded-infra common-model)
if stale "$LAUNCHER" "${launcher_src[@]}" || [[ ! -d local-stack/target/lib ]]; then
  needs_build+=(local-stack)
fi

# Asking for the usage needs no fresh build.
for arg in "$@"; do
  if [[ "$arg" == "--help" || "$arg" == "-h" ]] && [[ -f "$LAUNCHER" && -d local-stack/target/lib ]]; then
    needs_build=()
  fi
done

if ((${#needs_build[@]} > 0)); then
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH, and ${needs_build[*]} must be built: install Maven 3.8+ (e.g. apt-get install maven)."
  echo "run-local.sh: building (${needs_build[*]} missing or out of date): mvn -B -q install -DskipTests -Pappcds ..."
  # -Pappcds: ingest-service's AppCDS archive, which the launcher passes to its JVM (a faster cold start; made only
  # here, since it costs an extra start of the service at package time).
  mvn -B -q install -DskipTests -Pappcds || die "the build failed (see above); fix it, or build with 'mvn -B install -DskipTests' for details."
fi

[[ -f "$LAUNCHER" ]] || die "$LAUNCHER is missing after the build."

# The embedded broker and database log through JBoss LogManager (into .local/logs/infra.log).
# shellcheck disable=SC2086 # LOCAL_STACK_JAVA_OPTS is a list of options.
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${LOCAL_STACK_JAVA_OPTS:-} -jar "$LAUNCHER" "$@"
