import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart: canvas drawing that stays fast at thousands of points, a ~50 KB bundle, and zoom by
 * dragging. A canvas says nothing to a screen reader, so every chart carries a text summary (`label`)
 * and the pages show the same numbers in a table or a list beside it.
 */
export function Chart(props: {
  label: string;
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const width = () => Math.max(320, element.clientWidth);
    const plot = new uPlot(
      { ...props.options, width: width(), height: props.height ?? 260, axes: themedAxes(props.options.axes) },
      props.data,
      element,
    );
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: props.height ?? 260 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [props.options, props.data, props.height]);
  return <div class="chart" ref={box} role="img" aria-label={props.label} />;
}

/** Axis text in the page's own colour, so the chart reads in light and dark. */
function themedAxes(axes: uPlot.Axis[] | undefined): uPlot.Axis[] {
  const ink = getComputedStyle(document.documentElement).getPropertyValue('--ink').trim() || '#222';
  const grid = getComputedStyle(document.documentElement).getPropertyValue('--grid').trim() || '#ddd';
  const base = axes ?? [{}, {}];
  return base.map((a) => ({ stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, ...a }));
}

/** Distinct series colours that keep 3:1 contrast on both themes' backgrounds. */
export const PALETTE = [
  '#3b73c4',
  '#d9822b',
  '#3f9a5a',
  '#c2455e',
  '#8a63c9',
  '#2f9aa0',
  '#b58a1b',
  '#d0609d',
  '#6e7f2c',
  '#7a7a7a',
];

/**
 * Stacked bars over days: each series is drawn as the running total up to it, top of the stack first,
 * so the lower ones paint over; the legend shows each series' own value, not the running total.
 */
export function stackedBars(
  days: readonly string[],
  series: readonly { label: string; values: readonly number[] }[],
  format: (value: number) => string,
): { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData } {
  const x = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  const totals: number[][] = [];
  let running = days.map(() => 0);
  for (const s of series) {
    running = running.map((r, i) => r + (s.values[i] ?? 0));
    totals.push(running);
  }
  const order = series.map((_, i) => i).reverse();
  const bars = uPlot.paths.bars?.({ size: [0.7, 40], align: 0 });
  return {
    data: [x, ...order.map((i) => totals[i]!)] as uPlot.AlignedData,
    options: {
      scales: { x: { time: true } },
      series: [
        {},
        ...order.map((i) => ({
          label: series[i]!.label,
          stroke: PALETTE[i % PALETTE.length]!,
          fill: PALETTE[i % PALETTE.length]!,
          paths: bars,
          points: { show: false },
          value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
            idx === null ? '—' : format(series[i]!.values[idx] ?? 0),
        })),
      ],
      axes: [{}, { values: (_u, ticks) => ticks.map((t) => format(t)), size: 70 }],
    },
  };
}
