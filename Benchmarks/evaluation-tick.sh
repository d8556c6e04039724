#!/usr/bin/env bash
# Times one evaluation tick of the five example campaigns on a generated store of 1,000,000
# customers and 5,000,000 events, beside the same candidate selections run as plain SQL by the
# sqlite3 command-line tool on the same file followed by the same ledger rows the tick writes, as
# plain INSERTs in one transaction (the reference), and prints a table with each run's ratio to
# it: medians of RUNS runs (default 3), each on a fresh copy of the generated store. Not a test.
#
# Usage: Benchmarks/evaluation-tick.sh [customers] [events]   (defaults: 1000000 5000000)
# Needs: sqlite3 and GNU time (apt-get install -y sqlite3 time), a release build of rapport.
# The store comes from Benchmarks/generate-store.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-1000000}
events=${2:-5000000}
runs=${RUNS:-3}
now="2026-11-23T09:00:00+07:00"
now_utc="2026-11-23 02:00:00.000"
work=$(mktemp -d /tmp/rapport-bench.XXXXXX)
# KEEP=1 leaves the generated store and config in place (e.g. to profile rapport against them).
if [[ -z ${KEEP:-} ]]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work"; fi

# RAPPORT=path/to/rapport skips the release build (e.g. to try the script quickly).
source Benchmarks/measure.sh
use_release_rapport

generate_start=$(date +%s.%N)
Benchmarks/generate-store.sh "$work" "$rapport" "$customers" "$events"
generate_end=$(date +%s.%N)

# The selections a tick makes at $now, as plain SQL (the same indexes, no Swift): once counting
# the candidates, once fetching their rows as rapport does.
cat >"$work/counts.sql" <<SQL
SELECT count(*) FROM customers c WHERE c.signed_up_at >= '2025-12-31 17:00:00.000' AND c.signed_up_at <= datetime('$now_utc', '-1 hour')
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = 'welcome' AND d.customer_id = c.id AND d.occurrence = 'signup');
SELECT count(*) FROM customers c WHERE substr(c.birthday, 6) IN ('11-22', '11-23', '11-24')
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = 'birthday' AND d.customer_id = c.id AND d.created_at >= '2026-11-21');
SELECT count(*) FROM customers WHERE renewal_date IN ('2026-12-22','2026-12-23','2026-12-24','2026-11-29','2026-11-30','2026-12-01',
  '2026-11-23','2026-11-24','2026-11-25','2026-11-19','2026-11-20','2026-11-21','2026-11-08','2026-11-09','2026-11-10');
SELECT count(*) FROM customers WHERE last_active_at BETWEEN '2026-10-23 02:00:00.000' AND '2026-10-24 02:00:00.000'
  OR last_active_at BETWEEN '2026-09-23 02:00:00.000' AND '2026-09-24 02:00:00.000'
  OR last_active_at BETWEEN '2026-08-24 02:00:00.000' AND '2026-08-25 02:00:00.000';
SELECT count(*) FROM events e JOIN customers c ON c.id = e.customer_id
  WHERE e.kind IN ('support_ticket_closed', 'order_delivered') AND e.occurred_at BETWEEN '2026-11-21 02:00:00.000' AND '2026-11-22 02:00:00.000';
SQL
sed -e 's/SELECT count(\*) FROM customers c/SELECT c.* FROM customers c/' -e 's/SELECT count(\*) FROM customers/SELECT * FROM customers/' \
    -e 's/SELECT count(\*) FROM events e/SELECT c.*, e.id, e.kind, e.occurred_at FROM events e/' "$work/counts.sql" >"$work/rows.sql"

# Every run starts from the store as generated: the tick writes its decisions to the ledger.
cp "$work/store.sqlite" "$work/generated.sqlite"
fresh() { rm -f "$work"/store.sqlite-*; cp "$work/generated.sqlite" "$work/store.sqlite"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The tick itself: evaluation writes each due occurrence to the ledger; delivery is left out
# (it is bounded by the mail server, not by the store). The first run's ledger rows, written
# back as plain INSERTs in one transaction after the five selections, are the reference: what
# the tick does, done by sqlite3 (GRDB's WAL setting: synchronous NORMAL).
fresh
measure "$rapport" --config "$work/rapport.yml" run --once --no-deliver --now "$now"
tick_runs=("$seconds") tick_megabytes=$megabytes
tick_line=$(tail -1 "$work/out.txt")
{
    echo "PRAGMA synchronous = NORMAL;"
    cat "$work/rows.sql"
    echo "BEGIN;"
    sqlite3 "$work/store.sqlite" ".mode insert deliveries" "SELECT * FROM deliveries"
    sqlite3 "$work/store.sqlite" ".mode insert campaign_evaluations" "SELECT * FROM campaign_evaluations"
    echo "COMMIT;"
} >"$work/reference.sql"
ledger_rows=$(sqlite3 "$work/store.sqlite" "SELECT COUNT(*) FROM deliveries")

reference_runs=() rows_runs=() count_runs=() preview_runs=()
for run in $(seq 1 "$runs"); do
    fresh
    measure sqlite3 "$work/store.sqlite" ".read $work/reference.sql"
    reference_runs+=("$seconds") reference_megabytes=$megabytes
    measure sqlite3 "$work/store.sqlite" ".read $work/counts.sql"
    count_runs+=("$seconds") count_megabytes=$megabytes
    sqlite_counts=$(tr '\n' ' ' <"$work/out.txt")
    measure sqlite3 "$work/store.sqlite" ".read $work/rows.sql"
    rows_runs+=("$seconds") rows_megabytes=$megabytes
    fresh
    measure "$rapport" --config "$work/rapport.yml" preview --now "$now" --json
    preview_runs+=("$seconds") preview_megabytes=$megabytes
    decisions=$(grep -c '"action"' "$work/out.txt" || true)
    if ((run > 1)); then
        fresh
        measure "$rapport" --config "$work/rapport.yml" run --once --no-deliver --now "$now"
        tick_runs+=("$seconds")
    fi
done
reference_seconds=$(printf '%s\n' "${reference_runs[@]}" | median)

printf '\nStore: %s customers, %s events (generated in %.0f s)\n' "$customers" "$events" \
    "$(echo "$generate_end - $generate_start" | bc)"
printf 'Candidates per selection (sqlite3): %s\nPreview decisions: %s\nTick: %s (%s ledger rows)\n' \
    "$sqlite_counts" "$decisions" "$tick_line" "$ledger_rows"
printf 'Medians of %s runs; the runs: reference %s, tick %s\n\n' "$runs" "${reference_runs[*]}" "${tick_runs[*]}"
printf '%-52s %10s %14s %8s\n' "run" "seconds" "peak RSS (MB)" "ratio"
row() {
    local seconds
    seconds=$(printf '%s\n' "${@:2:$#-2}" | median)
    printf '%-52s %10.3f %14s %7.2fx\n' "$1" "$seconds" "${!#}" "$(echo "scale=3; $seconds / $reference_seconds" | bc)"
}
row "sqlite3, the five selections + the tick's inserts" "${reference_runs[@]}" "$reference_megabytes"
row "sqlite3, the five selections, rows" "${rows_runs[@]}" "$rows_megabytes"
row "sqlite3, the five selections, counts only" "${count_runs[@]}" "$count_megabytes"
row "rapport run --once --no-deliver (the tick)" "${tick_runs[@]}" "$tick_megabytes"
row "rapport preview (every message rendered)" "${preview_runs[@]}" "$preview_megabytes"
