/** One finding of the check, located by overlay, object and field path. */
export interface Problem {
  /** Overlay (or fixture) the object was rendered from, e.g. `overlays/dev`. */
  source: string;
  /** `Kind/name` of the object. */
  object: string;
  /** Dotted path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  path: string;
  message: string;
}

/** Formats a problem as one line for the terminal. */
export function formatProblem(problem: Problem): string {
  const where = problem.path ? ` ${problem.path}:` : ':';
  return `${problem.source} ${problem.object}${where} ${problem.message}`;
}

/** A rendered Kubernetes object, as parsed from YAML. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** `Kind/name` label of an object. */
export function objectLabel(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

/** The closest of `candidates` to `word` by edit distance, if it is plausibly a typo of it. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
