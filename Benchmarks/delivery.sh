#!/usr/bin/env bash
# Delivery speed near the wire, and whether it holds as the ledger grows: `rapport run --once`
# (release build) sends `messages` queued messages of about 2.2 KB (headers included) to a local
# sink, timed beside Postfix's `smtp-source` sending as many 2 KB messages to the same sink over as
# many connections in the same run (the reference), once on a store whose ledger holds nothing
# else and once on one whose ledger already holds `ledger` sent rows of the same campaign, and
# prints a table: the reference's msg/s, Rapport's msg/s and ratio on each store, and the two
# stores' rates side by side (the goal: within 10%). Not a test.
#
# Workloads: Postfix `smtp-sink` over 1 and 4 connections (`delivery.workers`), and a sink that
# waits 20 ms before answering each end of data (Benchmarks/delay-sink.py: smtp-sink's -w takes
# whole seconds) over 16 and 64; and the same sink without a delay refusing 1% of recipients with
# `550 5.1.1` over 4 connections, whose reference is Rapport's own clean run against that sink
# without refusals (the goal: refusals do not slow the rest). Each figure is the median of RUNS
# runs (default 3).
#
# Usage: Benchmarks/delivery.sh [messages] [ledger]   (defaults: 20000 1000000)
# Needs: Postfix's smtp-sink and smtp-source, sqlite3, bc
# (DEBIAN_FRONTEND=noninteractive apt-get install -y postfix sqlite3 bc; the Postfix daemon itself
# is not used), a release build of rapport. RAPPORT=path skips the build; KEEP=1 keeps the stores;
# ONLY="1 4" runs only the smtp-sink workloads with those connection counts (16d, 64d: the 20 ms
# sink; 4r: the refusals); PERF=file records `perf record -g` of Rapport's empty-store run at 4 connections.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-20000}
ledger=${2:-1000000}
runs=${RUNS:-3}
workloads=${ONLY:-1 4 16d 64d 4r}
work=$(mktemp -d /tmp/rapport-delivery.XXXXXX)
sink_pid=""
stop_sink() {
    if [[ -n $sink_pid ]]; then kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; fi
    sink_pid=""
}
cleanup() {
    stop_sink
    if [[ -z ${KEEP:-} ]]; then rm -rf "$work"; else echo "work folder: $work"; fi
}
trap cleanup EXIT

source Benchmarks/measure.sh
use_release_rapport
rapport=$(realpath "$rapport")

# One transactional campaign whose message is about 2 KB on the wire (headers included), like
# smtp-source's `-l 2048` payload beside it. Its trigger never fires for these customers (no
# signup date): the queue is filled with SQL below.
mkdir -p "$work/campaigns"
cat >"$work/campaigns/bench.yml" <<'YAML'
id: bench
description: Order shipped, for the delivery benchmark
category: transactional
transport: default
trigger: { kind: welcome, since: 2026-01-01, delay: 1h }
message:
  subject: "Đơn hàng của {{first_name}} đã được giao"
  text: bench.txt
YAML
{
    echo "Hi {{first_name}},"
    echo
    for i in $(seq 1 18); do
        echo "Line $i of your order summary: item, quantity, price and the tracking number 1Z999AA1012345678$i."
    done
    echo
    echo "Thank you for shopping at Hoa Mai."
} >"$work/campaigns/bench.txt"
head -c 32 /dev/urandom >"$work/link-key"
chmod 600 "$work/link-key"

# rapport.yml for a run: $1 folder, $2 sink port, $3 workers.
write_config() {
    cat >"$1/rapport.yml" <<YAML
store: { sqlite: store.sqlite }
time_zone: Asia/Ho_Chi_Minh
sender: { from: "Hoa Mai <hello@hoamai.example>", message_id_domain: hoamai.example }
transports: { default: { kind: smtp, url: "smtp://127.0.0.1:$2", starttls: "off" } }
delivery: { workers: $3 }
links: { base_url: "https://hoamai.example/r", signing_key_file: $work/link-key }
campaigns: $work/campaigns
YAML
}

# The two stores: `messages` customers with one queued message each, and the same plus `ledger`
# sent rows (50 per customer's history, older than the queue, the campaign's own rows: what the
# claim used to walk). The schema comes from rapport itself.
queued_at=$(date -u -d '-1 minute' '+%Y-%m-%d %H:%M:%S.000')
make_store() {
    local folder=$1 history=$2
    mkdir -p "$folder"
    write_config "$folder" 25 1
    echo "id,email" >"$folder/seed.csv"
    "$rapport" --config "$folder/rapport.yml" import customers "$folder/seed.csv" >/dev/null 2>&1 || true
    sqlite3 "$folder/store.sqlite" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $messages)
INSERT INTO customers (id, email, first_name, last_name, locale, attributes, subscription, created_at, updated_at)
SELECT 'C' || i, 'c' || i || '@example.vn', 'Khách ' || i, 'Nguyễn', 'vi', '{}', 'subscribed',
    '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $history)
INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, recipient, subject, message_id, transport,
    attempts, created_at, last_attempt_at, finished_at, reply, not_before, queued_at)
SELECT 'bench', 'C' || (1 + i % $messages), 'order-' || i, 'sent', 'c' || (1 + i % $messages) || '@example.vn',
    'Đơn hàng đã được giao', '<order-' || i || '@hoamai.example>', 'default', 1, t, t, t, '250 2.0.0 Ok: queued', t, t
FROM (SELECT i, strftime('%Y-%m-%d %H:%M:%f', '2025-11-01', '+' || (i * 31) || ' seconds') AS t FROM n WHERE i <= $history);
INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, transport, created_at, not_before, queued_at)
SELECT 'bench', id, 'signup', 'queued', 'default', '$queued_at', '$queued_at', '$queued_at' FROM customers
WHERE id LIKE 'C%' ORDER BY rowid;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}
store_start=$(date +%s.%N)
make_store "$work/empty" 0
make_store "$work/ledger" "$ledger"
store_seconds=$(echo "$(date +%s.%N) - $store_start" | bc)
ledger_rows() { sqlite3 "$1/store.sqlite" "SELECT status, COUNT(*) FROM deliveries GROUP BY status" | paste -sd' '; }

# Starts the sink for a workload ($1: "4" is smtp-sink, "16d" the 20 ms sink, "4r" the sink that
# refuses 1% of recipients, "4c" the same sink refusing none) on a new port.
start_sink() {
    port=$(free_port)
    if [[ $1 == *d ]]; then
        "$python" Benchmarks/delay-sink.py "$port" 0.02 &
    elif [[ $1 == *r ]]; then
        "$python" Benchmarks/delay-sink.py "$port" 0 0.01 &
    elif [[ $1 == *c ]]; then
        "$python" Benchmarks/delay-sink.py "$port" 0 &
    else
        # As root it must be told whom to run as.
        smtp-sink $([[ $(id -u) == 0 ]] && echo -u nobody) "127.0.0.1:$port" 1024 &
    fi
    sink_pid=$!
    for _ in $(seq 1 100); do
        if "$python" -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "the sink did not start on port $port" >&2
    exit 1
}

# msg/s of `messages` messages sent in $1 seconds.
rate() { echo "scale=0; $messages / $1" | bc; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Rapport sends the queue of store $1 over $2 connections to the sink on $port: prints msg/s.
rapport_rate() {
    local store=$1 connections=$2 run=$work/run
    rm -rf "$run"
    mkdir -p "$run"
    cp "$work/$store/store.sqlite" "$run/store.sqlite"
    write_config "$run" "$port" "$connections"
    local start end
    start=$(date +%s.%N)
    if [[ -n ${PERF:-} && $store == empty && $connections == 4 ]]; then
        perf record -g -o "$PERF" -- "$rapport" --config "$run/rapport.yml" run --once >"$run/out.txt" 2>"$run/log.txt"
    else
        "$rapport" --config "$run/rapport.yml" run --once >"$run/out.txt" 2>"$run/log.txt"
    fi
    end=$(date +%s.%N)
    # Every message ends sent, or failed when the sink refused its recipient (refusing: true).
    local sent failed
    sent=$(sqlite3 "$run/store.sqlite" "SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND occurrence = 'signup'")
    failed=$(sqlite3 "$run/store.sqlite" "SELECT COUNT(*) FROM deliveries WHERE status = 'failed' AND occurrence = 'signup' AND reply LIKE '550 5.1.1%'")
    local refused=false
    if ((failed > 0)); then refused=true; fi
    if [[ $((sent + failed)) != "$messages" || $refused != "${refusing:-false}" ]]; then
        echo "rapport sent $sent and failed $failed of $messages messages ($store, $connections connections):" >&2
        tail -5 "$run/log.txt" >&2
        exit 1
    fi
    rate "$(echo "$end - $start" | bc)"
}

# smtp-source sends as many messages over $1 connections (kept open: -d): prints msg/s.
reference_rate() {
    local start end
    start=$(date +%s.%N)
    smtp-source -d -s "$1" -m "$messages" -l 2048 -f hello@hoamai.example -t c1@example.vn "127.0.0.1:$port" >/dev/null
    end=$(date +%s.%N)
    rate "$(echo "$end - $start" | bc)"
}

printf 'Stores: %s queued messages; empty ledger (%s) and %s sent rows (%s); made in %.0f s. %s run(s) each.\n\n' \
    "$messages" "$(ledger_rows "$work/empty")" "$ledger" "$(ledger_rows "$work/ledger")" "$store_seconds" "$runs"
printf '%-34s %11s %13s %7s %13s %7s %10s\n' workload "reference" "empty ledger" ratio "ledger" ratio "ledger/empty"
for workload in $workloads; do
    connections=${workload%[dr]}
    if [[ $workload == *d ]]; then
        name="20 ms sink, $connections connections"
    elif [[ $workload == *r ]]; then
        name="1% refused 5.1.1, $connections connections"
    else
        name="smtp-sink, $connections connection$([[ $connections == 1 ]] || echo s)"
    fi
    references=() empties=() ledgers=()
    for _ in $(seq 1 "$runs"); do
        if [[ $workload == *r ]]; then
            # The reference is Rapport's clean run against the same sink refusing no one.
            start_sink "${connections}c"
            references+=("$(rapport_rate empty "$connections")")
            stop_sink
            start_sink "$workload"
            empties+=("$(refusing=true rapport_rate empty "$connections")")
            ledgers+=("$(refusing=true rapport_rate ledger "$connections")")
            stop_sink
        else
            start_sink "$workload"
            references+=("$(reference_rate "$connections")")
            empties+=("$(rapport_rate empty "$connections")")
            ledgers+=("$(rapport_rate ledger "$connections")")
            stop_sink
        fi
    done
    reference=$(printf '%s\n' "${references[@]}" | median)
    empty=$(printf '%s\n' "${empties[@]}" | median)
    full=$(printf '%s\n' "${ledgers[@]}" | median)
    printf '%-34s %11s %13s %6.2fx %13s %6.2fx %9.2fx\n' "$name" "$reference" "$empty" \
        "$(echo "scale=3; $empty / $reference" | bc)" "$full" "$(echo "scale=3; $full / $reference" | bc)" \
        "$(echo "scale=3; $full / $empty" | bc)"
    if [[ -n ${VERBOSE:-} ]]; then
        echo "  runs: reference ${references[*]}; empty ${empties[*]}; ledger ${ledgers[*]}"
    fi
done
