/** Occupancy of one LLM's slots. */
export interface SlotState {
  llm: string;
  capacity: number;
  inFlight: number;
}

/** Per-LLM concurrency limits: `acquire` waits (FIFO) until the LLM has a free slot. */
export interface SlotPool {
  /** Resolves with a release function once a slot of `llm` is held. */
  acquire(llm: string, capacity: number): Promise<() => void>;
  state(llm: string): SlotState | undefined;
  states(): SlotState[];
}

interface LlmSlots {
  capacity: number;
  inFlight: number;
  /** Waiting acquirers; each is handed its slot synchronously, so no one can jump the queue. */
  waiters: ((release: () => void) => void)[];
}

/**
 * Creates a slot pool. `onChange` is called after every fill and every release with the LLM's new
 * state (the dispatcher turns these into capacity reports). Capacity may change between calls
 * (a registry refresh); a lowered capacity takes effect as slots free.
 */
export function createSlotPool(onChange: (state: SlotState) => void): SlotPool {
  const pools = new Map<string, LlmSlots>();
  const snapshot = (llm: string, s: LlmSlots): SlotState => ({
    llm,
    capacity: s.capacity,
    inFlight: s.inFlight,
  });

  const take = (llm: string, s: LlmSlots): (() => void) => {
    s.inFlight++;
    onChange(snapshot(llm, s));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      s.inFlight--;
      onChange(snapshot(llm, s));
      handOver(llm, s);
    };
  };

  const handOver = (llm: string, s: LlmSlots): void => {
    while (s.inFlight < s.capacity) {
      const waiter = s.waiters.shift();
      if (!waiter) return;
      waiter(take(llm, s));
    }
  };

  return {
    acquire(llm, capacity) {
      let s = pools.get(llm);
      if (!s) pools.set(llm, (s = { capacity, inFlight: 0, waiters: [] }));
      s.capacity = capacity;
      const slots = s;
      const granted = new Promise<() => void>((resolve) => slots.waiters.push(resolve));
      handOver(llm, slots);
      return granted;
    },
    state: (llm) => {
      const s = pools.get(llm);
      return s ? snapshot(llm, s) : undefined;
    },
    states: () => [...pools].map(([llm, s]) => snapshot(llm, s)),
  };
}
