"""Seeds RECORDS consumption records for one merchant straight into the database, fast: one
INSERT … SELECT over a generated series, copying the merchant's first `Open_card` record and
varying its number, card, amount and time. Record n is `E` + n in 20 digits, created at
START_MS + n × STEP_MS, on the merchant's cards in turn — so the benchmark can name any record's
place (its cursor) without asking the server. Then ANALYZE (on PostgreSQL VACUUM ANALYZE), as an operator would after an import.

    seed.py sqlite PATH MERCHANT_NO RECORDS START_MS STEP_MS
    seed.py postgres URL MERCHANT_NO RECORDS START_MS STEP_MS
"""
import subprocess
import sys

engine, target, merchant_no, records, start_ms, step_ms = sys.argv[1:7]
records, start_ms, step_ms = int(records), int(start_ms), int(step_ms)

columns = [
    "consume_no", "merchant_no", "card_no", "cardholder_no", "consume_relate_no", "consume_type", "status",
    "currency", "amount_minor", "local_currency", "local_amount_minor", "fee_minor", "fee_list",
    "merchant_info", "remark", "detail", "entry_id", "version", "created_at_ms", "updated_at_ms",
    "network_transaction_id", "hold_id", "decline_reason", "merchant_mcc", "cleared_minor", "returned_minor",
]
if engine == "sqlite":
    series = f"WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < {records - 1})"
    series_from = "s"
    number = "printf('E%020d', s.n)"
else:
    series = "WITH s AS (SELECT n FROM generate_series(CAST(0 AS BIGINT), %d) AS g(n))" % (records - 1)
    series_from = "s"
    number = "'E' || lpad(s.n::text, 20, '0')"
values = {
    "consume_no": number,
    "card_no": "c.card_no",
    "cardholder_no": "c.cardholder_no",
    "consume_type": "'Consumption'",
    "status": "'Success'",
    "amount_minor": "100 + s.n % 9900",
    "local_amount_minor": "100 + s.n % 9900",
    "cleared_minor": "100 + s.n % 9900",
    "created_at_ms": f"{start_ms} + s.n * {step_ms}",
    "updated_at_ms": f"{start_ms} + s.n * {step_ms}",
}
selected = ", ".join(values.get(column, f"t.{column}") for column in columns)
sql = f"""
{series},
cards AS (
    SELECT card_no, cardholder_no, ROW_NUMBER() OVER (ORDER BY card_no) - 1 AS k
    FROM card WHERE merchant_no = '{merchant_no}'
),
t AS (SELECT * FROM card_consumption WHERE merchant_no = '{merchant_no}' AND consume_type = 'Open_card' LIMIT 1)
INSERT INTO card_consumption ({", ".join(columns)})
SELECT {selected}
FROM {series_from} JOIN cards c ON c.k = s.n % (SELECT COUNT(*) FROM cards) CROSS JOIN t;
ANALYZE;
"""
if engine == "sqlite":
    subprocess.run(["sqlite3", target], input="PRAGMA busy_timeout = 60000;\nBEGIN;\n" + sql.replace(
        "ANALYZE;", "COMMIT;\nANALYZE;"), text=True, check=True, stdout=subprocess.DEVNULL)
else:
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", target],
                   input="SET synchronous_commit = off;\n" + sql.replace("ANALYZE;", "VACUUM ANALYZE card_consumption;"),
                   text=True, check=True)
print(f"seeded {records} consumption records for {merchant_no}", file=sys.stderr)
