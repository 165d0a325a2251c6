import {el, clear, href, fmtTime, fmtDuration, fmtValue} from '/ui/v1/dom.js';
import {api, enc, runPath} from '/ui/v1/api.js';
import {confirmDialog} from '/ui/v1/dialog.js';

const BASE = [
  {id: 'name', label: 'Name', get: r => r.name},
  {id: 'state', label: 'State', get: r => r.state},
  {id: 'createdAt', label: 'Created', get: r => r.createdAt, show: fmtTime},
  {id: 'runtimeSeconds', label: 'Runtime', get: r => r.runtimeSeconds, show: fmtDuration},
  {id: 'tags', label: 'Tags', get: r => (r.tags || []).join(', ')},
  {id: 'group', label: 'Group', get: r => r.group},
  {id: 'jobType', label: 'Job type', get: r => r.jobType},
];

function compare(a, b) {
  if (a == null && b == null) return 0;
  if (a == null) return 1; // missing values last
  if (b == null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

// The runs table: sortable columns, config.* and summary.* columns, select many to tag or delete.
export async function table(app, entity, project) {
  const state = {runs: [], sort: 'createdAt', dir: -1, selected: new Set()};
  const body = await api(`/api/v1/runs/${enc(entity)}/${enc(project)}?limit=1000`);
  state.runs = body.runs;
  const configKeys = new Set(), summaryKeys = new Set();
  for (const r of state.runs) {
    Object.keys(r.config || {}).forEach(k => configKeys.add(k));
    Object.keys(r.summary || {}).filter(k => !k.startsWith('_')).forEach(k => summaryKeys.add(k));
  }
  const columns = BASE.concat(
    [...configKeys].sort().map(k => ({id: 'config.' + k, label: 'config.' + k, get: r => (r.config || {})[k]})),
    [...summaryKeys].sort().map(k => ({id: 'summary.' + k, label: 'summary.' + k, get: r => (r.summary || {})[k]})));

  const tagInput = el('input', {type: 'text', placeholder: 'tag', class: 'tag-input'});
  const status = el('span', {class: 'muted status'});
  const toolbar = el('div', {class: 'toolbar'},
    el('a', {href: href(entity, project)}, 'Workspace'), ' ',
    tagInput,
    el('button', {type: 'button', class: 'tag-selected', onclick: tagSelected}, 'Tag selected'),
    el('button', {type: 'button', class: 'delete-selected danger', onclick: deleteSelected}, 'Delete selected'),
    status);
  const tbl = el('table', {class: 'runs-table'});
  app.append(toolbar, el('div', {class: 'table-wrap'}, tbl));

  function render() {
    clear(tbl);
    const head = el('tr', {}, el('th', {}, el('input', {type: 'checkbox', class: 'select-all',
      onchange: e => { state.runs.forEach(r => e.target.checked ? state.selected.add(r.id) : state.selected.delete(r.id)); render(); }})));
    for (const c of columns) {
      const arrow = state.sort === c.id ? (state.dir > 0 ? ' ▲' : ' ▼') : '';
      head.append(el('th', {class: 'sortable', 'data-col': c.id,
        onclick: () => { state.dir = state.sort === c.id ? -state.dir : 1; state.sort = c.id; render(); }},
        c.label + arrow));
    }
    tbl.append(el('thead', {}, head));
    const col = columns.find(c => c.id === state.sort);
    const rows = [...state.runs].sort((a, b) => state.dir * compare(col.get(a), col.get(b)));
    const tbody = el('tbody');
    for (const r of rows) {
      const tr = el('tr', {'data-run': r.id}, el('td', {}, el('input', {type: 'checkbox', class: 'select-run',
        checked: state.selected.has(r.id),
        onchange: e => { e.target.checked ? state.selected.add(r.id) : state.selected.delete(r.id); }})));
      for (const c of columns) {
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
  }

  async function tagSelected() {
    const tag = tagInput.value.trim();
    if (!tag || !state.selected.size) return;
    for (const id of state.selected) {
      const r = state.runs.find(x => x.id === id);
      const tags = [...new Set([...(r.tags || []), tag])];
      Object.assign(r, await api(runPath(entity, project, id), {method: 'PATCH', json: {tags}}));
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
    status.textContent = 'deleted';
    render();
  }

  render();
}
