import uPlot from '/ui/v1/lib/uplot.esm.js';
import {el, clear} from '/ui/v1/dom.js';

// One line chart of a key for several runs, from sampled buckets: the line is each bucket's last
// value, and a band between its min and max keeps every spike visible.
export class LineChart {
  constructor(title, onZoom) {
    this.title = title;
    this.onZoom = onZoom;
    this.box = el('div', {class: 'chart', 'data-key': title});
    this.plotBox = el('div', {class: 'plot'});
    this.box.append(el('div', {class: 'chart-title'}, title), this.plotBox);
    this.plot = null;
  }

  /**
   * Draws the series: [{name, colour, xs, last, lo, hi}], each with its x values ascending; the
   * line is {@code last}, the band spans {@code lo} to {@code hi}.
   * options: {smoothing (0..1), log (bool), xLabel, time (x is Unix seconds), zoomable}
   */
  draw(series, options) {
    const tables = series.map(s => [s.xs, smooth(s.last, options.smoothing), s.lo, s.hi]);
    // How many points are drawn: for tests and for an empty-chart hint.
    this.box.dataset.points = String(series.reduce((n, s) => n + s.xs.length, 0));
    const data = tables.length ? uPlot.join(tables) : [[]];
    const uSeries = [{label: options.xLabel || 'step'}];
    const bands = [];
    series.forEach((s, i) => {
      const base = 1 + i * 3;
      uSeries.push({label: s.name, stroke: s.colour, width: 1.5, spanGaps: true});
      uSeries.push({label: s.name + ' min', stroke: 'transparent', spanGaps: true, show: true});
      uSeries.push({label: s.name + ' max', stroke: 'transparent', spanGaps: true, show: true});
      bands.push({series: [base + 2, base + 1], fill: s.colour + '22'});
    });
    const width = Math.max(260, this.plotBox.clientWidth || 420);
    const opts = {
      width, height: 220,
      scales: {x: {time: !!options.time}, y: {distr: options.log ? 3 : 1}},
      series: uSeries,
      bands,
      legend: {live: true},
      cursor: {drag: {x: true, y: false}},
      hooks: {setSelect: [u => {
        if (u.select.width > 0 && this.onZoom && options.zoomable !== false) {
          const min = Math.floor(u.posToVal(u.select.left, 'x'));
          const max = Math.ceil(u.posToVal(u.select.left + u.select.width, 'x'));
          this.onZoom(min, max);
        }
      }]},
    };
    if (this.plot) this.plot.destroy();
    clear(this.plotBox);
    this.plot = new uPlot(opts, data, this.plotBox);
    // The min/max series draw only the band; their legend rows would be noise.
    this.plotBox.querySelectorAll('.u-legend tr.u-series').forEach((tr, i) => {
      if (i > 0 && (i - 1) % 3 !== 0) tr.classList.add('band-row');
    });
  }
}

export function num(v) {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity' || v == null) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Exponential moving average, W&B's default smoothing; weight 0 leaves the line as it is. */
/** A run's buckets as points at their last step: x, the last value and the min and max. */
export function points(buckets) {
  const xs = [], last = [], lo = [], hi = [];
  for (const b of buckets) {
    xs.push(b.lastStep != null ? b.lastStep : b.lastRuntime);
    last.push(num(b.last));
    lo.push(num(b.min));
    hi.push(num(b.max));
  }
  return {xs, last, lo, hi};
}

export function smooth(values, weight) {
  if (!weight) return values;
  const out = [];
  let last = null, n = 0;
  for (const v of values) {
    if (v == null) { out.push(null); continue; }
    last = (last == null ? 0 : last) * weight + (1 - weight) * v;
    n++;
    out.push(last / (1 - Math.pow(weight, n))); // debiased, so the start is not pulled to 0
  }
  return out;
}
