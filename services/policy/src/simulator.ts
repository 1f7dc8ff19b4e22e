/**
 * Discrete-round queueing simulator. Every policy run replays one `Scenario` (the arrivals and the
 * uniform draws for service outcomes and abandonment), so a policy and the oracle see common
 * random numbers and the regrets are exact differences, not estimates from separate runs.
 */
import type { Environment } from './environment.js';
import type { Policy } from './policy-types.js';
import { createRng, type Rng } from './rng.js';
import { SimQueue, type SimItem } from './sim-queue.js';

/** The random inputs shared by all policy runs of one seed. */
export interface Scenario {
  horizon: number;
  /** arrivals[t] = prompt index arriving in round t (0-based), or −1 for none. */
  arrivals: Int32Array;
  /** Decisions per round that have their own outcome draw (1 in paper mode). */
  slots: number;
  /** outcomes[t·slots + j]: uniform for the j-th service of round t; satisfied iff u < p. */
  outcomes: Float64Array;
  /** abandons[t·slots + j]: uniform for the abandonment of that service's user on failure. */
  abandons: Float64Array;
}

/** Draws the scenario of one seed: Bernoulli(arrivalRate) arrivals and outcome uniforms. */
export function createScenario(
  env: Environment,
  o: { horizon: number; arrivalRate: number; seed: number; slots?: number },
): Scenario {
  const slots = o.slots ?? 1;
  const arrive = createRng(o.seed, 1);
  const contexts = createRng(o.seed, 2);
  const outcome = createRng(o.seed, 3);
  const arrivals = new Int32Array(o.horizon);
  for (let t = 0; t < o.horizon; t++) {
    arrivals[t] = arrive.uniform() < o.arrivalRate ? env.draw(contexts) : -1;
  }
  const outcomes = new Float64Array(o.horizon * slots);
  const abandons = new Float64Array(o.horizon * slots);
  for (let i = 0; i < outcomes.length; i++) outcomes[i] = outcome.uniform();
  for (let i = 0; i < abandons.length; i++) abandons[i] = outcome.uniform();
  return { horizon: o.horizon, arrivals, slots, outcomes, abandons };
}

/** How service works: the paper's one opportunity per round, or K LLMs with capacities. */
export interface ServiceModel {
  mode: 'paper' | 'multi';
  /** multi mode: concurrent slots per LLM (default 1 each). */
  capacities?: readonly number[];
  /** multi mode: rounds one service takes per LLM (default 1 each). */
  serviceRounds?: readonly number[];
  /** Probability that an unsatisfied user gives up instead of retrying. Default 0. */
  abandonProbability?: number;
}

/** Per-checkpoint measurements of one run. */
export interface Trace {
  /** Cumulative routing regret at each checkpoint round. */
  routingRegret: Float64Array;
  /** Queries in the system (waiting + in service) at each checkpoint round. */
  queueLength: Float64Array;
  served: number;
  satisfied: number;
}

/** Inputs of `simulate`. Checkpoints are 1-based round numbers in increasing order. */
export interface SimulationOptions {
  env: Environment;
  scenario: Scenario;
  policy: Policy;
  service: ServiceModel;
  checkpoints: readonly number[];
  /** The policy's own random source (exploration coins, posterior samples). */
  rng: Rng;
}

interface InService {
  item: SimItem;
  llm: number;
  done: number;
  satisfied: boolean;
  abandoned: boolean;
}

function makeItem(env: Environment, prompt: number, seq: number): SimItem {
  const trueP = new Float64Array(env.k);
  for (let k = 0; k < env.k; k++) trueP[k] = env.probability(prompt, k);
  const cost = env.cost(prompt);
  return {
    id: String(seq),
    context: env.context(prompt),
    arrivalSeq: seq,
    prompt,
    trueP,
    ...(cost ? { cost } : {}),
  };
}

function bestTrue(queue: SimQueue, free: readonly number[]): number {
  let best = 0;
  for (const item of queue.items) for (const k of free) best = Math.max(best, item.trueP[k]!);
  return best;
}

/** Runs one policy through the scenario and returns its trace. */
export function simulate(o: SimulationOptions): Trace {
  const { env, scenario, policy, service } = o;
  const k = env.k;
  const multi = service.mode === 'multi';
  const capacity = Array.from({ length: k }, (_, i) =>
    multi ? (service.capacities?.[i] ?? 1) : 1,
  );
  const duration = Array.from({ length: k }, (_, i) =>
    multi ? (service.serviceRounds?.[i] ?? 1) : 1,
  );
  const abandonP = service.abandonProbability ?? 0;
  const queue = new SimQueue(env.d);
  const busy = new Int32Array(k);
  let inService: InService[] = [];
  const trace: Trace = {
    routingRegret: new Float64Array(o.checkpoints.length),
    queueLength: new Float64Array(o.checkpoints.length),
    served: 0,
    satisfied: 0,
  };
  let regret = 0;
  let decisions = 0;
  let cp = 0;
  const all = Array.from({ length: k }, (_, i) => i);

  const finish = (s: InService) => {
    busy[s.llm]! -= 1;
    policy.observe({ context: s.item.context, llm: s.llm, reward: s.satisfied ? 1 : 0 });
    if (s.satisfied) trace.satisfied += 1;
    else if (!s.abandoned) queue.push(s.item);
  };

  for (let t = 0; t < scenario.horizon; t++) {
    const prompt = scenario.arrivals[t]!;
    if (prompt >= 0) queue.push(makeItem(env, prompt, t));
    if (multi) {
      const still: InService[] = [];
      for (const s of inService)
        if (s.done <= t) finish(s);
        else still.push(s);
      inService = still;
    }
    for (let slot = 0; slot < scenario.slots && queue.length > 0; slot++) {
      const free = multi ? all.filter((i) => busy[i]! < capacity[i]!) : all;
      if (free.length === 0) break;
      const input = { round: decisions + 1, queue: queue.items, freeLlms: free, rng: o.rng };
      const decision = policy.decide({ ...input, contexts: queue.view() });
      if (!decision) break;
      decisions += 1;
      const item = queue.items[decision.queueIndex]!;
      const p = item.trueP[decision.llm]!;
      regret += bestTrue(queue, free) - p;
      queue.remove(decision.queueIndex);
      const u = t * scenario.slots + slot;
      const satisfied = scenario.outcomes[u]! < p;
      const abandoned = !satisfied && scenario.abandons[u]! < abandonP;
      const s = {
        item,
        llm: decision.llm,
        done: t + duration[decision.llm]!,
        satisfied,
        abandoned,
      };
      trace.served += 1;
      busy[decision.llm]! += 1;
      if (multi) inService.push(s);
      else finish(s);
    }
    while (cp < o.checkpoints.length && o.checkpoints[cp] === t + 1) {
      trace.routingRegret[cp] = regret;
      trace.queueLength[cp] = queue.length + inService.length;
      cp += 1;
    }
  }
  return trace;
}
