import { objectLabel } from './problem.js';
import type { K8sObject, Problem } from './problem.js';
import { isCqbImage } from './env-check.js';

interface PolicyContainer {
  image?: string;
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[] };
  };
  readinessProbe?: { grpc?: unknown };
  livenessProbe?: { grpc?: unknown };
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

interface PolicyPod {
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type?: string } };
  containers?: PolicyContainer[];
}

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

/**
 * The pod hardening every cqb-router container keeps: non-root, RuntimeDefault seccomp, no
 * privilege escalation, read-only root filesystem, all capabilities dropped, CPU and memory
 * requests and a memory limit; long-running services also need gRPC readiness and liveness
 * probes. A patch in an overlay that loosens any of these fails the check.
 */
export function checkPodPolicy(objects: readonly K8sObject[], source: string): Problem[] {
  const problems: Problem[] = [];
  for (const object of objects.filter((o) => workloadKinds.has(o.kind))) {
    const pod = (object['spec'] as { template?: { spec?: PolicyPod } }).template?.spec ?? {};
    const cqb = (pod.containers ?? [])
      .map((c, i) => [c, i] as const)
      .filter(([c]) => isCqbImage(c.image));
    if (cqb.length === 0) continue;
    const report = (path: string, message: string) =>
      problems.push({ source, object: objectLabel(object), path, message });
    if (pod.securityContext?.runAsNonRoot !== true) {
      report('spec.template.spec.securityContext.runAsNonRoot', 'must be true');
    }
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') {
      report('spec.template.spec.securityContext.seccompProfile.type', 'must be RuntimeDefault');
    }
    for (const [container, i] of cqb) {
      const path = `spec.template.spec.containers[${i}]`;
      for (const message of containerProblems(container, object.kind !== 'Job'))
        report(path, message);
    }
  }
  return problems;
}

function containerProblems(container: PolicyContainer, longRunning: boolean): string[] {
  const security = container.securityContext ?? {};
  const problems: string[] = [];
  if (security.allowPrivilegeEscalation !== false) {
    problems.push('securityContext.allowPrivilegeEscalation must be false');
  }
  if (security.readOnlyRootFilesystem !== true) {
    problems.push('securityContext.readOnlyRootFilesystem must be true');
  }
  if (security.privileged === true) problems.push('securityContext.privileged must not be true');
  if (!security.capabilities?.drop?.includes('ALL')) {
    problems.push('securityContext.capabilities.drop must include ALL');
  }
  if (!container.resources?.requests?.['cpu'] || !container.resources.requests['memory']) {
    problems.push('resources.requests must set cpu and memory');
  }
  if (!container.resources?.limits?.['memory'])
    problems.push('resources.limits.memory must be set');
  if (longRunning && (!container.readinessProbe?.grpc || !container.livenessProbe?.grpc)) {
    problems.push('readinessProbe and livenessProbe must be gRPC health probes');
  }
  return problems;
}
