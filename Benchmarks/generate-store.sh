#!/usr/bin/env bash
# Generates the benchmark deployment in FOLDER: rapport.yml, the example campaigns and a SQLite
# store of `customers` customers and `events` events (defaults 1,000,000 and 5,000,000) spread
# over the years and days before 2026-11-23, the same every time. Used by evaluation-tick.sh and
# preview-window.sh; not a test.
#
# Usage: Benchmarks/generate-store.sh FOLDER RAPPORT [customers] [events]
#   RAPPORT is the rapport binary that creates the schema.
# Needs: sqlite3 (apt-get install -y sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$1
rapport=$2
customers=${3:-1000000}
events=${4:-5000000}

mkdir -p "$work/campaigns"
cp -r campaigns/* "$work/campaigns/"
cat >"$work/rapport.yml" <<YAML
store: { sqlite: store.sqlite }
time_zone: Asia/Ho_Chi_Minh
sender: { from: "Hoa Mai <hello@hoamai.example>" }
transports: { default: { kind: file, directory: outbox } }
links: { base_url: "https://hoamai.example/r", signing_key_file: link-key }
frequency_cap: { messages: 2, per: 7d }
campaigns: campaigns
YAML
# Create the schema through rapport itself, then fill it with SQL.
echo "id,email" >"$work/seed.csv"
"$rapport" --config "$work/rapport.yml" import customers "$work/seed.csv" >/dev/null 2>&1 || true

sqlite3 "$work/store.sqlite" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $customers)
INSERT INTO customers (id, email, first_name, last_name, locale, time_zone, birthday, signed_up_at,
    last_active_at, renewal_date, attributes, subscription, created_at, updated_at)
SELECT 'C' || i, 'c' || i || '@example.vn', 'Khách ' || i, 'Nguyễn', CASE i % 3 WHEN 0 THEN 'en' ELSE 'vi' END,
    CASE i % 4 WHEN 0 THEN 'Asia/Ho_Chi_Minh' WHEN 1 THEN 'Europe/London' WHEN 2 THEN 'America/New_York' ELSE NULL END,
    date('1960-01-01', '+' || (i * 7919 % 16000) || ' days'),
    -- Signups spread over six years; about 0.1% in the last week.
    CASE WHEN i % 1000 = 7 THEN strftime('%Y-%m-%d %H:%M:%f', '2026-11-16 02:00:00', '+' || (i % 604800) || ' seconds')
         ELSE strftime('%Y-%m-%d %H:%M:%f', '2020-01-01', '+' || (i * 104729 % 189216000) || ' seconds') END,
    strftime('%Y-%m-%d %H:%M:%f', '2026-05-01', '+' || (i * 15485863 % 17280000) || ' seconds'),
    date('2026-11-01', '+' || (i * 31 % 365) || ' days'),
    '{"plan":"' || CASE i % 3 WHEN 0 THEN 'gold' WHEN 1 THEN 'silver' ELSE 'bronze' END || '"}',
    CASE WHEN i % 20 = 0 THEN 'unsubscribed' ELSE 'subscribed' END,
    '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $events)
INSERT INTO events (customer_id, kind, occurred_at, external_id, properties, recorded_at)
SELECT 'C' || (1 + i * 7 % $customers),
    CASE i % 10 WHEN 0 THEN 'support_ticket_closed' WHEN 1 THEN 'order_delivered' WHEN 2 THEN 'purchase' ELSE 'activity' END,
    strftime('%Y-%m-%d %H:%M:%f', '2026-05-07', '+' || (i * 2654435761 % 17280000) || ' seconds'),
    'e' || i, '{}', '2026-11-23 00:00:00.000'
FROM n;
ANALYZE;
SQL
