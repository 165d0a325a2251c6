// Builds DOM nodes. Text always goes in as text nodes, never as HTML, so whatever a run sends
// (names, tags, config, log lines) is shown as the characters it is.
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'style') e.style.cssText = v; // CSSOM: allowed by the page's CSP
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

export function append(parent, children) {
  for (const c of [children].flat(Infinity)) {
    if (c == null || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

export function clear(e) {
  while (e.firstChild) e.firstChild.remove();
  return e;
}

/** A path of this site from its segments, each encoded. */
export function href(...segments) {
  return '/' + segments.map(s => encodeURIComponent(s)).join('/');
}

export const PALETTE = ['#5387dd', '#da4c4c', '#479a5f', '#e87b35', '#8e6bd1', '#2fa4a9',
  '#c95bab', '#7f8c34', '#d1a019', '#5b6b7f', '#b5533c', '#3a7fc1'];

export function colour(i) {
  return PALETTE[i % PALETTE.length];
}

export function fmtTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function fmtDuration(seconds) {
  if (seconds == null) return '';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h ? `${h}h ${m}m ${r}s` : m ? `${m}m ${r}s` : `${r}s`;
}

export function fmtValue(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(5)));
  if (v && typeof v === 'object') return JSON.stringify(v);
  return v == null ? '' : String(v);
}
