/**
 * Two small hand-written SVG charts (no charting dependency for two figures): grouped bars of
 * latency percentiles per mode, and a line of RSS over the soak.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948'];

export interface BarGroup {
  label: string;
  /** One value per series (NaN/null = not measured). */
  values: (number | null)[];
}

/** Grouped bars on a log10 axis (ms spans four decades between the ceiling and the old path). */
export function barChart(title: string, series: string[], groups: BarGroup[], unit: string): string {
  const width = Math.max(640, 90 + groups.length * (series.length * 14 + 24));
  const height = 360;
  const left = 60;
  const bottom = 300;
  const top = 40;
  const all = groups.flatMap((g) => g.values).filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  const lo = Math.floor(Math.log10(Math.min(...all, 1)));
  const hi = Math.ceil(Math.log10(Math.max(...all, 10)));
  const y = (v: number) => bottom - ((Math.log10(v) - lo) / (hi - lo || 1)) * (bottom - top);
  const parts: string[] = [];
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>`);
  for (let d = lo; d <= hi; d++) {
    const yy = y(10 ** d);
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${yy}" y2="${yy}" stroke="#ddd"/><text x="${left - 6}" y="${yy + 4}" text-anchor="end" font-size="11">${10 ** d} ${esc(unit)}</text>`);
  }
  const groupWidth = (width - left - 20) / Math.max(groups.length, 1);
  groups.forEach((g, gi) => {
    const x0 = left + gi * groupWidth + 8;
    const bw = Math.min(16, (groupWidth - 16) / series.length);
    g.values.forEach((v, si) => {
      if (v === null || !Number.isFinite(v) || v <= 0) return;
      const yy = y(Math.max(v, 10 ** lo));
      parts.push(`<rect x="${x0 + si * bw}" y="${yy}" width="${bw - 2}" height="${bottom - yy}" fill="${COLORS[si % COLORS.length]}"><title>${esc(`${g.label} ${series[si]}: ${v.toFixed(1)} ${unit}`)}</title></rect>`);
    });
    parts.push(`<text x="${x0 + (series.length * bw) / 2}" y="${bottom + 14}" text-anchor="end" font-size="10" transform="rotate(-35 ${x0 + (series.length * bw) / 2} ${bottom + 14})">${esc(g.label)}</text>`);
  });
  series.forEach((s, si) => {
    parts.push(`<rect x="${left + si * 110}" y="${height - 18}" width="10" height="10" fill="${COLORS[si % COLORS.length]}"/><text x="${left + si * 110 + 14}" y="${height - 9}" font-size="11">${esc(s)}</text>`);
  });
  return svg(width, height + 40, parts);
}

/** A line chart of (x, y) points with linear axes. */
export function lineChart(title: string, xLabel: string, yLabel: string, lines: { label: string; points: [number, number][] }[]): string {
  const width = 720;
  const height = 340;
  const left = 70;
  const right = 20;
  const top = 40;
  const bottom = 280;
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1]));
  const [x0, x1] = [Math.min(...xs, 0), Math.max(...xs, 1)];
  const [y0, y1] = [0, Math.max(...ys, 1) * 1.1];
  const x = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * (width - left - right);
  const y = (v: number) => bottom - ((v - y0) / (y1 - y0 || 1)) * (bottom - top);
  const parts: string[] = [`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>`];
  for (let i = 0; i <= 5; i++) {
    const vy = y0 + ((y1 - y0) * i) / 5;
    const vx = x0 + ((x1 - x0) * i) / 5;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(vy)}" y2="${y(vy)}" stroke="#ddd"/><text x="${left - 6}" y="${y(vy) + 4}" text-anchor="end" font-size="11">${vy.toFixed(0)}</text>`);
    parts.push(`<text x="${x(vx)}" y="${bottom + 16}" text-anchor="middle" font-size="11">${vx.toFixed(0)}</text>`);
  }
  parts.push(`<text x="${(left + width) / 2}" y="${bottom + 36}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`);
  parts.push(`<text x="16" y="${(top + bottom) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${(top + bottom) / 2})">${esc(yLabel)}</text>`);
  lines.forEach((l, i) => {
    const d = l.points.map((p, j) => `${j ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"/>`);
    parts.push(`<rect x="${left + i * 160}" y="${height - 12}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${left + i * 160 + 14}" y="${height - 3}" font-size="11">${esc(l.label)}</text>`);
  });
  return svg(width, height, parts);
}

function svg(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}
