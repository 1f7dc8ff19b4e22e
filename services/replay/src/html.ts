import type { PolicyReport, ReplayReport } from './report.js';
import type { LineSeries } from './svg.js';
import { barChart, escapeXml, formatNumber, lineChart, palette, stackedShares } from './svg.js';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const usd = (v: number): string => `$${v.toPrecision(3)}`;

/** Renders a report as one self-contained HTML page: inline SVG charts, no scripts or assets. */
export function renderReportHtml(report: ReplayReport): string {
  const policies = Object.values(report.policies);
  const color = (i: number): string => palette[i % palette.length] as string;
  const over = (pick: (p: PolicyReport) => (number | null)[]): LineSeries[] =>
    policies.map((p, i) => ({
      name: p.policy,
      color: color(i),
      points: p.series.atMs.map((t, j): [number, number | null] => [t / 1000, pick(p)[j] ?? null]),
    }));
  const llms = [...new Set(policies.flatMap((p) => Object.keys(p.shareByLlm)))].sort();
  const llmColor = (k: string): string => palette[llms.indexOf(k) % palette.length] as string;
  const sections = [
    section('Summary', summaryTable(report), summaryText(report)),
    section(
      'Queue and satisfaction over time',
      lineChart(
        'Waiting queue length',
        'seconds',
        'queries waiting',
        over((p) => p.series.queueLength),
      ) +
        lineChart(
          'Satisfaction per window',
          'seconds',
          'answers kept',
          over((p) => p.series.satisfaction),
        ) +
        lineChart(
          'Retry rate per window',
          'seconds',
          'repeat attempts / calls',
          over((p) => p.series.retryRate),
        ),
      'Queue length is sampled from the scheduler. Satisfaction is the share of answers in each ' +
        'time window that the simulated user kept; retry rate is the share of calls that were a ' +
        'user asking again (it rises to 1 at the very end, when only retries are still arriving).',
    ),
    section(
      'Regret against the best recorded LLM',
      lineChart(
        'Cumulative per-query regret',
        'seconds',
        'regret',
        over((p) => p.series.cumulativeRegret),
      ) +
        lineChart(
          'Regret per first attempt, by fifth of the run',
          "fifth of the users' first attempts (1 = earliest, 5 = latest)",
          'mean regret',
          policies.map((p, i) => ({
            name: p.policy,
            color: color(i),
            points: (p.regretByFifth ?? []).map((v, j): [number, number | null] => [j + 1, v]),
          })),
        ),
      "For every answer: the best offered LLM's recorded success on that prompt minus the chosen " +
        "LLM's. Lower is better; zero means every query went to an LLM that solved it (or none did). " +
        "The second chart shows the trend on users' first attempts only (a retry is of a prompt " +
        'the chosen LLM failed, which would bias late windows upward): a policy that learns from ' +
        'feedback should fall from the first fifth to the last; fixed and random policies stay ' +
        'level up to the prompt mix and noise (about ±0.05 at this horizon).',
    ),
    section(
      'Where queries went',
      policies
        .map((p) =>
          stackedShares(
            `${p.policy}: routing share per LLM, by task`,
            [['all tasks', p.shareByLlm], ...Object.entries(p.shareByTask)],
            llmColor,
          ),
        )
        .join(''),
      "Each bar splits one task's answers by the LLM that produced them. A context-aware router " +
        'should send each task to the LLMs that solve it.',
    ),
    section(
      'Cost per satisfied query',
      barChart(
        'USD per satisfied user',
        usd,
        policies.map((p, i) => [p.policy, p.costPerSatisfiedUsd, color(i)]),
      ),
      'Total recorded cost of every answer (kept or not) divided by the number of satisfied users.',
    ),
    section(
      'Latency per stage (ms)',
      latencyTable(policies),
      'client: send to answer at the ' +
        'replay client; server: ingest receipt to answer; other rows are pipeline stages measured ' +
        'on the answers stream when the replay runs the system itself.',
    ),
    section(
      'Posterior confidence',
      lineChart(
        'Mean trace of posterior covariance',
        'seconds',
        'trace',
        over((p) => p.series.covarianceTrace),
      ),
      "Remaining uncertainty of the learned per-LLM models (mean over LLMs, from the scheduler's " +
        'Admin service). It falls as feedback accumulates. The feedback service updates these ' +
        'models whatever the policy, so every run shows a curve, but best-fixed and random never ' +
        'consult them when routing.',
    ),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cqb-router replay report</title>
<style>
body{font-family:sans-serif;margin:2em auto;max-width:1180px;color:#222}
h1{font-size:1.5em} h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;font-size:0.9em} td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left} svg{margin:6px} p.note{color:#555;max-width:60em}
</style></head><body>
<h1>cqb-router replay report</h1>
<p>Dataset <b>${escapeXml(report.dataset)}</b>, ${report.horizon} users arriving at
${report.ratePerSec}/s, seed ${report.seed}, user model <b>${escapeXml(report.userModel)}</b>,
think time ${report.thinkTimeMs} ms, up to ${report.maxAttempts} attempts,
${report.explicitRetry ? 'explicit' : 'implicit'} retries. Created ${escapeXml(report.createdAt)}.</p>
${llmLine(report)}
${sections.join('\n')}
</body></html>
`;
}

function llmLine(report: ReplayReport): string {
  if (!report.llms?.length) return '';
  const capacity = report.llmCapacity ? `, each serving ${report.llmCapacity} calls at a time` : '';
  return `<p>LLMs offered to the router: ${report.llms.map((l) => `<b>${escapeXml(l)}</b>`).join(', ')}${capacity}.</p>`;
}

function section(title: string, body: string, note: string): string {
  return `<h2>${escapeXml(title)}</h2><p class="note">${escapeXml(note)}</p><div>${body}</div>`;
}

/** The policies side by side: one row per figure, one column per policy. */
export function summaryRows(report: ReplayReport): [string, ...string[]][] {
  const ps = Object.values(report.policies);
  const row = (label: string, f: (p: PolicyReport) => string): [string, ...string[]] => [
    label,
    ...ps.map(f),
  ];
  return [
    row('policy', (p) => p.policy),
    row('satisfied users', (p) => pct(p.satisfactionRate)),
    row('answers retried', (p) => pct(p.retryRate)),
    row('total regret', (p) => formatNumber(p.totalRegret)),
    row('regret per answer', (p) => formatNumber(p.meanRegretPerAnswer)),
    row('  first attempts: 1st → 5th fifth', (p) => {
      const r = p.regretByFifth ?? [];
      return r.length ? `${formatNumber(r[0] ?? 0)} → ${formatNumber(r[r.length - 1] ?? 0)}` : '-';
    }),
    row('cost per satisfied', (p) => usd(p.costPerSatisfiedUsd)),
    row('mean queue length', (p) => formatNumber(p.meanQueueLength)),
    row('answers / calls', (p) => `${p.counts.answered} / ${p.counts.submitted}`),
    row('abandoned / failed', (p) => `${p.counts.abandoned} / ${p.counts.failed}`),
    row(
      'p50 / p99 latency ms',
      (p) => `${p.latencyMs.client?.p50 ?? 0} / ${p.latencyMs.client?.p99 ?? 0}`,
    ),
  ];
}

function summaryTable(report: ReplayReport): string {
  const [head, ...rows] = summaryRows(report);
  const cells = (r: string[], tag: string): string =>
    `<tr>${r.map((c) => `<${tag}>${escapeXml(c)}</${tag}>`).join('')}</tr>`;
  return `<table>${cells(head ?? [], 'th')}${rows.map((r) => cells(r, 'td')).join('')}</table>`;
}

/**
 * Which policy leads on satisfaction, regret and cost, with one standard error of each figure,
 * so a reader can tell a difference from noise. Regret values lie in [0, 1], so its standard
 * error is bounded by that of a 0/1 variable with the same mean.
 */
export function verdictText(report: ReplayReport): string {
  const ps = Object.values(report.policies);
  if (ps.length < 2) return '';
  const best = (f: (p: PolicyReport) => number, low: boolean): PolicyReport =>
    ps.reduce((a, b) => ((low ? f(b) < f(a) : f(b) > f(a)) ? b : a));
  const se = (p: number, n: number): number => (n > 0 ? Math.sqrt((p * (1 - p)) / n) : 0);
  const sat = best((p) => p.satisfactionRate, false);
  const reg = best((p) => p.meanRegretPerAnswer, true);
  // A policy with no satisfied user has no cost per satisfied user (shown as 0): never cheapest.
  const cost = best((p) => (p.counts.satisfied > 0 ? p.costPerSatisfiedUsd : Infinity), true);
  const satSe = Math.max(...ps.map((p) => se(p.satisfactionRate, p.counts.users)));
  const regSe = Math.max(
    ...ps.map((p) => se(Math.min(1, p.meanRegretPerAnswer), p.counts.answered)),
  );
  return (
    `Most satisfied users: ${sat.policy} (${pct(sat.satisfactionRate)}); lowest regret per ` +
    `answer: ${reg.policy} (${formatNumber(reg.meanRegretPerAnswer)}); cheapest per satisfied ` +
    `user: ${cost.policy} (${usd(cost.costPerSatisfiedUsd)}). One standard error is about ` +
    `${(satSe * 100).toFixed(1)} points of satisfaction and ${formatNumber(regSe)} of regret per ` +
    'answer at this horizon: smaller differences are noise, not a ranking.'
  );
}

function summaryText(report: ReplayReport): string {
  return (
    (Object.keys(report.policies).length > 1
      ? 'Each policy served its own fresh system against the same arrivals and the same ' +
        `simulated users (seed ${report.seed}). `
      : `The system served simulated users (seed ${report.seed}). `) +
    '"Satisfied users" counts users who kept an answer before ' +
    'giving up; regret compares each answer with the best recorded LLM for that prompt. ' +
    verdictText(report)
  );
}

function latencyTable(policies: PolicyReport[]): string {
  const rows = policies.flatMap((p) =>
    Object.entries(p.latencyMs).map(
      ([stage, q]) =>
        `<tr><td>${escapeXml(p.policy)} · ${escapeXml(stage)}</td><td>${q.count}</td>` +
        `<td>${formatNumber(q.p50)}</td><td>${formatNumber(q.p90)}</td>` +
        `<td>${formatNumber(q.p99)}</td><td>${formatNumber(q.max)}</td></tr>`,
    ),
  );
  return (
    `<table><tr><th>policy · stage</th><th>n</th><th>p50</th><th>p90</th><th>p99</th>` +
    `<th>max</th></tr>${rows.join('')}</table>`
  );
}
