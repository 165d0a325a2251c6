import {el, href, fmtTime} from '/ui/v1/dom.js';
import {api, enc} from '/ui/v1/api.js';

// Your entities and their projects.
export async function home(app) {
  const viewer = await api('/api/v1/viewer');
  app.append(el('h1', {}, 'Projects'));
  for (const entity of viewer.entities) {
    const {projects} = await api(`/api/v1/projects/${enc(entity)}`);
    const list = el('ul', {class: 'projects'});
    for (const p of projects) {
      list.append(el('li', {},
        el('a', {href: href(entity, p.name), class: 'project-link'}, p.name),
        el('span', {class: 'muted'}, ` ${p.runCount} runs · created ${fmtTime(p.createdAt)}`)));
    }
    app.append(el('section', {class: 'entity'}, el('h2', {}, entity),
      projects.length ? list : el('p', {class: 'muted'},
        'No projects yet: log a run with the SDK (or ./vane demo) and it appears here.')));
  }
}
