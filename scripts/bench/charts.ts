/**
 * Line charts as SVG files, drawn by the benchmark itself (no charting dependency):
 * people read a chart faster than a table.
 */
export interface Series {
  name: string;
  points: Array<[x: number, y: number]>;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
}

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { top: 48, right: 170, bottom: 56, left: 72 };
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round step for about five ticks up to `max`. */
function niceStep(max: number): number {
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough || 1));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((step) => step >= rough) ?? magnitude * 10;
}

/** Renders the series over the x values they share, evenly spaced (concurrency and counts grow geometrically). */
export function lineChart(spec: ChartSpec): string {
  const xs = [...new Set(spec.series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  const yMax = Math.max(1, ...spec.series.flatMap((s) => s.points.map(([, y]) => y)).filter(Number.isFinite));
  const step = niceStep(yMax);
  const top = Math.ceil(yMax / step) * step;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xAt = (x: number) => MARGIN.left + (xs.length === 1 ? plotW / 2 : (xs.indexOf(x) / (xs.length - 1)) * plotW);
  const yAt = (y: number) => MARGIN.top + plotH - (y / top) * plotH;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escape(spec.title)}</text>`,
  ];
  for (let y = 0; y <= top + 1e-9; y += step) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${yAt(y)}" y2="${yAt(y)}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 8}" y="${yAt(y) + 4}" text-anchor="end">${Number(y.toFixed(2))}</text>`,
    );
  }
  for (const x of xs) {
    parts.push(`<text x="${xAt(x)}" y="${MARGIN.top + plotH + 20}" text-anchor="middle">${x.toLocaleString('en')}</text>`);
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#374151"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#374151"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escape(spec.xLabel)}</text>`,
    `<text x="18" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 18 ${MARGIN.top + plotH / 2})">${escape(spec.yLabel)}</text>`,
  );
  spec.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = series.points.filter(([, y]) => Number.isFinite(y));
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map(([x, y]) => `${xAt(x)},${yAt(y)}`).join(' ')}"/>`,
      ...points.map(([x, y]) => `<circle cx="${xAt(x)}" cy="${yAt(y)}" r="3.5" fill="${colour}"/>`),
      `<line x1="${WIDTH - MARGIN.right + 16}" x2="${WIDTH - MARGIN.right + 36}" y1="${MARGIN.top + 10 + i * 20}" y2="${MARGIN.top + 10 + i * 20}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${WIDTH - MARGIN.right + 42}" y="${MARGIN.top + 14 + i * 20}">${escape(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
