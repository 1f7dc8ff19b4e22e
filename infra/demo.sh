#!/usr/bin/env bash
# The main job on real data: installs what is needed (dependencies, the embedding model), then
# replays real RouterBench test prompts with simulated retrying users through a fresh all-in-one
# system for each policy of the default comparison, prints the summary table and the report path,
# and stops everything.
#
#   npm run demo                 # the comparison; report in demo-out/report.html
#   npm run demo -- --serve      # afterwards keep an all-in-one system serving on 127.0.0.1:50051
#                                # (Ctrl-C stops it); try: node examples/ask.mjs "your question"
#
# Environment: CQB_DEMO_HORIZON (users per policy), CQB_DEMO_RATE (users per second),
# CQB_DEMO_OUT (report folder), CQB_DEMO_POLICIES (comma-separated), CQB_DEMO_LLMS (comma-separated
# RouterBench LLM ids served; default three, see below).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

serve=false
for arg in "$@"; do
  case "$arg" in
    --serve) serve=true ;;
    *) echo "demo.sh: unknown option $arg (only --serve)" >&2; exit 2 ;;
  esac
done

bash infra/setup.sh

out="${CQB_DEMO_OUT:-demo-out}"
# What the demo routes over, and why (chosen from the TRAIN split's per-task accuracies,
# arc / mbpp / winogrande; the test split only supplies the replayed prompts):
#   zero-one-ai/Yi-34B-Chat     0.90 / 0.37 / 0.76  strong at reasoning, weak at code
#   gpt-3.5-turbo-1106          0.83 / 0.64 / 0.63  the one that writes code
#   meta/llama-2-70b-chat       0.80 / 0.31 / 0.51  fine on ARC, poor elsewhere
# No LLM is best at everything (GPT-4, best on every task, is left out so that routing matters),
# so a context-aware router should send code to gpt-3.5 and reasoning to Yi, and fill Yi's two
# slots with the prompts that need it most when it is busy. Three arms instead of eleven let the
# 32-d per-LLM models learn within a few hundred answers.
# Rate 3 users/s against 3 LLMs x 2 concurrent calls (simulated latency median 200 ms): the
# preferred LLM is often busy, so queueing matters a little, while the embedder (20-35
# embeddings/s here under load) keeps up. 210 users per policy = 70 s of arrivals; four policies
# finish in about seven minutes on two shared cores. Think time 200 ms and a 2 s retry window
# close the feedback loop quickly. Policy settings (c_eps, nu, lambda) are the defaults.
llms="zero-one-ai/Yi-34B-Chat,gpt-3.5-turbo-1106,meta/llama-2-70b-chat"
npm run -s cqb -- replay \
  --dataset routerbench \
  --compare "${CQB_DEMO_POLICIES:-acqb,best-fixed,random,fifo-linucb}" \
  --horizon "${CQB_DEMO_HORIZON:-210}" \
  --rate "${CQB_DEMO_RATE:-3}" \
  --seed 1 \
  --think-time-ms 200 \
  --retry-window-ms 2000 \
  --llms "${CQB_DEMO_LLMS:-$llms}" \
  --llm-capacity 2 \
  --out "$out"

if [[ "$serve" == true ]]; then
  echo "demo: serving on ${CQB_GRPC_ADDRESS:-127.0.0.1:50051}; in another shell run:" >&2
  echo "  node examples/ask.mjs \"Write a python function to reverse a string.\"" >&2
  exec npm run -s cqb -- serve --mode all-in-one
fi
