-- W3C trace context (`traceparent`) of the event that created a row, so that the feedback
-- decision, taken after the retry window in a trace of its own, can link to the answered query's
-- trace and to the trace of the query that retried it. Null when the event carried none
-- (telemetry off). Portable between Postgres 15 and PGlite.
ALTER TABLE pending_answers ADD COLUMN trace_parent text;
ALTER TABLE recent_queries ADD COLUMN trace_parent text;
