-- Domain tables of the scheduler and feedback services. Portable between Postgres 15 and PGlite:
-- plain types only, bigint epoch milliseconds for event times, bytea for packed vectors.

-- One Bayesian logistic posterior per LLM (section 2 of the design). `state` is the policy
-- package's serialised posterior; `version` increases by one per applied update, so a reader can
-- tell whether its copy is stale.
CREATE TABLE llm_posterior (
  llm             text PRIMARY KEY,
  dim             integer NOT NULL CHECK (dim > 0),
  encoder_version text NOT NULL,
  head_version    text NOT NULL,
  state           bytea NOT NULL,
  observations    bigint NOT NULL DEFAULT 0,
  version         bigint NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- An OK answer waiting for its retry window to close. Finalised exactly once: `status` leaves
-- 'pending' in the same transaction that records the feedback id and updates the posterior.
-- `context` is float64 little-endian (the policy's x), `embedding` float32 little-endian (the
-- base sentence embedding, compared for retry similarity).
CREATE TABLE pending_answers (
  query_id          text PRIMARY KEY,
  tenant            text NOT NULL,
  user_id           text NOT NULL,
  llm               text NOT NULL,
  context           bytea NOT NULL,
  embedding         bytea NOT NULL,
  encoder_version   text NOT NULL,
  head_version      text NOT NULL,
  answered_at_ms    bigint NOT NULL,
  window_closes_ms  bigint NOT NULL,
  status            text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'satisfied', 'retried')),
  source            text,
  retried_by        text,
  finalised_at_ms   bigint
);
CREATE INDEX pending_answers_due ON pending_answers (window_closes_ms) WHERE status = 'pending';
CREATE INDEX pending_answers_user ON pending_answers (tenant, user_id, answered_at_ms)
  WHERE status = 'pending';

-- Queries seen on the embedded topic, kept for one retry window so that a retry processed
-- before the answer it retries (the two topics are consumed independently) is still matched.
CREATE TABLE recent_queries (
  query_id        text PRIMARY KEY,
  tenant          text NOT NULL,
  user_id         text NOT NULL,
  retry_of        text NOT NULL DEFAULT '',
  embedding       bytea NOT NULL,
  received_at_ms  bigint NOT NULL,
  -- The answer this query was counted as a retry of ('' none): one retry marks one answer.
  retried         text NOT NULL DEFAULT ''
);
CREATE INDEX recent_queries_user ON recent_queries (tenant, user_id, received_at_ms);

-- Feedback ids whose posterior update is committed (dedupe), doubling as the outbox of the
-- feedback and posterior events: `published_at_ms` stays null until both are published.
CREATE TABLE applied_feedback (
  feedback_id        text PRIMARY KEY,
  llm                text NOT NULL,
  tenant             text NOT NULL,
  user_id            text NOT NULL,
  outcome            text NOT NULL CHECK (outcome IN ('satisfied', 'retried')),
  source             text NOT NULL,
  retried_by         text NOT NULL DEFAULT '',
  answered_at_ms     bigint NOT NULL,
  decided_at_ms      bigint NOT NULL,
  posterior_version  bigint NOT NULL,
  published_at_ms    bigint
);
CREATE INDEX applied_feedback_unpublished ON applied_feedback (decided_at_ms)
  WHERE published_at_ms IS NULL;

-- One row per scheduling decision, for offline evaluation and scheduler idempotence (a query
-- with a row here is never assigned again).
CREATE TABLE decision_log (
  query_id           text PRIMARY KEY,
  llm                text NOT NULL,
  explored           boolean NOT NULL,
  sampled_score      double precision NOT NULL,
  policy             text NOT NULL,
  round              bigint NOT NULL,
  queue_length       integer NOT NULL,
  posterior_version  bigint NOT NULL,
  scheduler_id       text NOT NULL,
  decided_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decision_log_llm ON decision_log (llm, decided_at);
