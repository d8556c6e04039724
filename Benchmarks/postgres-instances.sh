#!/usr/bin/env bash
# Several daemons on one PostgreSQL database: evaluation and delivery throughput with 1, 2 and 3
# `rapport` instances working at once on the same store, beside one instance on an SQLite store
# of the same rows and the same work done by plain SQL in `psql` (the reference), in the same run,
# and prints a table of rates and ratios. Medians of RUNS runs (default 3), each on a fresh copy
# of the seeded database. Not a test.
#
# Evaluation: `customers` customers signed up two hours before `now`, a welcome campaign due an
# hour after signup; each instance runs `rapport run --once --no-deliver --now …` (the unique
# occurrence key and the admission lock share the work). Reference: the welcome selection and its
# ledger inserts as one INSERT … SELECT.
# Delivery: the same number of queued messages; each instance runs `rapport run --once` with 4
# workers against Postfix's `smtp-sink`. Reference: a PL/pgSQL loop claiming 20 rows at a time
# `FOR UPDATE SKIP LOCKED` and marking them sent — the store's part of delivery, without sending.
#
# Usage: Benchmarks/postgres-instances.sh [customers]   (default 20000)
# Needs: postgresql (the server is started privately, as the tests do), Postfix's smtp-sink,
# sqlite3, bc, GNU time (apt-get install -y postgresql postfix sqlite3 bc time); a release build
# (RAPPORT=path skips it). KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-20000}
runs=${RUNS:-3}
now="2026-11-23T09:00:00+07:00"
work=$(mktemp -d /tmp/rapport-postgres.XXXXXX)
sink_pid=""
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [[ -n $sink_pid ]]; then kill "$sink_pid" 2>/dev/null || true; fi
    if [[ -z ${KEEP:-} ]]; then rm -rf "$work"; else echo "work folder: $work"; fi
}
trap cleanup EXIT

source Benchmarks/measure.sh
use_release_rapport
rapport=$(realpath "$rapport")
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# A private PostgreSQL server, stopped when descriptor 3 closes (the tests' fixture).
mkdir -p "$work/pg"
mkfifo "$work/pg.in"
"$python" Tests/RapportTestSupport/Fixtures/postgres_server.py "$work/pg" <"$work/pg.in" >"$work/pg.port" &
exec 3>"$work/pg.in"
for _ in $(seq 1 300); do [[ -s $work/pg.port ]] && break; sleep 0.1; done
pg_port=$(head -1 "$work/pg.port")
sql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U rapport -d "$1" -c "$2"; }
sql_value() { psql -X -q -t -A -h 127.0.0.1 -p "$pg_port" -U rapport -d "$1" -c "$2"; }

sink_port=$(free_port)
smtp-sink $([[ $(id -u) == 0 ]] && echo -u nobody) "127.0.0.1:$sink_port" 1024 &
sink_pid=$!

mkdir -p "$work/campaigns"
cat >"$work/campaigns/welcome.yml" <<'YAML'
id: welcome
category: transactional
transport: default
trigger: { kind: welcome, delay: 1h, since: 2026-01-01 }
message: { subject: "Chào {{first_name}}", text: "Chào {{first_name}}, cảm ơn bạn đã đăng ký ở Hoa Mai." }
YAML
# rapport.yml in folder $1 for the store value $2.
write_config() {
    mkdir -p "$1"
    cat >"$1/rapport.yml" <<YAML
store: $2
time_zone: Asia/Ho_Chi_Minh
sender: { from: "Hoa Mai <hello@hoamai.example>", message_id_domain: hoamai.example }
transports: { default: { kind: smtp, url: "smtp://127.0.0.1:$sink_port", starttls: "off" } }
delivery: { workers: 4 }
campaigns: $work/campaigns
YAML
}
postgres_store() { echo "{ postgres: \"postgres://rapport@127.0.0.1:$pg_port/$1?sslmode=disable\", connections: 8 }"; }

# The rows: customers signed up at 05:00 local; for delivery, one queued message each.
customers_sql="INSERT INTO customers (id, email, first_name, signed_up_at, attributes, subscription, created_at, updated_at)
SELECT 'C' || i, 'c' || i || '@example.vn', 'Khách ' || i, '2026-11-22 22:00:00.000', '{}', 'subscribed',
    '2026-11-22 22:00:00.000', '2026-11-22 22:00:00.000' FROM"
queue_sql="INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, transport, created_at, not_before, queued_at)
SELECT 'welcome', id, 'signup', 'queued', 'default', '2026-11-23 01:00:00.000', '2026-11-23 01:00:00.000',
    '2026-11-23 01:00:00.000' FROM customers"
echo "id,email" >"$work/empty.csv"

# Seeded PostgreSQL databases (the schema made by rapport itself), copied per run as templates.
for seed in seed_due seed_queued; do
    sql postgres "CREATE DATABASE $seed"
    write_config "$work/$seed" "$(postgres_store $seed)"
    "$rapport" --config "$work/$seed/rapport.yml" import customers "$work/empty.csv" >/dev/null 2>&1
    sql "$seed" "$customers_sql generate_series(1, $customers) AS i"
done
sql seed_queued "$queue_sql"
# The same rows in SQLite.
for seed in due queued; do
    write_config "$work/sqlite_$seed" "{ sqlite: store.sqlite }"
    "$rapport" --config "$work/sqlite_$seed/rapport.yml" import customers "$work/empty.csv" >/dev/null 2>&1
    sqlite3 "$work/sqlite_$seed/store.sqlite" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $customers) $customers_sql n"
done
sqlite3 "$work/sqlite_queued/store.sqlite" "$queue_sql"
cp "$work/sqlite_due/store.sqlite" "$work/sqlite_due.seed"
cp "$work/sqlite_queued/store.sqlite" "$work/sqlite_queued.seed"

run_number=0
# `instances N phase`: N rapport processes at once on a new copy of the phase's database;
# prints the wall seconds. phase: due (evaluation) or queued (delivery).
instances() {
    local count=$1 phase=$2 db start end
    run_number=$((run_number + 1))
    db="run_${phase}_$run_number"
    sql postgres "CREATE DATABASE $db TEMPLATE seed_$phase"
    write_config "$work/$db" "$(postgres_store "$db")"
    local arguments=(run --once --now "$now")
    [[ $phase == due ]] && arguments+=(--no-deliver)
    start=$(date +%s.%N)
    for i in $(seq 1 "$count"); do
        "$rapport" --config "$work/$db/rapport.yml" "${arguments[@]}" >"$work/$db/out-$i.txt" 2>"$work/$db/err-$i.txt" &
    done
    wait_all
    end=$(date +%s.%N)
    check_done "$db" "$phase"
    sql postgres "DROP DATABASE $db"
    echo "scale=3; ($end - $start) / 1" | bc
}
# Waits for every background rapport (not the sink or the server).
wait_all() { for job in $(jobs -p); do [[ $job == "$sink_pid" ]] || wait "$job" 2>/dev/null || true; done; }
check_done() {
    local status=queued
    [[ $2 == queued ]] && status=sent
    local done
    done=$(sql_value "$1" "SELECT COUNT(*) FROM deliveries WHERE status = '$status'")
    if [[ $done != "$customers" ]]; then
        echo "run $1: $done of $customers $status" >&2
        cat "$work/$1"/err-*.txt | tail -5 >&2
        exit 1
    fi
}
sqlite_run() {
    local phase=$1 start end
    cp "$work/sqlite_$phase.seed" "$work/sqlite_$phase/store.sqlite"
    rm -f "$work/sqlite_$phase"/store.sqlite-*
    local arguments=(run --once --now "$now")
    [[ $phase == due ]] && arguments+=(--no-deliver)
    start=$(date +%s.%N)
    "$rapport" --config "$work/sqlite_$phase/rapport.yml" "${arguments[@]}" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "scale=3; ($end - $start) / 1" | bc
}
reference() {
    local phase=$1 db start end
    run_number=$((run_number + 1))
    db="ref_${phase}_$run_number"
    sql postgres "CREATE DATABASE $db TEMPLATE seed_$phase"
    start=$(date +%s.%N)
    if [[ $phase == due ]]; then
        sql "$db" "INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, transport, created_at, not_before, queued_at)
            SELECT 'welcome', c.id, 'signup', 'queued', 'default', '2026-11-23 02:00:00.000', '2026-11-23 02:00:00.000',
                '2026-11-23 02:00:00.000' FROM customers c
            WHERE c.signed_up_at >= '2025-12-31 17:00:00.000' AND c.signed_up_at <= '2026-11-23 01:00:00.000'
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = 'welcome' AND d.customer_id = c.id
                  AND d.occurrence = 'signup')
            ON CONFLICT (campaign_id, customer_id, occurrence) DO NOTHING"
    else
        sql "$db" "DO \$\$ DECLARE taken int; BEGIN LOOP
            UPDATE deliveries SET status = 'sent', finished_at = '2026-11-23 02:00:00.000' WHERE id IN (
                SELECT id FROM deliveries WHERE status = 'queued' AND not_before <= '2026-11-23 02:00:00.000'
                ORDER BY not_before, id LIMIT 20 FOR UPDATE SKIP LOCKED);
            GET DIAGNOSTICS taken = ROW_COUNT; EXIT WHEN taken = 0; COMMIT; END LOOP; END \$\$"
    fi
    end=$(date +%s.%N)
    check_done "$db" "$phase"
    sql postgres "DROP DATABASE $db"
    echo "scale=3; ($end - $start) / 1" | bc
}

rate() { echo "scale=0; $customers / $1" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }
printf "%s customers, %s runs each (medians), release build, PostgreSQL %s on loopback, 2 cores\n\n" \
    "$customers" "$runs" "$(sql_value postgres 'SHOW server_version')"
printf "| phase | what | seconds | per second | ratio to psql |\n|---|---|---|---|---|\n"
for phase in due queued; do
    name=$([[ $phase == due ]] && echo evaluation || echo delivery)
    reference_seconds=$(for _ in $(seq 1 "$runs"); do reference "$phase"; done | median)
    reference_rate=$(rate "$reference_seconds")
    printf "| %s | psql, plain SQL | %s | %s | 1.00× |\n" "$name" "$reference_seconds" "$reference_rate"
    seconds=$(for _ in $(seq 1 "$runs"); do sqlite_run "$phase"; done | median)
    printf "| %s | rapport ×1 on SQLite | %s | %s | %s× |\n" "$name" "$seconds" "$(rate "$seconds")" \
        "$(ratio "$(rate "$seconds")" "$reference_rate")"
    for count in 1 2 3; do
        seconds=$(for _ in $(seq 1 "$runs"); do instances "$count" "$phase"; done | median)
        printf "| %s | rapport ×%s on PostgreSQL | %s | %s | %s× |\n" "$name" "$count" "$seconds" \
            "$(rate "$seconds")" "$(ratio "$(rate "$seconds")" "$reference_rate")"
    done
done
