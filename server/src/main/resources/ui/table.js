import {el, clear, href, fmtTime, fmtDuration, fmtValue} from '/ui/v1/dom.js';
import {api, enc, runPath, canWrite} from '/ui/v1/api.js';
import {confirmDialog} from '/ui/v1/dialog.js';
import {FilterBuilder} from '/ui/v1/filters.js';

const BASE = [
  {id: 'name', label: 'Name', get: r => r.name},
  {id: 'state', label: 'State', get: r => r.state},
  {id: 'createdAt', label: 'Created', get: r => r.createdAt, show: fmtTime},
  {id: 'runtimeSeconds', label: 'Runtime', get: r => r.runtimeSeconds, show: fmtDuration},
  {id: 'tags', label: 'Tags', get: r => (r.tags || []).join(', ')},
  {id: 'group', label: 'Group', get: r => r.group},
  {id: 'jobType', label: 'Job type', get: r => r.jobType},
];

const PAGE = 100;
const COLUMNS_KEY = 'vane.columns';

// The runs table: server-side filters, order and paging (any number of runs), config.* and
// summary.* columns, select many to tag or delete.
export async function table(app, entity, project) {
  const state = {runs: [], order: '-createdAt', cursor: null, done: false, loading: false,
    selected: new Set(), columns: BASE,
    hiddenColumns: new Set(JSON.parse(localStorage.getItem(COLUMNS_KEY + ':' + entity + '/' + project) || '[]'))};
  const base = `/api/v1/runs/${enc(entity)}/${enc(project)}`;

  const columnsMenu = el('details', {class: 'columns-menu'}, el('summary', {}, 'Columns'));
  const tagInput = el('input', {type: 'text', placeholder: 'tag', class: 'tag-input'});
  const status = el('span', {class: 'muted status'});
  const writable = await canWrite(entity, project);
  const toolbar = el('div', {class: 'toolbar'},
    el('a', {href: href(entity, project)}, 'Workspace'), ' ',
    writable ? tagInput : null,
    writable ? el('button', {type: 'button', class: 'tag-selected', onclick: tagSelected}, 'Tag selected') : null,
    writable ? el('button', {type: 'button', class: 'delete-selected danger', onclick: deleteSelected}, 'Delete selected') : null,
    columnsMenu, status);
  const builder = new FilterBuilder(() => state.columns.map(c => c.id), () => reload());
  const tbl = el('table', {class: 'runs-table'});
  const more = el('button', {type: 'button', class: 'load-more', onclick: () => loadPage()}, 'Load more');
  const error = el('p', {class: 'error filter-error'});
  app.append(toolbar, builder.element, error, el('div', {class: 'table-wrap'}, tbl), more);

  /** The column chooser: a checkbox per column, the choice kept per project. */
  function renderColumnsMenu() {
    const keep = () => localStorage.setItem(COLUMNS_KEY + ':' + entity + '/' + project,
      JSON.stringify([...state.hiddenColumns]));
    columnsMenu.querySelectorAll('label').forEach(l => l.remove());
    for (const c of state.columns) {
      if (c.id === 'name') continue;
      columnsMenu.append(el('label', {class: 'column-choice'}, el('input', {type: 'checkbox',
        value: c.id, checked: !state.hiddenColumns.has(c.id), onchange: e => {
          e.target.checked ? state.hiddenColumns.delete(c.id) : state.hiddenColumns.add(c.id);
          keep();
          render();
        }}), ' ' + c.label));
    }
  }

  function shown() {
    return state.columns.filter(c => !state.hiddenColumns.has(c.id));
  }

  function render() {
    clear(tbl);
    const head = el('tr', {}, el('th', {}, el('input', {type: 'checkbox', class: 'select-all',
      onchange: e => { state.runs.forEach(r => e.target.checked ? state.selected.add(r.id) : state.selected.delete(r.id)); render(); }})));
    for (const c of shown()) {
      const arrow = state.order === '+' + c.id ? ' ▲' : state.order === '-' + c.id ? ' ▼' : '';
      head.append(el('th', {class: 'sortable', 'data-col': c.id, onclick: () => {
        state.order = (state.order === '+' + c.id ? '-' : '+') + c.id;
        reload();
      }}, c.label + arrow));
    }
    tbl.append(el('thead', {}, head));
    const tbody = el('tbody');
    for (const r of state.runs) {
      const tr = el('tr', {'data-run': r.id}, el('td', {}, el('input', {type: 'checkbox', class: 'select-run',
        checked: state.selected.has(r.id),
        onchange: e => { e.target.checked ? state.selected.add(r.id) : state.selected.delete(r.id); }})));
      for (const c of shown()) {
        const v = c.get(r);
        let cell;
        if (c.id === 'name') cell = el('a', {href: href(entity, project, 'runs', r.id), class: 'run-name'}, v);
        else if (c.id === 'state') cell = el('span', {class: 'state state-' + v}, v);
        else cell = c.show ? c.show(v) : fmtValue(v);
        tr.append(el('td', {class: 'col-' + c.id.replace(/[^a-zA-Z0-9]/g, '_')}, cell));
      }
      tbody.append(tr);
    }
    tbl.append(tbody);
    more.hidden = state.done;
    status.textContent = `${state.runs.length}${state.done ? '' : '+'} run(s)`;
  }

  /** Adds config.* and summary.* columns for keys the loaded runs have. */
  function addColumns(runs) {
    const known = new Set(state.columns.map(c => c.id));
    const fresh = [];
    for (const r of runs) {
      for (const k of Object.keys(r.config || {})) {
        if (!known.has('config.' + k)) { known.add('config.' + k); fresh.push({id: 'config.' + k, label: 'config.' + k, get: x => (x.config || {})[k]}); }
      }
      for (const k of Object.keys(r.summary || {})) {
        if (!k.startsWith('_') && !known.has('summary.' + k)) { known.add('summary.' + k); fresh.push({id: 'summary.' + k, label: 'summary.' + k, get: x => (x.summary || {})[k]}); }
      }
    }
    fresh.sort((a, b) => a.id.localeCompare(b.id));
    state.columns = state.columns.concat(fresh);
  }

  async function loadPage() {
    if (state.loading || state.done) return;
    state.loading = true;
    try {
      const filter = builder.filter();
      const q = new URLSearchParams({limit: String(PAGE), order: state.order});
      if (filter) q.set('filter', JSON.stringify(filter));
      if (state.cursor) q.set('cursor', state.cursor);
      const body = await api(`${base}?${q}`);
      error.textContent = '';
      state.runs = state.runs.concat(body.runs);
      state.cursor = body.nextCursor;
      state.done = !body.nextCursor;
      addColumns(body.runs);
      renderColumnsMenu();
      render();
    } catch (e) {
      error.textContent = String(e.message || e);
    } finally {
      state.loading = false;
    }
  }

  async function reload() {
    state.runs = [];
    state.cursor = null;
    state.done = false;
    await loadPage();
  }

  // Scrolling near the end loads the next page, so any number of runs scrolls smoothly.
  new IntersectionObserver(entries => {
    if (entries.some(e => e.isIntersecting)) loadPage();
  }).observe(more);

  async function tagSelected() {
    const tag = tagInput.value.trim();
    if (!tag || !state.selected.size) return;
    for (const id of state.selected) {
      const r = state.runs.find(x => x.id === id);
      const tags = [...new Set([...((r && r.tags) || []), tag])];
      const updated = await api(runPath(entity, project, id), {method: 'PATCH', json: {tags}});
      if (r) Object.assign(r, updated);
    }
    status.textContent = `tagged ${state.selected.size} run(s)`;
    render();
  }

  async function deleteSelected() {
    if (!state.selected.size) return;
    const ok = await confirmDialog(`Delete ${state.selected.size} run(s)? Their history and files are deleted too, and their IDs cannot be used again.`);
    if (!ok) return;
    for (const id of [...state.selected]) {
      await api(runPath(entity, project, id), {method: 'DELETE'});
      state.runs = state.runs.filter(r => r.id !== id);
      state.selected.delete(id);
    }
    render();
    status.textContent = 'deleted';
  }

  await loadPage();
}
