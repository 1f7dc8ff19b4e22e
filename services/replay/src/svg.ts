/** Minimal inline-SVG charts for the self-contained HTML report (no scripts, no assets). */

/** One named line of (x, y) points; a null y leaves a gap. */
export interface LineSeries {
  name: string;
  color: string;
  points: [number, number | null][];
}

/** Distinguishable colours, reused in order. */
export const palette = [
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
  '#393b79',
  '#637939',
];

/** Escapes text for HTML and SVG content and attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A short human form of a number for axis ticks and tables. */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 0.01) return v.toFixed(3).replace(/\.?0+$/, '');
  return v.toExponential(1);
}

const W = 560;
const H = 260;
const M = { left: 56, right: 12, top: 28, bottom: 40 };

/** A line chart with axes, ticks, a title and a legend. */
export function lineChart(
  title: string,
  xLabel: string,
  yLabel: string,
  lines: LineSeries[],
): string {
  const pts = lines.flatMap((l) => l.points.filter((p): p is [number, number] => p[1] !== null));
  const xMax = Math.max(1e-9, ...pts.map((p) => p[0]));
  // An all-zero series (an empty queue) gets a 0–1 axis rather than a microscopic one.
  const yMax = Math.max(0, ...pts.map((p) => p[1])) || 1;
  const sx = (x: number): number => M.left + (x / xMax) * (W - M.left - M.right);
  const sy = (y: number): number => H - M.bottom - (y / yMax) * (H - M.top - M.bottom);
  const paths = lines.map((l) => {
    let d = '';
    let pen = 'M';
    for (const [x, y] of l.points) {
      if (y === null) {
        pen = 'M';
        continue;
      }
      d += `${pen}${sx(x).toFixed(1)},${sy(y).toFixed(1)} `;
      pen = 'L';
    }
    return `<path d="${d.trim()}" fill="none" stroke="${l.color}" stroke-width="2"/>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = sy(f * yMax);
    const x = sx(f * xMax);
    return (
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#ddd"/>` +
      `<text x="${M.left - 4}" y="${y + 4}" text-anchor="end">${formatNumber(f * yMax)}</text>` +
      `<text x="${x}" y="${H - M.bottom + 14}" text-anchor="middle">${formatNumber(f * xMax)}</text>`
    );
  });
  return svg(title, [
    ...ticks,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#333"/>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#333"/>`,
    `<text x="${(W + M.left) / 2}" y="${H - 6}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(12 ${(H + M.top - M.bottom) / 2}) rotate(-90)" ` +
      `text-anchor="middle">${escapeXml(yLabel)}</text>`,
    ...paths,
    legend(
      lines.map((l) => [l.name, l.color]),
      M.left + 8,
      M.top + 4,
    ),
  ]);
}

/** Horizontal bars, one per label, with the value printed at the end of each bar. */
export function barChart(
  title: string,
  format: (v: number) => string,
  bars: [string, number, string][],
): string {
  const rowH = 24;
  const height = M.top + bars.length * rowH + 16;
  const max = Math.max(1e-12, ...bars.map((b) => b[1]));
  const x0 = 130;
  const span = W - x0 - 90;
  const rows = bars.map(([label, v, color], i) => {
    const y = M.top + i * rowH;
    const w = (v / max) * span;
    return (
      `<text x="${x0 - 6}" y="${y + 15}" text-anchor="end">${escapeXml(label)}</text>` +
      `<rect x="${x0}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${color}"/>` +
      `<text x="${x0 + w + 4}" y="${y + 15}">${escapeXml(format(v))}</text>`
    );
  });
  return svg(title, rows, height);
}

/** One stacked bar per row (shares summing to one), coloured by key, with a legend. */
export function stackedShares(
  title: string,
  rows: [string, Record<string, number>][],
  colorOf: (key: string) => string,
): string {
  const rowH = 26;
  const keys = [...new Set(rows.flatMap(([, s]) => Object.keys(s)))].sort();
  const legendRows = Math.ceil(keys.length / 3);
  const top = M.top + legendRows * 16 + 6;
  const x0 = 130;
  const span = W - x0 - M.right;
  const bars = rows.map(([label, s], i) => {
    const y = top + i * rowH;
    let x = x0;
    const segs = keys.map((k) => {
      const w = (s[k] ?? 0) * span;
      const seg =
        `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" ` +
        `fill="${colorOf(k)}"><title>${escapeXml(`${label} · ${k}: ${((s[k] ?? 0) * 100).toFixed(1)}%`)}</title></rect>`;
      x += w;
      return seg;
    });
    return `<text x="${x0 - 6}" y="${y + 14}" text-anchor="end">${escapeXml(label)}</text>${segs.join('')}`;
  });
  const items = keys.map((k, i) => {
    const x = M.left + (i % 3) * 170;
    const y = M.top + Math.floor(i / 3) * 16;
    return (
      `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${colorOf(k)}"/>` +
      `<text x="${x + 14}" y="${y}">${escapeXml(k)}</text>`
    );
  });
  return svg(title, [...items, ...bars], top + rows.length * rowH + 8);
}

function legend(items: [string, string][], x: number, y: number): string {
  return items
    .map(
      ([name, color], i) =>
        `<rect x="${x + i * 110}" y="${y}" width="10" height="10" fill="${color}"/>` +
        `<text x="${x + i * 110 + 14}" y="${y + 9}">${escapeXml(name)}</text>`,
    )
    .join('');
}

function svg(title: string, body: string[], height = H): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" ` +
    `height="${height}" font-family="sans-serif" font-size="11" role="img">` +
    `<title>${escapeXml(title)}</title>` +
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">` +
    `${escapeXml(title)}</text>${body.join('')}</svg>`
  );
}
