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
# CQB_DEMO_OUT (report folder), CQB_DEMO_POLICIES (comma-separated).
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
# Think time 200 ms and a 2 s retry window close the feedback loop quickly; four policies of
# this horizon finish in well under ten minutes on two cores.
npm run -s cqb -- replay \
  --dataset routerbench \
  --compare "${CQB_DEMO_POLICIES:-acqb,best-fixed,random,fifo-linucb}" \
  --horizon "${CQB_DEMO_HORIZON:-240}" \
  --rate "${CQB_DEMO_RATE:-6}" \
  --seed 1 \
  --think-time-ms 200 \
  --retry-window-ms 2000 \
  --out "$out"

if [[ "$serve" == true ]]; then
  echo "demo: serving on ${CQB_GRPC_ADDRESS:-127.0.0.1:50051}; in another shell run:" >&2
  echo "  node examples/ask.mjs \"Write a python function to reverse a string.\"" >&2
  exec npm run -s cqb -- serve --mode all-in-one
fi
