-- teltel-events export -> ClickHouse: a typed table for the per-call Parquet, and analyze's headline KPIs per
-- day and direction as a view. Create the table, load the file, query the view:
--
--   teltel-events export dump.ndjson --format parquet -o calls.parquet
--   clickhouse-client --multiquery < samples/sql/clickhouse.sql
--   clickhouse-client --query "INSERT INTO teltel.calls FORMAT Parquet" < calls.parquet
--   clickhouse-client --query "SELECT * FROM teltel.kpi_daily"
--
-- (clickhouse-local can query the file without a server: SELECT * FROM file('calls.parquet', Parquet).)
-- Times are UTC instants (Parquet TIMESTAMP, isAdjustedToUTC, milliseconds) -> DateTime64(3, 'UTC'); ids and
-- phone numbers are strings; the Parquet LISTs anomalies and ring_states -> Array(String).

CREATE DATABASE IF NOT EXISTS teltel;

CREATE TABLE IF NOT EXISTS teltel.calls
(
  session_id       String,
  status           LowCardinality(String),
  accountcode      Nullable(String),
  direction        LowCardinality(Nullable(String)),
  type             LowCardinality(Nullable(String)),
  subtype          LowCardinality(Nullable(String)),
  started_at       Nullable(DateTime64(3, 'UTC')),
  ended_at         Nullable(DateTime64(3, 'UTC')),
  duration_s       Nullable(Float64),
  ring_attempts    Int32,
  first_ring_at    Nullable(DateTime64(3, 'UTC')),
  answered_at      Nullable(DateTime64(3, 'UTC')),
  time_to_answer_s Nullable(Float64),
  talk_s           Nullable(Float64),
  final_state      LowCardinality(String),
  answered         Nullable(Bool),
  hanged_by        LowCardinality(Nullable(String)),
  hanged_value     Nullable(String),
  hanged_user      Nullable(String),
  operator         Nullable(String),
  campaign_id      Nullable(String),
  contact_id       Nullable(String),
  trace_id         Nullable(String),
  audio_url        Nullable(String),
  anomalies        Array(String),
  ring_states      Array(String)
)
ENGINE = MergeTree
ORDER BY session_id;

-- Calls are complete sessions, as in analyze. Days are UTC days (analyze's default --tz); put another zone
-- in toDate(started_at, 'Europe/Riga') to match --tz. Thresholds: analyze's defaults, service level within
-- 20 s, short abandons under 5 s.
CREATE OR REPLACE VIEW teltel.kpi_daily AS
SELECT
  day,
  direction,
  n_calls AS calls,
  n_answered AS answered,
  n_answered / n_calls AS asr,
  if(direction = 'inbound', n_within_sl / nullIf(n_calls - n_short_abandoned, 0), NULL) AS service_level,
  if(direction = 'inbound', n_abandoned / n_calls, NULL) AS abandon_rate,
  acd_s
FROM
(
  SELECT
    toDate(started_at, 'UTC') AS day,
    direction,
    count() AS n_calls,
    countIf(answered) AS n_answered,
    countIf(direction = 'inbound' AND answered AND time_to_answer_s <= 20) AS n_within_sl,
    countIf(direction = 'inbound' AND NOT answered AND hanged_by = 'phone') AS n_abandoned,
    countIf(direction = 'inbound' AND NOT answered AND hanged_by = 'phone' AND duration_s < 5) AS n_short_abandoned,
    -- ACD: mean talk time of answered calls; an answered call without a talk window counts as 0 s
    avgIf(ifNull(talk_s, 0), answered) AS acd_s
  FROM teltel.calls
  WHERE status = 'complete'
  GROUP BY day, direction
)
ORDER BY day, direction;

-- The per-event export (teltel-events export dump.ndjson --events --format parquet -o events.parquet) can be
-- queried in place. data and extra carry Parquet's JSON logical type: recent ClickHouse releases (26.x) read
-- them as the JSON type (data.campaign_id), older ones as String; JSONExtractString(toString(data),
-- 'campaign_id') works with either:
--   SELECT state, count() FROM file('events.parquet', Parquet) WHERE event = 'RINGRESULT' GROUP BY state;
