/**
 * Renders evaluation results for people: hand-written SVG line plots (mean over seeds with a
 * ±1 sd band, one line per policy) and a markdown table. Pure string building.
 */
import type { EvaluationResults } from './evaluation.js';

const COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#000000',
];

/** One line of a plot: mean and sd per x. */
export interface PlotSeries {
  name: string;
  mean: readonly number[];
  sd: readonly number[];
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An SVG line chart of `series` against `xs`, with ±1 sd bands. */
export function lineChartSvg(
  title: string,
  yLabel: string,
  xs: readonly number[],
  series: readonly PlotSeries[],
): string {
  const [w, h, left, right, top, bottom] = [760, 440, 70, 150, 36, 48];
  const pw = w - left - right;
  const ph = h - top - bottom;
  const all = series.flatMap((s) => s.mean.flatMap((m, i) => [m - s.sd[i]!, m + s.sd[i]!]));
  const yMin = Math.min(0, ...all);
  const yMax = Math.max(1e-9, ...all);
  const xMax = xs.at(-1) ?? 1;
  const X = (x: number) => left + (x / xMax) * pw;
  const Y = (y: number) => top + ph - ((y - yMin) / (yMax - yMin)) * ph;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="20" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${top + ph}" x2="${left + pw}" y2="${top + ph}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + ph}" stroke="black"/>`,
    `<text x="${left + pw / 2}" y="${h - 10}" text-anchor="middle">round t</text>`,
    `<text transform="translate(16 ${top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const yv = yMin + ((yMax - yMin) * i) / 5;
    const xv = (xMax * i) / 5;
    out.push(
      `<text x="${left - 6}" y="${Y(yv) + 4}" text-anchor="end">${fmt(Number(yv.toPrecision(3)))}</text>`,
    );
    out.push(`<line x1="${left}" y1="${Y(yv)}" x2="${left + pw}" y2="${Y(yv)}" stroke="#eee"/>`);
    out.push(
      `<text x="${X(xv)}" y="${top + ph + 16}" text-anchor="middle">${fmt(Math.round(xv))}</text>`,
    );
  }
  series.forEach((s, si) => {
    const c = COLOURS[si % COLOURS.length]!;
    const upper = xs.map((x, i) => `${X(x).toFixed(1)},${Y(s.mean[i]! + s.sd[i]!).toFixed(1)}`);
    const lower = xs.map((x, i) => `${X(x).toFixed(1)},${Y(s.mean[i]! - s.sd[i]!).toFixed(1)}`);
    out.push(
      `<polygon points="${[...upper, ...lower.reverse()].join(' ')}" fill="${c}" fill-opacity="0.15" stroke="none"/>`,
    );
    const line = xs.map((x, i) => `${X(x).toFixed(1)},${Y(s.mean[i]!).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${line}" fill="none" stroke="${c}" stroke-width="1.8"/>`);
    const ly = top + 14 + si * 18;
    out.push(
      `<line x1="${w - right + 12}" y1="${ly - 4}" x2="${w - right + 32}" y2="${ly - 4}" stroke="${c}" stroke-width="3"/>`,
    );
    out.push(`<text x="${w - right + 38}" y="${ly}">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const CONTEXTUAL = new Set(['acqb', 'ts', 'greedy', 'fifo-lints', 'fifo-linucb', 'cqb-eps']);

/**
 * The plots of a results document, by file name: routing regret and queue-length regret of every
 * policy, the same for the contextual learners only (context-free baselines dwarf them), and the
 * learners' queue length beside the oracle's.
 */
export function resultPlots(r: EvaluationResults): Record<string, string> {
  const all = Object.keys(r.policies);
  const learners = all.filter((n) => CONTEXTUAL.has(n));
  const tag = `${r.env}, ${r.seeds} seeds, mean ± sd`;
  const regret = (names: string[]) =>
    names.map((n) => ({
      name: n,
      mean: r.policies[n]!.routingRegret,
      sd: r.policies[n]!.routingRegretSd,
    }));
  const queueRegret = (names: string[]) =>
    names.map((n) => ({
      name: n,
      mean: r.policies[n]!.queueLengthRegret,
      sd: r.policies[n]!.queueLengthRegretSd,
    }));
  const zero = r.checkpoints.map(() => 0);
  const queue = [
    ...learners.map((n) => ({ name: n, mean: r.policies[n]!.queueLength, sd: zero })),
    { name: 'oracle', mean: r.oracleQueueLength, sd: zero },
  ];
  const rrTitle = `Cumulative routing regret (${tag})`;
  const qrTitle = `Queue-length regret Q(t) − Q_oracle(t) (${tag})`;
  const xs = r.checkpoints;
  return {
    'routing-regret.svg': lineChartSvg(rrTitle, 'routing regret', xs, regret(all)),
    'queue-length-regret.svg': lineChartSvg(qrTitle, 'queue-length regret', xs, queueRegret(all)),
    'routing-regret-learners.svg': lineChartSvg(rrTitle, 'routing regret', xs, regret(learners)),
    'queue-length-regret-learners.svg': lineChartSvg(
      qrTitle,
      'queue-length regret',
      xs,
      queueRegret(learners),
    ),
    'queue-length-learners.svg': lineChartSvg(
      `Mean queue length Q(t) (${r.env}, ${r.seeds} seeds)`,
      'queries in system',
      xs,
      queue,
    ),
  };
}

/** The final table as markdown: one row per policy, sorted by final routing regret. */
export function resultTable(r: EvaluationResults): string {
  const pm = (m: { mean: number; sd: number }, digits: number) =>
    `${m.mean.toFixed(digits)} ± ${m.sd.toFixed(digits)}`;
  const rows = Object.entries(r.policies)
    .sort((a, b) => a[1].finalRoutingRegret.mean - b[1].finalRoutingRegret.mean)
    .map(
      ([n, p]) =>
        `| ${n} | ${pm(p.finalRoutingRegret, 1)} | ${pm(p.finalQueueLength, 1)} | ` +
        `${(p.queueLengthRegret.at(-1) ?? 0).toFixed(1)} | ${pm(p.satisfactionRate, 3)} |`,
    );
  const oracleQ = (r.oracleQueueLength.at(-1) ?? 0).toFixed(1);
  return [
    `Environment \`${r.env}\`, horizon ${r.horizon}, ${r.seeds} seeds (mean ± sd); ` +
      `oracle queue length at T: ${oracleQ}.`,
    '',
    '| policy | routing regret at T | queue length at T | queue-length regret at T | satisfaction rate |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
