-- teltel-events export -> DuckDB: load the per-call Parquet and compute analyze's headline KPIs per day and
-- direction. Make the file, then run this script from the directory that holds it:
--
--   teltel-events export dump.ndjson --format parquet -o calls.parquet
--   duckdb calls.duckdb < samples/sql/duckdb.sql        (or: duckdb -c ".read samples/sql/duckdb.sql")
--
-- Column types come from the file: VARCHAR ids and phone numbers, TIMESTAMP WITH TIME ZONE times (UTC
-- instants), DOUBLE seconds, INTEGER ring_attempts, BOOLEAN answered, VARCHAR[] anomalies and ring_states.

-- Days are calendar days of this zone, like analyze's --tz (default UTC): use 'Europe/Riga' to match
-- `analyze --tz Europe/Riga`.
SET TimeZone = 'UTC';

CREATE OR REPLACE TABLE calls AS SELECT * FROM read_parquet('calls.parquet');

-- Calls are complete sessions (START and COMPLETED seen), as in analyze. The thresholds are analyze's
-- defaults: service level within 20 s (--sl-threshold), short abandons under 5 s (--short-abandon).
CREATE OR REPLACE VIEW kpi_daily AS
WITH per_day AS (
  SELECT
    CAST(started_at AS DATE) AS day,
    direction,
    COUNT(*) AS n_calls,
    COUNT(*) FILTER (WHERE answered) AS n_answered,
    -- inbound only: answered within the threshold (time to the first RINGRESULT ANSWER)
    COUNT(*) FILTER (WHERE direction = 'inbound' AND answered AND time_to_answer_s <= 20) AS n_within_sl,
    -- inbound only: abandoned = not answered and the caller (phone) hung up
    COUNT(*) FILTER (WHERE direction = 'inbound' AND NOT answered AND hanged_by = 'phone') AS n_abandoned,
    COUNT(*) FILTER (
      WHERE direction = 'inbound' AND NOT answered AND hanged_by = 'phone' AND duration_s < 5
    ) AS n_short_abandoned,
    -- ACD: mean talk time of answered calls; an answered call without a talk window counts as 0 s
    AVG(COALESCE(talk_s, 0)) FILTER (WHERE answered) AS acd_s
  FROM calls
  WHERE status = 'complete'
  GROUP BY ALL
)
SELECT
  day,
  direction,
  n_calls AS calls,
  n_answered AS answered,
  n_answered / n_calls AS asr,
  CASE WHEN direction = 'inbound' THEN n_within_sl / NULLIF(n_calls - n_short_abandoned, 0) END
    AS service_level,
  CASE WHEN direction = 'inbound' THEN n_abandoned / n_calls END AS abandon_rate,
  acd_s
FROM per_day
ORDER BY day, direction;

SELECT * FROM kpi_daily;

-- The per-event export loads the same way (data and extra are JSON columns):
--   teltel-events export dump.ndjson --events --format parquet -o events.parquet
--   CREATE OR REPLACE TABLE events AS SELECT * FROM read_parquet('events.parquet');
--   SELECT state, COUNT(*) FROM events WHERE event = 'RINGRESULT' GROUP BY ALL ORDER BY 2 DESC;
