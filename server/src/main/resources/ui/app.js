import {el, clear, href} from '/ui/v1/dom.js';
import {home} from '/ui/v1/home.js';
import {workspace} from '/ui/v1/workspace.js';
import {table} from '/ui/v1/table.js';
import {runPage} from '/ui/v1/run.js';

// The pinned URLs: /, /E/P (workspace), /E/P/table, /E/P/runs/ID[/TAB].
const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
const app = document.getElementById('app');
const crumbs = document.getElementById('crumbs');

function crumb(...items) {
  clear(crumbs);
  items.forEach((it, i) => {
    if (i) crumbs.append(' / ');
    crumbs.append(it.href ? el('a', {href: it.href}, it.text) : el('span', {}, it.text));
  });
}

async function route() {
  clear(app);
  try {
    if (parts.length === 0) {
      crumb();
      await home(app);
    } else if (parts.length === 2) {
      crumb({text: parts[0]}, {text: parts[1], href: href(parts[0], parts[1])});
      await workspace(app, parts[0], parts[1]);
    } else if (parts.length === 3 && parts[2] === 'table') {
      crumb({text: parts[0]}, {text: parts[1], href: href(parts[0], parts[1])}, {text: 'table'});
      await table(app, parts[0], parts[1]);
    } else if (parts.length >= 4 && parts[2] === 'runs') {
      crumb({text: parts[0]}, {text: parts[1], href: href(parts[0], parts[1])},
        {text: parts[3], href: href(parts[0], parts[1], 'runs', parts[3])});
      await runPage(app, parts[0], parts[1], parts[3], parts[4] || 'overview');
    } else {
      app.append(el('p', {class: 'error'}, 'No such page.'));
    }
  } catch (e) {
    app.append(el('p', {class: 'error'}, String(e.message || e)));
  }
}

route();
