#!/usr/bin/env bash
# run.sh: aimo and promptfoo side by side on the same work — 2,000 chat
# requests (one per problem, one sample each) to the same local fake vLLM
# server (bench/fakevllm) at the same concurrency — measuring each tool's wall
# time and peak memory (maximum resident set size) with /usr/bin/time -v.
#
#   bench/promptfoo/run.sh              # from the repository root
#   N=2000 J=64 LATENCY=20ms SLOTS=64 REPS=3 bench/promptfoo/run.sh
#
# Needs: go, node and `npm ci` (or `npm install`) done in bench/promptfoo, and
# GNU time (apt-get install time). Traffic stays on 127.0.0.1: where
# unprivileged user namespaces work, the whole run happens in a private
# network namespace that has only a loopback interface. Every tool run is
# bounded by TOOL_TIMEOUT seconds; results go to $WORK/results.tsv.
set -euo pipefail

N=${N:-2000}
J=${J:-64}
LATENCY=${LATENCY:-20ms}
SLOTS=${SLOTS:-64}
REPS=${REPS:-3}
PORT=${PORT:-18765}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-300}

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

# Re-run inside a network namespace with only loopback, when possible.
if [[ -z "${AIMO_BENCH_NETNS:-}" ]] && unshare -rn true 2>/dev/null; then
	exec env AIMO_BENCH_NETNS=1 unshare -rn bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

[[ -x /usr/bin/time ]] || { echo "run.sh: needs GNU time: apt-get install time" >&2; exit 2; }
[[ -x "$HERE/node_modules/.bin/promptfoo" ]] || { echo "run.sh: run 'npm ci' in $HERE first" >&2; exit 2; }

WORK=${WORK:-$(mktemp -d /tmp/aimo-vs-promptfoo.XXXXXX)}
mkdir -p "$WORK"
SERVER_PID=
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; true; }
trap cleanup EXIT

# The same problems for both tools: JSONL for aimo, CSV for promptfoo.
echo "problem,answer" >"$WORK/tests.csv"
: >"$WORK/problems.jsonl"
for ((i = 0; i < N; i++)); do
	echo "{\"id\": \"p$i\", \"problem\": \"What is $i + $((i + 1))?\", \"answer\": \"$((2 * i + 1))\"}" >>"$WORK/problems.jsonl"
	echo "What is $i + $((i + 1))?,$((2 * i + 1))" >>"$WORK/tests.csv"
done
URL="http://127.0.0.1:$PORT/v1"
cp "$HERE/aimo.jsonnet" "$WORK/aimo.jsonnet"
sed "s#http://127.0.0.1:18765/v1#$URL#" "$HERE/promptfooconfig.yaml" >"$WORK/promptfooconfig.yaml"

# aimo is built first so that compiling it is not timed.
(cd "$ROOT" && go build -o "$WORK/aimo" ./cmd/aimo && go build -o "$WORK/fakevllm" ./bench/fakevllm)
"$WORK/fakevllm" -addr "127.0.0.1:$PORT" -latency "$LATENCY" -slots "$SLOTS" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
	curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
	sleep 0.1
done

export PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 PROMPTFOO_DISABLE_SHARING=1
export PROMPTFOO_DISABLE_REMOTE_GENERATION=1 NO_COLOR=1 OPENAI_API_KEY=

# measure TOOL REP CMD...: runs CMD under GNU time and appends a result row.
measure() {
	local tool=$1 rep=$2
	shift 2
	local log="$WORK/$tool-$rep.log"
	if ! (cd "$WORK" && timeout "$TOOL_TIMEOUT" /usr/bin/time -v "$@") >"$log" 2>&1; then
		echo "run.sh: $tool run $rep failed; see $log" >&2
		tail -20 "$log" >&2
		exit 1
	fi
	local wall rss cpu
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$log")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
	printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$rep" "$wall" "$cpu" "$((rss / 1024))" | tee -a "$WORK/results.tsv"
}

printf 'tool\trun\twall_s\tcpu_s\tpeak_rss_mib\n' | tee "$WORK/results.tsv"
for ((rep = 1; rep <= REPS; rep++)); do
	rm -f "$WORK"/cache.db*
	measure aimo "$rep" "$WORK/aimo" run aimo.jsonnet --cache "$WORK/cache.db" --workers "$J" \
		--tla-str "base_url=$URL" --tla-code "concurrency=$J" -q
	rm -rf "$WORK/.promptfoo"
	PROMPTFOO_CONFIG_DIR="$WORK/.promptfoo" measure promptfoo "$rep" \
		"$HERE/node_modules/.bin/promptfoo" eval -c promptfooconfig.yaml --no-cache -j "$J" \
		--no-progress-bar --no-table --no-share
done

# Medians per tool and their ratio.
awk -F'\t' 'NR > 1 {w[$1] = w[$1] " " $3; c[$1] = c[$1] " " $4; m[$1] = m[$1] " " $5}
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	aw = median(w["aimo"]); pw = median(w["promptfoo"]); am = median(m["aimo"]); pm = median(m["promptfoo"])
	ac = median(c["aimo"]); pc = median(c["promptfoo"])
	printf "\nmedian of %d runs, %s requests, concurrency %s, server latency %s, %s slots:\n", '"$REPS"', '"$N"', '"$J"', "'"$LATENCY"'", '"$SLOTS"'
	printf "  aimo       wall %6.2f s  cpu %6.2f s  peak %5d MiB\n", aw, ac, am
	printf "  promptfoo  wall %6.2f s  cpu %6.2f s  peak %5d MiB\n", pw, pc, pm
	printf "  promptfoo / aimo: %.1fx wall time, %.1fx cpu time, %.1fx peak memory\n", pw / aw, pc / ac, pm / am
}' "$WORK/results.tsv"
kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
cat "$WORK/server.log"
echo "work directory: $WORK"
