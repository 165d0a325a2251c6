import {el, clear, href, colour} from '/ui/v1/dom.js';
import {api, enc} from '/ui/v1/api.js';
import {LineChart, points, num} from '/ui/v1/chart.js';
import uPlot from '/ui/v1/lib/uplot.esm.js';
import {crop} from '/ui/v1/ansi.js';
import {FilterBuilder} from '/ui/v1/filters.js';

const MAX_VISIBLE = 20;

/** The keys charted for some runs: numeric summary values (or aggregate maps), not _ keys. */
export function metricKeys(runs) {
  const keys = new Set();
  for (const r of runs) {
    for (const [k, v] of Object.entries(r.summary || {})) {
      if (k.startsWith('_')) continue;
      if (typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity'
          || (v && typeof v === 'object' && !Array.isArray(v))) {
        keys.add(k);
      }
    }
  }
  return [...keys].sort();
}

/** "a/b/c" goes in section "a/b", "loss" in "Charts", as W&B groups panels. */
export function section(key) {
  const i = key.lastIndexOf('/');
  return i < 0 ? 'Charts' : key.slice(0, i);
}

// The workspace: a run selector and one chart per metric, in sections, live while runs run.
export async function workspace(app, entity, project, onlyRun) {
  const state = {runs: [], hidden: new Set(), search: '', smoothing: 0, log: false,
    range: null, timer: null, cropping: localStorage.getItem('vane.cropping') || 'middle',
    x: '_step', grouped: false};
  const runList = el('div', {class: 'run-list'});
  const searchBox = el('input', {type: 'search', placeholder: 'Search runs (regex)',
    class: 'run-search', oninput: e => { state.search = e.target.value; renderRuns(); drawAll(); }});
  const xSelect = el('select', {class: 'x-axis',
    onchange: e => { state.x = e.target.value; state.range = null; drawAll(); }});
  const controls = el('div', {class: 'controls'},
    el('label', {}, 'Smoothing ', el('input', {type: 'range', min: 0, max: 0.99, step: 0.01,
      value: 0, class: 'smoothing', oninput: e => { state.smoothing = Number(e.target.value); drawAll(); }})),
    el('label', {}, el('input', {type: 'checkbox', class: 'log-scale',
      onchange: e => { state.log = e.target.checked; drawAll(); }}), ' Log scale'),
    el('label', {}, 'X axis ', xSelect),
    onlyRun ? null : el('label', {}, el('input', {type: 'checkbox', class: 'group-lines',
      onchange: e => { state.grouped = e.target.checked; drawAll(); }}), ' Group by group'),
    el('button', {type: 'button', class: 'reset-zoom',
      onclick: () => { state.range = null; drawAll(); }}, 'Reset zoom'),
    onlyRun ? null : el('a', {href: href(entity, project, 'table'), class: 'table-link'}, 'Runs table'));
  const charts = el('div', {class: 'charts'});
  const cropping = el('select', {class: 'cropping', title: 'Crop long run names at their',
    onchange: e => { state.cropping = e.target.value; localStorage.setItem('vane.cropping', e.target.value); renderRuns(); }},
    ...['end', 'middle', 'beginning'].map(m => el('option', {value: m, selected: m === state.cropping}, 'Crop ' + m)));
  const builder = new FilterBuilder(() => runFields(state.runs), async () => {
    await load();
    renderRuns();
    await drawAll();
  });
  const side = onlyRun ? null : el('aside', {class: 'selector'}, searchBox, cropping,
    builder.element, runList);
  app.append(el('div', {class: onlyRun ? 'workspace single' : 'workspace'}, side,
    el('div', {class: 'panels'}, controls, charts)));

  function matches(r) {
    if (!state.search) return true;
    try {
      return new RegExp(state.search, 'i').test(r.name);
    } catch (e) {
      return r.name.includes(state.search);
    }
  }

  function visible() {
    return state.runs.filter(r => matches(r) && !state.hidden.has(r.id)).slice(0, MAX_VISIBLE);
  }

  function renderRuns() {
    if (!side) return;
    let bad = false;
    try { new RegExp(state.search); } catch (e) { bad = true; }
    searchBox.classList.toggle('bad', bad);
    clear(runList);
    state.runs.forEach((r, i) => {
      if (!matches(r)) return;
      const box = el('input', {type: 'checkbox', checked: !state.hidden.has(r.id),
        onchange: e => { e.target.checked ? state.hidden.delete(r.id) : state.hidden.add(r.id); drawAll(); }});
      runList.append(el('div', {class: 'run-item', 'data-run': r.id}, box,
        el('span', {class: 'swatch', style: `background:${colour(i)}`}),
        el('a', {href: href(entity, project, 'runs', r.id), class: 'run-name', title: r.name},
          crop(r.name, state.cropping)),
        el('span', {class: 'state state-' + r.state}, r.state)));
    });
  }

  const chartsByKey = new Map();
  let lastByKey = new Map(); // the series of the latest draw, by key

  async function drawAll() {
    const shown = visible();
    const keys = metricKeys(onlyRun ? state.runs : shown.length ? shown : state.runs);
    clear(charts);
    if (!keys.length) {
      charts.append(el('p', {class: 'muted empty-charts'}, 'No metrics logged yet.'));
      return;
    }
    const sections = new Map();
    for (const k of keys) {
      const s = section(k);
      if (!sections.has(s)) sections.set(s, []);
      sections.get(s).push(k);
    }
    for (const [name, ks] of sections) {
      const grid = el('div', {class: 'chart-grid'});
      charts.append(el('section', {class: 'chart-section'}, el('h3', {}, name), grid));
      for (const k of ks) {
        let c = chartsByKey.get(k);
        if (!c) {
          c = new LineChart(k, (min, max) => { state.range = [min, max]; drawAll(); });
          chartsByKey.set(k, c);
        }
        grid.append(c.box);
      }
    }
    const xOptions = ['_step', '_runtime', '_timestamp', ...keys];
    if (xSelect.options.length !== xOptions.length) {
      clear(xSelect);
      for (const o of xOptions) xSelect.append(el('option', {value: o, selected: o === state.x}, o));
    }
    if (!shown.length) return;
    const asked = state.x === '_step' ? keys : [...new Set([...keys, state.x])];
    // About one bucket per two pixels of a chart: more would not show, and cost bytes.
    const buckets = Math.max(10, Math.min(300, Math.floor(200000 / (shown.length * asked.length))));
    const runs = shown.map(r => r.id);
    const range = state.range ? `&minStep=${state.range[0]}&maxStep=${state.range[1]}` : '';
    const ask = ks => api(`/api/v1/runs/${enc(entity)}/${enc(project)}/sampled?keys=`
      + ks.map(enc).join(',') + '&runs=' + runs.map(enc).join(',') + `&buckets=${buckets}${range}`);
    const byKey = new Map();
    lastByKey = byKey;
    const take = body => {
      for (const s of body.series) {
        if (!byKey.has(s.key)) byKey.set(s.key, []);
        byKey.get(s.key).push(s);
      }
    };
    if (state.x !== '_step') take(await ask([state.x]));
    // One request per chart, a few at a time, each drawn as it arrives: the first chart shows
    // without waiting for the others.
    const queue = keys.slice();
    const worker = async () => {
      for (let k; (k = queue.shift()) !== undefined; ) {
        take(await ask([k]));
        drawKey(k);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    markOnce('vane:all-charts');
  }

  /** Draws one key's chart from the series fetched for it. */
  function drawKey(k) {
    const xOf = new Map();
    if (state.x !== '_step') {
      for (const sr of lastByKey.get(state.x) || []) xOf.set(sr.run, stepMap(sr.buckets));
    }
    let series = (lastByKey.get(k) || []).map(sr => {
      const i = state.runs.findIndex(r => r.id === sr.run);
      const p = points(sr.buckets);
      return {name: state.runs[i].name, colour: colour(i), run: state.runs[i],
        ...(state.x === '_step' ? p : onX(p, xOf.get(sr.run)))};
    });
    if (state.grouped) series = grouped(series);
    chartsByKey.get(k).draw(series, {smoothing: state.smoothing, log: state.log,
      xLabel: state.x, time: state.x === '_timestamp', zoomable: state.x === '_step'});
    markOnce('vane:first-chart');
  }

  async function load() {
    if (onlyRun) {
      state.runs = [await api(`/api/v1/runs/${enc(entity)}/${enc(project)}/${enc(onlyRun)}`)];
    } else {
      const filter = builder.filter();
      const body = await api(`/api/v1/runs/${enc(entity)}/${enc(project)}?limit=200`
        + (filter ? '&filter=' + enc(JSON.stringify(filter)) : ''));
      state.runs = body.runs;
    }
  }

  await load();
  renderRuns();
  await drawAll();
  // Live: while any run runs, read again every 2 s (at most 2 s behind).
  const tick = async () => {
    if (!document.body.contains(charts)) return;
    if (state.runs.some(r => r.state === 'running')) {
      try {
        await load();
        renderRuns();
        await drawAll();
      } catch (e) { /* the next tick tries again */ }
    }
    state.timer = setTimeout(tick, 2000);
  };
  state.timer = setTimeout(tick, 2000);
}

/** A step -> value function from a run's sampled buckets of the x key (linear in between). */
function stepMap(buckets) {
  const steps = [], values = [];
  for (const b of buckets || []) {
    const v = num(b.last);
    if (v != null) { steps.push(b.lastStep); values.push(v); }
  }
  return step => {
    if (!steps.length) return null;
    let lo = 0, hi = steps.length - 1;
    if (step <= steps[0]) return values[0];
    if (step >= steps[hi]) return values[hi];
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (steps[mid] <= step) lo = mid; else hi = mid;
    }
    const f = (step - steps[lo]) / (steps[hi] - steps[lo]);
    return values[lo] + f * (values[hi] - values[lo]);
  };
}

/** Points moved from steps onto another x, sorted by it (uPlot wants x ascending). */
function onX(p, map) {
  const rows = [];
  p.xs.forEach((step, i) => {
    const x = map ? map(step) : null;
    if (x != null) rows.push([x, p.last[i], p.lo[i], p.hi[i]]);
  });
  rows.sort((a, b) => a[0] - b[0]);
  return {xs: rows.map(r => r[0]), last: rows.map(r => r[1]), lo: rows.map(r => r[2]),
    hi: rows.map(r => r[3])};
}

/**
 * One line per group (runs without a group stay their own line): the mean of its runs' values at
 * each x, with a band from the lowest to the highest run, as W&B draws grouped runs.
 */
export function grouped(series) {
  const groups = new Map();
  for (const s of series) {
    const g = s.run.group || '\u0000' + s.run.id;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(s);
  }
  const out = [];
  for (const [g, members] of groups) {
    if (members.length === 1 && g.startsWith('\u0000')) { out.push(members[0]); continue; }
    const data = uPlot.join(members.map(m => [m.xs, m.last]));
    const xs = data[0], last = [], lo = [], hi = [];
    for (let i = 0; i < xs.length; i++) {
      const vs = [];
      for (let j = 1; j < data.length; j++) if (data[j][i] != null) vs.push(data[j][i]);
      last.push(vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null);
      lo.push(vs.length ? Math.min(...vs) : null);
      hi.push(vs.length ? Math.max(...vs) : null);
    }
    out.push({name: `${g} (${members.length} runs)`, colour: members[0].colour, xs, last, lo, hi});
  }
  return out;
}

/** A Performance API mark, once per page load, after the next paint (the benchmark reads them). */
function markOnce(name) {
  if (performance.getEntriesByName(name).length || marked.has(name)) return;
  marked.add(name);
  requestAnimationFrame(() => performance.mark(name));
}
const marked = new Set();

/** The fields a run filter may name, with the config.* and summary.* keys of these runs. */
function runFields(runs) {
  const fields = ['name', 'state', 'tags', 'group', 'jobType', 'createdAt', 'runtimeSeconds'];
  const more = new Set();
  for (const r of runs) {
    Object.keys(r.config || {}).forEach(k => more.add('config.' + k));
    Object.keys(r.summary || {}).filter(k => !k.startsWith('_')).forEach(k => more.add('summary.' + k));
  }
  return fields.concat([...more].sort());
}
