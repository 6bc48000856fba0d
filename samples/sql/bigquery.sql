-- teltel-events export -> BigQuery: load the per-call Parquet and compute analyze's headline KPIs per day and
-- direction as a view. Load (the schema comes from the file; list inference makes anomalies and ring_states
-- ARRAY<STRING> columns instead of nested records):
--
--   teltel-events export dump.ndjson --format parquet -o calls.parquet
--   bq mk --dataset teltel
--   bq load --source_format=PARQUET --parquet_enable_list_inference=true --replace teltel.calls calls.parquet
--   bq query --use_legacy_sql=false < samples/sql/bigquery.sql
--
-- (From Cloud Storage: gs://bucket/calls-*.parquet in place of the local file.) Types: STRING ids and phone
-- numbers, TIMESTAMP times (UTC instants), FLOAT64 seconds, INT64 ring_attempts, BOOL answered,
-- ARRAY<STRING> anomalies and ring_states. The per-event export loads the same way into teltel.events; its data and extra
-- columns hold JSON text: JSON_VALUE(data, '$.campaign_id').

-- Calls are complete sessions, as in analyze. Days are UTC days (analyze's default --tz); put another zone in
-- DATE(started_at, 'Europe/Riga') to match --tz. Thresholds: analyze's defaults, service level within 20 s,
-- short abandons under 5 s.
CREATE OR REPLACE VIEW teltel.kpi_daily AS
SELECT
  day,
  direction,
  n_calls AS calls,
  n_answered AS answered,
  SAFE_DIVIDE(n_answered, n_calls) AS asr,
  IF(direction = 'inbound', SAFE_DIVIDE(n_within_sl, n_calls - n_short_abandoned), NULL) AS service_level,
  IF(direction = 'inbound', SAFE_DIVIDE(n_abandoned, n_calls), NULL) AS abandon_rate,
  acd_s
FROM (
  SELECT
    DATE(started_at, 'UTC') AS day,
    direction,
    COUNT(*) AS n_calls,
    COUNTIF(answered) AS n_answered,
    COUNTIF(direction = 'inbound' AND answered AND time_to_answer_s <= 20) AS n_within_sl,
    COUNTIF(direction = 'inbound' AND NOT answered AND hanged_by = 'phone') AS n_abandoned,
    COUNTIF(direction = 'inbound' AND NOT answered AND hanged_by = 'phone' AND duration_s < 5) AS n_short_abandoned,
    -- ACD: mean talk time of answered calls; an answered call without a talk window counts as 0 s
    AVG(IF(answered, IFNULL(talk_s, 0), NULL)) AS acd_s
  FROM teltel.calls
  WHERE status = 'complete'
  GROUP BY day, direction
)
ORDER BY day, direction;

SELECT * FROM teltel.kpi_daily;
