import {el, href, fmtTime} from '/ui/v1/dom.js';
import {api, enc} from '/ui/v1/api.js';

// Your entities (your own, then your teams) and the projects you may see there.
export async function home(app) {
  const viewer = await api('/api/v1/viewer');
  app.append(el('h1', {}, 'Projects'));
  for (const entity of viewer.entities) {
    const {projects} = await api(`/api/v1/projects/${enc(entity)}`);
    const list = el('ul', {class: 'projects'});
    for (const p of projects) {
      list.append(el('li', {},
        el('a', {href: href(entity, p.name), class: 'project-link'}, p.name),
        el('span', {class: 'badge'}, p.visibility),
        el('span', {class: 'muted'}, ` ${p.runCount} run${p.runCount === 1 ? '' : 's'} · created ${fmtTime(p.createdAt)}`)));
    }
    const team = (viewer.teams || []).find(t => t.name === entity);
    const title = team ? `${entity} (team · ${team.role})` : entity;
    app.append(el('section', {class: 'entity'}, el('h2', {}, title),
      projects.length ? list : el('p', {class: 'muted'},
        'No projects yet: log a run with the SDK (or ./vane demo) and it appears here.')));
  }
}
