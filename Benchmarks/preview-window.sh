#!/usr/bin/env bash
# Times `rapport preview --from … --to …` — the daemon's ticks over a window of days, worked out by
# intervals — on the generated store of Benchmarks/generate-store.sh (1,000,000
# customers and 5,000,000 events unless told), beside one real evaluation tick and the plain
# sqlite3 reading of the rows that tick selects, and prints a table with seconds, peak memory and
# each run's ratio to the one tick (wall time; CPU time beside it, which other work on the
# machine does not inflate). Also checks that the preview left the store file unchanged.
# Not a test.
#
# Usage: Benchmarks/preview-window.sh [customers] [events] [days]   (defaults: 1000000 5000000 30)
# STEP=1d passes --step (default: the preview's own, 1h). REPLAY=1 also runs `preview --replay`
# (the daemon's own ticks on a scratch copy: about an hour at 1M customers) and checks that both
# list the same rows. RAPPORT=path skips the release build;
# KEEP=1 keeps the generated store. Needs: sqlite3, GNU time and bc (apt-get install -y sqlite3
# time bc), and room in $TMPDIR for a copy of the store.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-1000000}
events=${2:-5000000}
days=${3:-30}
from=2026-11-23
to=$(date -u -d "$from + $((days - 1)) days" +%F)
now="2026-11-23T00:00:00+07:00"
work=$(mktemp -d /tmp/rapport-bench.XXXXXX)
if [[ -z ${KEEP:-} ]]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work"; fi

source Benchmarks/measure.sh
use_release_rapport
step=()
if [[ -n ${STEP:-} ]]; then step=(--step "$STEP"); fi

generate_start=$(date +%s.%N)
Benchmarks/generate-store.sh "$work" "$rapport" "$customers" "$events"
generate_end=$(date +%s.%N)

# The reference: what one tick at the window's start selects, fetched by sqlite3 (the same
# indexes, no Swift), then the tick itself. Both run on a copy, so the preview starts from the
# store as generated.
cp "$work/store.sqlite" "$work/reference.sqlite"
sed 's/store.sqlite/reference.sqlite/' "$work/rapport.yml" >"$work/reference.yml"
cat >"$work/rows.sql" <<SQL
SELECT c.* FROM customers c WHERE c.signed_up_at >= '2025-12-31 17:00:00.000' AND c.signed_up_at <= '2026-11-22 16:00:00.000'
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = 'welcome' AND d.customer_id = c.id AND d.occurrence = 'signup');
SELECT c.* FROM customers c WHERE substr(c.birthday, 6) IN ('11-21', '11-22', '11-23')
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = 'birthday' AND d.customer_id = c.id AND d.created_at >= '2026-11-20');
SELECT * FROM customers WHERE renewal_date IN ('2026-12-21','2026-12-22','2026-12-23','2026-11-28','2026-11-29','2026-11-30',
  '2026-11-22','2026-11-23','2026-11-24','2026-11-18','2026-11-19','2026-11-20','2026-11-07','2026-11-08','2026-11-09');
SELECT * FROM customers WHERE last_active_at BETWEEN '2026-10-22 17:00:00.000' AND '2026-10-23 17:00:00.000'
  OR last_active_at BETWEEN '2026-09-22 17:00:00.000' AND '2026-09-23 17:00:00.000'
  OR last_active_at BETWEEN '2026-08-23 17:00:00.000' AND '2026-08-24 17:00:00.000';
SELECT c.*, e.id, e.kind, e.occurred_at FROM events e JOIN customers c ON c.id = e.customer_id
  WHERE e.kind IN ('support_ticket_closed', 'order_delivered') AND e.occurred_at BETWEEN '2026-11-20 17:00:00.000' AND '2026-11-21 17:00:00.000';
SQL
measure sqlite3 "$work/reference.sqlite" ".read $work/rows.sql"
rows_seconds=$seconds rows_megabytes=$megabytes rows_cpu=$cpu_seconds
measure "$rapport" --config "$work/reference.yml" run --once --no-deliver --now "$now"
tick_seconds=$seconds tick_megabytes=$megabytes tick_cpu=$cpu_seconds
tick_line=$(tail -1 "$work/out.txt")
rm -f "$work"/reference.sqlite*

before=$(sha256sum "$work/store.sqlite" | cut -d' ' -f1)
measure "$rapport" --config "$work/rapport.yml" preview --from "$from" --to "$to" --now "$now" "${step[@]}" --json
preview_seconds=$seconds preview_megabytes=$megabytes preview_cpu=$cpu_seconds
after=$(sha256sum "$work/store.sqlite" | cut -d' ' -f1)
sends=$(grep -c '"action":"send"' "$work/out.txt" || true)
listed=$(wc -l <"$work/out.txt")
if [[ -n ${REPLAY:-} ]]; then
    sort "$work/out.txt" >"$work/intervals.txt"
    measure "$rapport" --config "$work/rapport.yml" preview --from "$from" --to "$to" --now "$now" "${step[@]}" --json --replay
    replay_seconds=$seconds replay_megabytes=$megabytes replay_cpu=$cpu_seconds
    same=$(sort "$work/out.txt" | cmp -s - "$work/intervals.txt" && echo yes || echo NO)
fi

printf '\nStore: %s customers, %s events (generated in %.0f s)\n' "$customers" "$events" \
    "$(echo "$generate_end - $generate_start" | bc)"
printf 'One tick at %s: %s\n' "$now" "$tick_line"
printf 'Preview %s … %s (%s days, step %s): %s messages sent, %s rows listed; store unchanged: %s\n\n' \
    "$from" "$to" "$days" "${STEP:-default}" "$sends" "$listed" "$([[ $before == "$after" ]] && echo yes || echo NO)"
printf '%-52s %10s %10s %14s %8s\n' "run" "seconds" "CPU s" "peak RSS (MB)" "ratio"
row() { printf '%-52s %10.3f %10.3f %14s %8s\n' "$1" "$2" "$3" "$4" "$(echo "scale=1; $2 / $tick_seconds" | bc)"; }
row "sqlite3, one tick's five selections, rows" "$rows_seconds" "$rows_cpu" "$rows_megabytes"
row "rapport run --once --no-deliver (one tick, reference)" "$tick_seconds" "$tick_cpu" "$tick_megabytes"
row "rapport preview --from $from --to $to" "$preview_seconds" "$preview_cpu" "$preview_megabytes"
if [[ -n ${REPLAY:-} ]]; then
    row "rapport preview … --replay (ticks on a copy)" "$replay_seconds" "$replay_cpu" "$replay_megabytes"
    printf '\nThe two previews list the same rows: %s\n' "$same"
fi
