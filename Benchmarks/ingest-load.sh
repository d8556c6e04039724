#!/usr/bin/env bash
# Load on the ingest API while the daemon is sending: `rapport run` (release build) with the
# example campaigns, an SMTP sink on loopback (aiosmtpd) and a queue of due welcome messages big
# enough to keep its delivery workers busy, then `wrk` POSTs one `activity` event per request to
# /v1/events for 30 seconds, and the same wrk run against GET /healthz (the cheapest route) as the
# reference beside it. After SIGTERM (the daemon must exit 0) it counts the events stored and
# prints a table: requests per second, p50 and p99 latency, the 2xx answers and the events stored,
# the messages sent meanwhile, and each figure's ratio to the reference. Not a test.
#
# Every 2xx answer to an event without an "id" is one stored row, so the events stored must equal
# the daemon's 2xx answers (counted by its /metrics). wrk's own count can be lower: when its time
# is up it stops reading, and the requests still in flight (at most one per connection, plus any
# lost to socket errors) are answered and stored with nobody listening; the table shows that gap.
# Exits 1 when the events stored differ from the 2xx answers, the gap is larger than the requests
# wrk can have abandoned, or the daemon does not exit 0.
#
# Usage: Benchmarks/ingest-load.sh [customers] [seconds] [connections]   (defaults: 40000 30 32)
# Needs: wrk, curl, sqlite3, bc and Debian's python3-aiosmtpd
# (apt-get install -y wrk curl sqlite3 bc python3-aiosmtpd), a release build of rapport.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-40000}
seconds=${2:-30}
connections=${3:-32}
threads=2
work=$(mktemp -d /tmp/rapport-load.XXXXXX)
daemon_pid="" smtp_pid=""
cleanup() {
    for pid in $daemon_pid $smtp_pid; do kill "$pid" 2>/dev/null || true; done
    # KEEP=1 leaves the store, config, wrk output and daemon log in place.
    if [[ -z ${KEEP:-} ]]; then rm -rf "$work"; else echo "work folder: $work"; fi
}
trap cleanup EXIT

# RAPPORT=path/to/rapport skips the release build (e.g. to try the script quickly).
source Benchmarks/measure.sh
use_release_rapport
rapport=$(realpath "$rapport")
smtp_port=$(free_port)
http_port=$(free_port)
base="http://127.0.0.1:$http_port"

# The deployment: SMTP to the sink, a tick every second, two workers, the HTTP service with one
# API token, the example campaigns.
mkdir -p "$work/campaigns"
cp -r campaigns/* "$work/campaigns/"
token=$("$python" -c 'import secrets; print(secrets.token_urlsafe(36))')
echo "bench $token" >"$work/api-tokens"
head -c 32 /dev/urandom >"$work/link-key"
chmod 600 "$work/api-tokens" "$work/link-key"
cat >"$work/rapport.yml" <<YAML
store: { sqlite: store.sqlite }
tick: 1s
time_zone: Asia/Ho_Chi_Minh
sender: { from: "Cửa hàng Hoa Mai <hello@hoamai.example>", message_id_domain: hoamai.example }
transports: { default: { kind: smtp, url: "smtp://127.0.0.1:$smtp_port", starttls: "off" } }
delivery: { workers: 2 }
frequency_cap: { messages: 2, per: 7d }
links: { base_url: "$base", signing_key_file: link-key }
server: { listen: "127.0.0.1:$http_port", api_tokens_file: api-tokens }
campaigns: campaigns
YAML

# Customers C1…Cn who signed up 61 to 90 minutes ago, on the plans the welcome campaign's audience
# takes: the drip's first step (delay 1h) is due for all of them, its second (3d) for none.
now=$(date +%s)
signups=$(for minutes in $(seq 61 90); do date -u -d "@$((now - minutes * 60))" +%Y-%m-%dT%H:%M:%SZ; done | paste -sd' ')
awk -v n="$customers" -v signups="$signups" 'BEGIN {
    split(signups, at, " ")
    print "id,email,first_name,last_name,locale,signed_up_at,plan"
    for (i = 1; i <= n; i++)
        printf "C%d,c%d@example.vn,Khách %d,Nguyễn,%s,%s,%s\n", i, i, i, (i % 3 == 0 ? "en" : "vi"), at[1 + i % 30],
            (i % 2 == 0 ? "gold" : "silver")
}' >"$work/customers.csv"
"$rapport" --config "$work/rapport.yml" import customers "$work/customers.csv" >"$work/import.txt"

# One activity event per request, each for a customer drawn at random from those imported; no
# "id", so no event is ever a duplicate of another.
cat >"$work/post-events.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local count = 0
function setup(thread)
    count = count + 1
    thread:set("seed", count)
end
function init(args)
    math.randomseed(seed * 7919)
end
function request()
    return wrk.format(nil, nil, nil, '{"customer":"C' .. math.random(1, $customers) .. '","kind":"activity"}')
end
LUA

"$python" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Sink 2>"$work/smtp.log" &
smtp_pid=$!
"$rapport" --config "$work/rapport.yml" run 2>"$work/daemon.log" &
daemon_pid=$!

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
    local limit=$1
    shift
    for _ in $(seq 1 $((limit * 10))); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "gave up after $limit s waiting for: $*" >&2
    tail -20 "$work/daemon.log" >&2
    exit 1
}
metrics() { curl -fsS "$base/metrics"; }
# Messages the daemon recorded as sent so far, all campaigns.
sent_so_far() { metrics | awk '/^rapport_messages_total\{/ && /outcome="sent"/ { s += $NF } END { print s + 0 }'; }
queue_depth() { metrics | awk '/^rapport_queue_depth / { printf "%d\n", $NF }'; }
# The daemon's ingest answers with status $1 (a pattern such as 2.. or [^2]..), from /metrics.
ingest_answers() {
    metrics | awk -v status="^$1\$" -F'[{}" ]+' '$1 == "rapport_ingest_requests_total" && $3 ~ status { s += $NF }
        END { print s + 0 }'
}
sending() { (($(sent_so_far) > 0)); }
wait_for 60 curl -fsS "$base/healthz"
# The first tick queues the welcome messages; measure once the workers are sending them.
wait_for 120 sending

# Runs wrk against $2 (with the script $3, if given) and stores its output as $work/$1.txt, with
# the messages sent and the queue left over the run in $1_sent and $1_queue.
load() {
    local name=$1 url=$2 script=${3:-} before
    local args=(-t"$threads" -c"$connections" -d"${seconds}s" --latency)
    if [[ -n $script ]]; then args+=(-s "$script"); fi
    before=$(sent_so_far)
    wrk "${args[@]}" "$url" >"$work/$name.txt"
    printf -v "${name}_sent" '%s' $(($(sent_so_far) - before))
    printf -v "${name}_queue" '%s' "$(queue_depth)"
}
load events "$base/v1/events" "$work/post-events.lua"
load healthz "$base/healthz"

# What the daemon counted, then SIGTERM: it must exit 0.
daemon_2xx=$(ingest_answers '2..')
daemon_other=$(ingest_answers '[^2]..')
kill -TERM "$daemon_pid"
daemon_status=0
wait "$daemon_pid" || daemon_status=$?
daemon_pid=""
kill "$smtp_pid" && wait "$smtp_pid" 2>/dev/null || true
smtp_pid=""

stored=$(sqlite3 "$work/store.sqlite" "SELECT COUNT(*) FROM events WHERE kind = 'activity'")
ledger_sent=$(sqlite3 "$work/store.sqlite" "SELECT COUNT(*) FROM deliveries WHERE status = 'sent'")
ledger_left=$(sqlite3 "$work/store.sqlite" "SELECT COUNT(*) FROM deliveries WHERE status IN ('queued', 'retrying', 'sending')")

# wrk's figures: field <run> <name>.
field() {
    local file="$work/$1.txt"
    case $2 in
    requests) awk '/ requests in / { print $1 }' "$file" ;;
    rps) awk '/^Requests\/sec:/ { print $2 }' "$file" ;;
    p50 | p99) awk -v q="${2#p}%" '$1 == q { print $2 }' "$file" ;;
    non2xx) awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file" | grep . || echo 0 ;;
    # connect, read, write and timeout errors (the line is absent when there were none).
    errors) awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$file" | grep . || echo 0 ;;
    errors_text) awk '/Socket errors:/ { sub(/^ *Socket errors: /, ""); print }' "$file" | grep . || echo none ;;
    lost) awk '/Socket errors:/ { gsub(",", ""); print $6 + $8 }' "$file" | grep . || echo 0 ;;
    esac
}
# A wrk latency (850.00us, 1.20ms, 2.01s) in milliseconds.
ms() { awk -v t="$1" 'BEGIN {
    v = t + 0; u = t; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 0
    printf "%.3f", v * f }'; }
ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }

events_requests=$(field events requests)
events_2xx=$((events_requests - $(field events non2xx)))
in_flight=$((stored - events_2xx))
# Requests wrk sent whose answers it never read: one per connection at the end, one per read or
# write error.
may_abandon=$((connections + $(field events lost)))
equal=yes
if ((stored != daemon_2xx)); then equal=no; fi

# A markdown table row: the first cell left-aligned in $width, the others right-aligned in 12.
cells() {
    local first=$1
    shift
    printf "| %-${width}s |" "$first"
    printf ' %12s |' "$@"
    printf '\n'
}
# The line under a markdown table's header: the first column left-aligned, $1 more right-aligned.
rule() {
    printf '|%s|' "$(printf -- '-%.0s' $(seq 1 $((width + 2))))"
    for _ in $(seq 1 "$1"); do printf -- '-------------:|'; done
    printf '\n'
}

printf '\n%s run: %s customers due a welcome, SMTP to aiosmtpd, tick 1s, 2 workers.\n' "$rapport" "$customers"
printf 'wrk -t%s -c%s -d%ss --latency on loopback, the events run first; %s cores, load average %s\n\n' "$threads" \
    "$connections" "$seconds" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
width=36
cells run requests/s p50 p99 requests 2xx non-2xx "socket errors" "msgs sent" "req/s ratio" "p99 ratio"
rule 10
row() {
    local requests non2xx
    requests=$(field "$2" requests)
    non2xx=$(field "$2" non2xx)
    cells "$1" "$(field "$2" rps)" "$(field "$2" p50)" "$(field "$2" p99)" "$requests" "$((requests - non2xx))" \
        "$non2xx" "$(field "$2" errors)" "$3" "$(ratio "$(field "$2" rps)" "$(field healthz rps)")" \
        "$(ratio "$(ms "$(field "$2" p99)")" "$(ms "$(field healthz p99)")")"
}
row "GET /healthz (reference)" healthz "$healthz_sent"
row "POST /v1/events (activity event)" events "$events_sent"

width=64
printf '\n'
cells "POST /v1/events: answers, rows, the daemon" ""
rule 1
cells "2xx answers, counted by the daemon (/metrics)" "$daemon_2xx"
cells "other answers, counted by the daemon" "$daemon_other"
cells "events stored (kind activity)" "$stored"
cells "events stored = the daemon's 2xx answers" "$equal"
cells "2xx answers read by wrk" "$events_2xx"
cells "stored, answer unread by wrk (in flight at its stop; <= $may_abandon)" "$in_flight"
cells "wrk socket errors (connect, read, write, timeout)" "$(field events errors_text)"
cells "messages left in the queue after each run (events, healthz)" "$events_queue, $healthz_queue"
cells "messages sent in all (ledger)" "$ledger_sent"
cells "messages queued, retrying or sending after SIGTERM (ledger)" "$ledger_left"
cells "daemon exit status after SIGTERM" "$daemon_status"
# Log lines at warning or above, and what the command line printed on the way out.
problems='^([^ ]+ (warning|error|critical) |Error: )'
cells "daemon log lines at warning or above" "$(grep -cE "$problems" "$work/daemon.log" || true)"

if grep -qE "$problems" "$work/daemon.log"; then
    printf '\nDaemon warnings and errors (first 10):\n'
    grep -E "$problems" "$work/daemon.log" | head -10
fi
status=0
if [[ $equal != yes ]]; then echo "FAIL: $stored events stored, $daemon_2xx 2xx answers" >&2; status=1; fi
if ((in_flight < 0 || in_flight > may_abandon)); then
    echo "FAIL: $stored events stored, $events_2xx 2xx answers read by wrk (at most $may_abandon unread)" >&2
    status=1
fi
if ((daemon_status != 0)); then echo "FAIL: the daemon exited $daemon_status after SIGTERM" >&2; status=1; fi
if ((events_queue == 0 || healthz_queue == 0)); then
    echo "note: the queue ran dry during a run; give more customers so the workers send throughout" >&2
fi
exit $status
