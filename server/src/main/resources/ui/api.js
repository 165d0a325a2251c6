// The HTTP API with the session cookie. Changes carry a header a cross-site form cannot send.
export async function api(path, options = {}) {
  const headers = {'Accept': 'application/json', 'X-Requested-With': 'vane'};
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method || 'GET',
    credentials: 'same-origin',
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
  });
  if (res.status === 401) {
    location.href = '/login?next=' + encodeURIComponent(location.pathname);
    throw new Error('not logged in');
  }
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error((body && body.error && body.error.message) || res.statusText);
  return body;
}

export const enc = encodeURIComponent;

export function runPath(e, p, id) {
  return `/api/v1/runs/${enc(e)}/${enc(p)}/${enc(id)}`;
}

// Whether the signed-in user may change runs of the project (a team's viewer may only read).
export async function canWrite(entity, project) {
  const p = await api(`/api/v1/projects/${enc(entity)}/${enc(project)}`);
  return p.access !== 'read';
}
