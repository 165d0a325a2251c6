import {el, clear, href, fmtTime, fmtDuration, fmtValue, colour} from '/ui/v1/dom.js';
import {api, enc, runPath, canWrite} from '/ui/v1/api.js';
import {confirmDialog} from '/ui/v1/dialog.js';
import {workspace} from '/ui/v1/workspace.js';
import {LineChart, points} from '/ui/v1/chart.js';
import {ansiSpans} from '/ui/v1/ansi.js';

const TABS = ['overview', 'charts', 'system', 'logs', 'files', 'artifacts'];

// A run's page: Overview, Charts, System, Logs, Files, Artifacts.
export async function runPage(app, entity, project, id, tab) {
  const path = runPath(entity, project, id);
  let run = await api(path);
  const writable = await canWrite(entity, project);
  const tabs = el('nav', {class: 'tabs'});
  for (const t of TABS) {
    const url = href(entity, project, 'runs', id) + (t === 'overview' ? '' : '/' + t);
    tabs.append(el('a', {href: url, class: t === tab ? 'tab active' : 'tab', 'data-tab': t},
      t[0].toUpperCase() + t.slice(1)));
  }
  const title = el('h1', {class: 'run-title'}, run.name);
  const stateBadge = el('span', {class: 'state state-' + run.state}, run.state);
  const actions = el('div', {class: 'run-actions'});
  const body = el('div', {class: 'tab-body'});
  app.append(el('div', {class: 'run-head'}, title, stateBadge, actions), tabs, body);

  function renderActions() {
    clear(actions);
    if (!writable) return; // a viewer reads only
    if (run.state === 'running' && !run.stopped) {
      actions.append(el('button', {type: 'button', class: 'stop-run', onclick: async () => {
        run = await api(path + '/stop', {method: 'POST'});
        renderActions();
      }}, 'Stop'));
    } else if (run.stopped && run.state === 'running') {
      actions.append(el('span', {class: 'muted'}, 'stopping…'));
    }
    actions.append(el('button', {type: 'button', class: 'delete-run danger', onclick: async () => {
      if (await confirmDialog(`Delete run ${run.name}? Its history and files are deleted too.`)) {
        await api(path, {method: 'DELETE'});
        location.href = href(entity, project);
      }
    }}, 'Delete'));
  }
  renderActions();

  if (tab === 'overview') overview(body, entity, project, run, writable, updated => {
    run = updated;
    title.textContent = run.name;
  });
  else if (tab === 'charts') await workspace(body, entity, project, id);
  else if (tab === 'system') await system(body, path);
  else if (tab === 'logs') await logs(body, path);
  else if (tab === 'files') await files(body, path);
  else body.append(el('p', {class: 'muted empty-artifacts'}, 'No artifacts logged or used by this run yet.'));
}

function row(label, value, cls) {
  return el('tr', {class: cls}, el('th', {}, label), el('td', {}, value));
}

function overview(body, entity, project, run, writable, onChange) {
  const path = runPath(entity, project, run.id);
  const m = run.metadata || {};
  const patch = async fields => onChange(run = await api(path, {method: 'PATCH', json: fields}));
  const nameCell = el('span', {class: 'name-value'}, run.name);
  const rename = el('button', {type: 'button', class: 'rename icon', title: 'Rename', onclick: async () => {
    const name = prompt('New name', run.name);
    if (name && name.trim()) { await patch({name: name.trim()}); nameCell.textContent = run.name; }
  }}, '✎');
  const notes = el('span', {class: 'notes-value'}, run.notes || '');
  const notesEdit = el('button', {type: 'button', class: 'edit-notes icon', title: 'Edit description', onclick: () => {
    const area = el('textarea', {class: 'notes-editor', rows: 3}, run.notes || '');
    const save = el('button', {type: 'button', class: 'save-notes', onclick: async () => {
      await patch({notes: area.value});
      notes.textContent = run.notes || '';
      area.remove(); save.remove();
    }}, 'Save');
    notes.after(area, save);
  }}, '✎');
  const tagList = el('span', {class: 'tags'});
  const renderTags = () => {
    clear(tagList);
    for (const t of run.tags || []) {
      tagList.append(el('span', {class: 'tag'}, t, writable ? el('button', {type: 'button', class: 'remove-tag',
        title: 'Remove tag', onclick: async () => { await patch({tags: run.tags.filter(x => x !== t)}); renderTags(); }}, '×') : null));
    }
    if (!writable) return;
    const input = el('input', {type: 'text', class: 'add-tag', placeholder: '+ tag', onkeydown: async e => {
      if (e.key === 'Enter' && e.target.value.trim()) {
        await patch({tags: [...new Set([...(run.tags || []), e.target.value.trim()])]});
        renderTags();
      }
    }});
    tagList.append(input);
  };
  renderTags();
  const git = m.git || {};
  const hardware = [m.cpu && m.cpu.model, m.cpu && `${m.cpu.logicalCores} cores`,
    m.memory && `${(m.memory.totalBytes / 2 ** 30).toFixed(1)} GiB`,
    (m.gpus || []).map(g => g.name).join(', ')].filter(Boolean).join(' · ');
  const fields = el('table', {class: 'overview'},
    row('Name', writable ? [nameCell, ' ', rename] : nameCell),
    row('Description', writable ? [notes, ' ', notesEdit] : notes),
    row('State', run.state),
    row('Author', m.username || run.entity),
    row('Start time', fmtTime(run.createdAt)),
    row('Runtime', fmtDuration(run.runtimeSeconds)),
    row('Duration', fmtDuration(run.durationSeconds)),
    row('Run path', `${run.entity}/${run.project}/${run.id}`),
    row('Tags', tagList),
    run.group ? row('Group', el('a', {href: href(entity, project) + '?group=' + encodeURIComponent(run.group)}, run.group)) : null,
    run.jobType ? row('Job type', run.jobType) : null,
    run.forkedFrom ? row('Forked from', el('a', {href: href(entity, project, 'runs', run.forkedFrom.run),
      class: 'forked-from'}, `${run.forkedFrom.run} at step ${run.forkedFrom.step}`)) : null,
    m.program ? row('Command', [m.program, ...(m.args || [])].join(' ')) : null,
    git.remote ? row('Git repository', git.remote) : null,
    git.commit ? row('Git commit', git.commit + (git.dirty ? ' (dirty)' : '')) : null,
    m.host ? row('Host', m.host) : null,
    m.os ? row('OS', m.os) : null,
    m.executable ? row('Executable', m.executable) : null,
    m.java ? row('Java version', `${m.java} (${m.javaVendor || ''})`) : null,
    hardware ? row('System hardware', hardware) : null,
    m.vane ? row('Vane version', m.vane) : null);
  body.append(fields,
    el('h2', {}, 'Config'), kvTable(run.config, 'config-table'),
    el('h2', {}, 'Summary'), kvTable(run.summary, 'summary-table'));
}

function kvTable(map, cls) {
  const t = el('table', {class: 'kv ' + cls});
  for (const [k, v] of Object.entries(map || {})) t.append(row(k, fmtValue(v)));
  return t;
}

async function system(body, path) {
  const data = await api(path + '/system/sampled?buckets=500');
  const keys = Object.keys(data.series).sort();
  if (!keys.length) {
    body.append(el('p', {class: 'muted'}, 'No system metrics yet (sampled every 15 s by default).'));
    return;
  }
  const grid = el('div', {class: 'chart-grid'});
  body.append(grid);
  for (const k of keys) {
    const c = new LineChart(k);
    grid.append(c.box);
    const p = points(data.series[k].map(b => ({...b, lastStep: b.lastRuntime})));
    c.draw([{name: k, colour: colour(0), ...p}], {xLabel: 'runtime (s)', zoomable: false});
  }
}

async function logs(body, path) {
  const search = el('input', {type: 'search', class: 'log-search', placeholder: 'Search logs'});
  const pre = el('div', {class: 'log-lines'});
  const download = el('a', {href: path + '/files/output.log', download: 'output.log'}, 'Download output.log');
  body.append(el('div', {class: 'toolbar'}, search, ' ', download), pre);
  let lines = [];
  let offset = 0;
  const render = () => {
    clear(pre);
    const q = search.value.toLowerCase();
    for (const l of lines) {
      if (q && !l.text.toLowerCase().includes(q)) continue;
      pre.append(el('div', {class: 'log-line ' + l.stream, 'data-line': l.line},
        el('span', {class: 'log-time'}, new Date(l.time).toLocaleTimeString()), ' ', ansiSpans(l.text)));
    }
  };
  search.addEventListener('input', render);
  const more = async () => {
    for (;;) {
      const page = await api(`${path}/logs?offset=${offset}&limit=10000`);
      lines = lines.concat(page.lines);
      offset += page.lines.length;
      if (page.nextOffset == null) break;
    }
    render();
  };
  await more();
  // Live tail while the page is open.
  const tick = async () => {
    if (!document.body.contains(pre)) return;
    try { await more(); } catch (e) { /* next time */ }
    setTimeout(tick, 2000);
  };
  setTimeout(tick, 2000);
}


const TEXT = /\.(txt|log|json|csv|tsv|md|yaml|yml|patch|py|java|xml|properties)$/i;
const IMAGE = /\.(png|jpe?g|gif|webp)$/i;

/** A preview under the list: text in a pre (first 64 KiB), images as images. */
async function preview(box, url, name) {
  box.replaceChildren(el('h3', {}, name));
  if (IMAGE.test(name)) {
    box.append(el('img', {src: url, alt: name, class: 'file-image'}));
  } else if (TEXT.test(name)) {
    const res = await fetch(url, {credentials: 'same-origin', headers: {Range: 'bytes=0-65535'}});
    box.append(el('pre', {class: 'file-text'}, await res.text()));
  } else {
    box.append(el('p', {class: 'muted'}, 'No preview for this kind of file.'));
  }
}

async function files(body, path) {
  const {files} = await api(path + '/files');
  const previewBox = el('div', {class: 'file-preview'});
  const t = el('table', {class: 'files-table'}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Size'), el('th', {}, 'Updated')));
  for (const f of files) {
    const url = path + '/files/' + f.name.split('/').map(enc).join('/');
    t.append(el('tr', {'data-file': f.name},
      el('td', {}, el('a', {href: url, class: 'file-link', download: f.name.split('/').pop()}, f.name)),
      el('td', {}, `${f.size} B`), el('td', {}, fmtTime(f.updatedAt)),
      el('td', {}, el('button', {type: 'button', class: 'preview-file',
        onclick: () => preview(previewBox, url, f.name)}, 'Preview'))));
  }
  body.append(files.length ? t : el('p', {class: 'muted'}, 'No files yet.'), previewBox);
}
