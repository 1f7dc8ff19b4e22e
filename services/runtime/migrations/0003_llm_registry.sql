-- The LLM registry read by the dispatcher (and listed by the scheduler): one row per LLM the
-- system may route to. Portable between Postgres 15 and PGlite.
--
-- `endpoint` is the base URL of an OpenAI-compatible API including its version path
-- (for example http://127.0.0.1:8000/v1); the dispatcher POSTs to `<endpoint>/chat/completions`
-- with `model`. `capacity` is the number of concurrent requests one dispatcher may hold open to
-- this LLM. Cost of an answer is `price_per_query` when set, otherwise
-- (prompt tokens × price_per_1k_prompt + completion tokens × price_per_1k_completion) / 1000, in
-- USD. `api_key_env` names the environment variable holding the API key sent as a bearer token
-- (null: no key). A disabled LLM receives no new work.
CREATE TABLE llms (
  id                       text PRIMARY KEY,
  endpoint                 text NOT NULL,
  model                    text NOT NULL,
  capacity                 integer NOT NULL CHECK (capacity > 0),
  price_per_1k_prompt      double precision CHECK (price_per_1k_prompt >= 0),
  price_per_1k_completion  double precision CHECK (price_per_1k_completion >= 0),
  price_per_query          double precision CHECK (price_per_query >= 0),
  api_key_env              text,
  enabled                  boolean NOT NULL DEFAULT true,
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CHECK (
    price_per_query IS NOT NULL
    OR (price_per_1k_prompt IS NOT NULL AND price_per_1k_completion IS NOT NULL)
  )
);
