#!/usr/bin/env bash
# A webhook receiver for the running local stack (./run-local.sh): listens on loopback, registers itself
# for a care team with the admin token of .local/credentials.json, prints every signed delivery with its
# signature checked, and unregisters itself on Ctrl-C.
#
#   ./webhook-receiver.sh                       the first care team, every alert event, port 9099
#   ./webhook-receiver.sh --escalation          only escalations of unacknowledged alerts (on-call)
#   ./webhook-receiver.sh --care-team ID --port N
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
[[ -f .local/credentials.json ]] || { echo "webhook-receiver.sh: start ./run-local.sh first" >&2; exit 1; }
[[ -f local-stack/target/local-stack.jar ]] || { echo "webhook-receiver.sh: local-stack is not built; run ./run-local.sh first" >&2; exit 1; }
exec java -cp "local-stack/target/local-stack.jar:local-stack/target/lib/*" org.portwatch.local.WebhookReceiver "$@"
