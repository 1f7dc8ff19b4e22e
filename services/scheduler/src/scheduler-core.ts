import type { Assignment, CapacityReport, QueryEmbedded } from '@cqb/contracts';
import type { Logger } from '@cqb/runtime';
import type { LogisticPosterior, Policy, Rng } from '@cqb/policy';
import type { CapacityTracker } from './capacity-tracker.js';
import type { WaitingQuery } from './waiting-queue.js';
import { createWaitingQueue } from './waiting-queue.js';

/** What the decision loop needs; the service wires these to the bus and the database. */
export interface SchedulerCoreDeps {
  policy: Policy;
  policyName: string;
  /** LLM ids in the policy's index order. */
  llms: readonly string[];
  capacity: CapacityTracker;
  rng: Rng;
  now: () => number;
  logger: Logger;
  schedulerId: string;
  /** Context dimension d; an event with another dimension is dropped. */
  dim: number;
  /** Rounds already decided by this policy (ε_t continues from there). */
  initialRound: number;
  /** Publishes assignments; must resolve only once they are durably accepted. */
  publish(assignments: Assignment[]): Promise<void>;
  /** Writes the decision-log rows (after publishing). */
  record(assignments: Assignment[]): Promise<void>;
  /** Ids among the given ones that were already decided (before a restart). */
  decided(ids: string[]): Promise<Set<string>>;
  /** Called for every query dropped unassigned, with the reason. */
  onDropped?(query: WaitingQuery | QueryEmbedded, reason: 'expired' | 'bad-context'): void;
}

/** Counters and gauges of the decision loop. */
export interface QueueStats {
  queueLength: number;
  oldestWaitMs: number;
  rounds: number;
  freeSlots: Record<string, number>;
}

/** The scheduler's decision loop over its waiting queue. */
export interface SchedulerCore {
  /**
   * Adds embedded queries to the waiting queue and resolves once every one of them has been
   * assigned (assignment published) or dropped, so the caller may commit them only then.
   */
  enqueue(events: QueryEmbedded[]): Promise<void>;
  /** Applies a capacity report and runs decisions if slots freed. */
  applyCapacity(report: CapacityReport): Promise<void>;
  /** Frees the slot of an answered assignment (see CapacityTracker.answered) and runs decisions. */
  applyAnswer(llm: string, queryId: string): Promise<void>;
  /** Installs a reloaded posterior for one LLM. */
  setPosterior(llm: string, state: LogisticPosterior, version: number): void;
  posteriorVersion(llm: string): number;
  /** Runs decisions while a slot is free and queries wait; also drops expired queries. */
  pump(): Promise<void>;
  stats(): QueueStats;
}

/**
 * Builds the decision loop. A round happens whenever some LLM has a free slot and the queue is
 * non-empty; the policy picks the (waiting query, free LLM) pair. Decisions of one pump are
 * published together, then logged, then their queries released for commit. If publishing fails
 * the queries go back to the queue and their slots are freed; the next pump retries.
 */
export function createSchedulerCore(deps: SchedulerCoreDeps): SchedulerCore {
  const { policy, capacity, logger } = deps;
  const queue = createWaitingQueue();
  const settlers = new Map<string, (() => void)[]>();
  const versions = new Map<string, number>();
  let round = deps.initialRound;
  let running: Promise<void> | undefined;
  let again = false;

  function settle(id: string): void {
    for (const done of settlers.get(id) ?? []) done();
    settlers.delete(id);
  }

  function freeIndices(): number[] {
    const free: number[] = [];
    deps.llms.forEach((llm, i) => {
      if (capacity.free(llm) > 0) free.push(i);
    });
    return free;
  }

  function decideAll(now: number): Assignment[] {
    const out: Assignment[] = [];
    for (let free = freeIndices(); queue.length > 0 && free.length > 0; free = freeIndices()) {
      const waiting = queue.list();
      const items = waiting.map((q) => ({ ...q, waitedMs: now - q.enqueuedAtMs }));
      const decision = policy.decide({
        round: round + 1,
        queue: items,
        freeLlms: free,
        rng: deps.rng,
      });
      if (!decision) break;
      const entry = waiting[decision.queueIndex];
      const llm = deps.llms[decision.llm];
      if (!entry || llm === undefined) break;
      round += 1;
      queue.remove(entry.id);
      const deadline = entry.event.query.deadlineAtMs;
      capacity.take(llm, now, entry.id, deadline > 0 ? deadline : undefined);
      out.push({
        query: entry.event,
        llm,
        policy: deps.policyName,
        explored: decision.explored,
        sampledScore: decision.score,
        round,
        queueLength: waiting.length,
        decidedAtMs: now,
        schedulerId: deps.schedulerId,
        posteriorVersion: versions.get(llm) ?? 0,
      });
    }
    return out;
  }

  async function pumpOnce(): Promise<void> {
    const now = deps.now();
    for (const dropped of queue.dropExpired(now)) {
      deps.onDropped?.(dropped, 'expired');
      settle(dropped.id);
    }
    const assignments = decideAll(now);
    if (assignments.length === 0) return;
    try {
      await deps.publish(assignments);
    } catch (err) {
      logger.warn({ err, count: assignments.length }, 'publishing assignments failed, requeued');
      for (const a of assignments) {
        queue.add(a.query, now);
        capacity.release(a.llm, a.query.query.queryId);
      }
      return;
    }
    try {
      await deps.record(assignments);
    } catch (err) {
      // The assignments are out: losing their log rows costs idempotence on a restart only.
      logger.error({ err, count: assignments.length }, 'writing the decision log failed');
    }
    for (const a of assignments) settle(a.query.query.queryId);
  }

  function pump(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pumpOnce();
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  async function enqueue(events: QueryEmbedded[]): Promise<void> {
    const fresh = events.filter((e) => {
      if (e.context.length === deps.dim) return true;
      logger.error({ queryId: e.query.queryId, dim: e.context.length }, 'context of wrong size');
      deps.onDropped?.(e, 'bad-context');
      return false;
    });
    const decided = await deps.decided(fresh.map((e) => e.query.queryId));
    const now = deps.now();
    const waits = fresh
      .filter((e) => !decided.has(e.query.queryId))
      .map((e) => {
        const id = e.query.queryId;
        queue.add(e, now);
        return new Promise<void>((resolve) =>
          settlers.set(id, [...(settlers.get(id) ?? []), resolve]),
        );
      });
    await pump();
    await Promise.all(waits);
  }

  return {
    enqueue,
    async applyCapacity(report) {
      if (capacity.apply(report)) await pump();
    },
    async applyAnswer(llm, queryId) {
      capacity.answered(llm, queryId);
      await pump();
    },
    setPosterior(llm, state, version) {
      const index = deps.llms.indexOf(llm);
      if (index < 0) return;
      policy.setPosterior(index, state);
      versions.set(llm, version);
    },
    posteriorVersion: (llm) => versions.get(llm) ?? 0,
    pump,
    stats: () => ({
      queueLength: queue.length,
      oldestWaitMs: queue.oldestWaitMs(deps.now()),
      rounds: round,
      freeSlots: capacity.snapshot(),
    }),
  };
}
