#!/usr/bin/env bash
# Measures the node agent's footprint: start-up time (process start to "registered with the control
# plane"), resident memory after an idle minute, and idle CPU. Starts its own control plane.
#
#   bench/agent-footprint.sh [idle-seconds]      (default 60)
#   AGENT_JAVA_OPTS="..." bench/agent-footprint.sh   to try other JVM flags
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
idle="${1:-60}"
opts="${AGENT_JAVA_OPTS:--XX:+UseSerialGC -Xms8m -Xmx32m -Xss256k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseStringDeduplication -Xshare:auto}"
tmp="$(mktemp -d)"
trap 'kill $cp $agent 2>/dev/null || true; rm -rf "$tmp"' EXIT
java -Xmx256m -Dquarkus.grpc.server.port=19391 -Dquarkus.http.port=19392 \
  -jar control-plane/target/quarkus-app/quarkus-run.jar >"$tmp/cp.log" 2>&1 &
cp=$!
until curl -fs localhost:19392/q/health/ready >/dev/null 2>&1; do sleep 0.2; done

start=$(date +%s%N)
# shellcheck disable=SC2086
java $opts -Dlastmile.agent.node-id=bench-1 -Dlastmile.agent.region=de-fra \
  -Dlastmile.agent.control-plane=localhost:19391 -Dlastmile.agent.gpu.mode=simulated \
  -Dlastmile.agent.gpu.simulated=2xL4:23034:72 -Dlastmile.agent.work-dir="$tmp/agent" \
  -jar node-agent/target/quarkus-app/quarkus-run.jar >"$tmp/agent.log" 2>&1 &
agent=$!
until grep -q "registered with the control plane" "$tmp/agent.log"; do
  kill -0 "$agent" 2>/dev/null || { echo "the agent exited; see below" >&2; cat "$tmp/agent.log" >&2; exit 1; }
  sleep 0.01
done
ready=$(date +%s%N)
ticks() { awk '{print $14 + $15}' "/proc/$agent/stat"; }
sleep 5
t0=$(ticks)
sleep "$idle"
t1=$(ticks)
hz=$(getconf CLK_TCK)
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$agent/status")
printf 'agent JVM flags: %s\n' "$opts"
printf 'start-up to registered: %d ms\n' $(( (ready - start) / 1000000 ))
printf 'resident memory after %ss idle: %.1f MiB\n' "$idle" "$(echo "$rss_kib / 1024" | bc -l)"
printf 'idle CPU over %ss: %.2f%% of one core\n' "$idle" "$(echo "($t1 - $t0) * 100 / $hz / $idle" | bc -l)"
