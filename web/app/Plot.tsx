// One diagnostic panel drawn with uPlot on a canvas: points, R's red lowess smoother, the dashed
// reference line, Cook's-distance contours, and the most extreme rows labelled by row number.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { Panel } from './diagnostics.js';

const WIDTH = 440;
const HEIGHT = 320;

export function PanelPlot({ panel }: { panel: Panel }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = target.current;
    if (!element) return undefined;
    const plot = new uPlot(options(panel), data(panel), element);
    return () => plot.destroy();
  }, [panel]);
  return (
    <figure
      class="plot"
      data-points={panel.x.length}
      data-labelled={panel.labelled.map((i) => panel.rows[i]).join(' ')}
    >
      <figcaption>{panel.title}</figcaption>
      <div ref={target} />
    </figure>
  );
}

function data(panel: Panel): uPlot.AlignedData {
  const series: ArrayLike<number | null>[] = [panel.x, panel.y];
  if (panel.smooth) series.push(panel.smooth);
  return series as uPlot.AlignedData;
}

function options(panel: Panel): uPlot.Options {
  const series: uPlot.Series[] = [
    { label: panel.xLabel },
    {
      label: panel.yLabel,
      stroke: '#333',
      paths: () => null,
      points: { show: true, size: 5, space: 0, stroke: '#333', fill: 'transparent', width: 1 },
    },
  ];
  if (panel.smooth) series.push({ label: 'lowess', stroke: '#d62728', width: 1.5, points: { show: false } });
  const [yMin, yMax] = range(panel.y);
  const [xMin, xMax] = range(panel.x);
  return {
    width: WIDTH,
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: () => pad(xMin, xMax) },
      y: { range: () => pad(yMin, yMax) },
    },
    axes: [{ label: panel.xLabel }, { label: panel.yLabel }],
    series,
    hooks: { draw: [(u) => decorate(u, panel)] },
  };
}

/** Reference lines, contours and labels, drawn over the plot area (clipped to it). */
function decorate(u: uPlot, panel: Panel): void {
  const { ctx, bbox } = u;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  const xPos = (v: number) => u.valToPos(v, 'x', true);
  const yPos = (v: number) => u.valToPos(v, 'y', true);
  const [x0, x1] = [u.scales.x?.min ?? 0, u.scales.x?.max ?? 1];
  ctx.setLineDash([4 * dpr, 4 * dpr]);
  ctx.lineWidth = dpr;
  if (panel.line) {
    const { intercept, slope } = panel.line;
    ctx.strokeStyle = '#777';
    ctx.beginPath();
    ctx.moveTo(xPos(x0), yPos(intercept + slope * x0));
    ctx.lineTo(xPos(x1), yPos(intercept + slope * x1));
    ctx.stroke();
  }
  ctx.strokeStyle = '#d62728';
  ctx.fillStyle = '#d62728';
  ctx.font = `${11 * dpr}px sans-serif`;
  for (const level of panel.cookLevels) {
    for (const sign of [1, -1]) {
      ctx.beginPath();
      const from = Math.max(x0, 1e-6);
      for (let k = 0; k <= 100; k++) {
        const h = from + ((x1 - from) * k) / 100;
        if (h <= 0 || h >= 1) continue;
        const y = sign * Math.sqrt((level * panel.rank * (1 - h)) / h);
        if (k === 0) ctx.moveTo(xPos(h), yPos(y));
        else ctx.lineTo(xPos(h), yPos(y));
      }
      ctx.stroke();
      const hEnd = Math.min(x1, 1 - 1e-9);
      ctx.fillText(
        String(level),
        xPos(hEnd) - 22 * dpr,
        yPos(sign * Math.sqrt((level * panel.rank * (1 - hEnd)) / hEnd)),
      );
    }
  }
  ctx.setLineDash([]);
  ctx.fillStyle = '#111';
  for (const i of panel.labelled) {
    ctx.fillText(String(panel.rows[i]), xPos(panel.x[i] as number) + 5 * dpr, yPos(panel.y[i] as number) + 4 * dpr);
  }
  ctx.restore();
}

function range(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

function pad(lo: number, hi: number): [number, number] {
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - 0.06 * span, hi + 0.06 * span];
}
