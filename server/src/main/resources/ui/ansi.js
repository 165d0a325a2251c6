import {el} from '/ui/v1/dom.js';

// ANSI SGR colour codes of a log line into spans with classes: the text itself always goes in as
// text; only the codes choose a class from a fixed set.
const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

export function ansiSpans(text) {
  const out = [];
  let fg = null, bold = false;
  const re = /\u001b\[([0-9;]*)m/g;
  let last = 0, m;
  const push = s => {
    if (!s) return;
    const cls = [fg ? 'ansi-' + fg : null, bold ? 'ansi-bold' : null].filter(Boolean).join(' ');
    out.push(cls ? el('span', {class: cls}, s) : s);
  };
  while ((m = re.exec(text)) !== null) {
    push(text.slice(last, m.index));
    last = re.lastIndex;
    for (const code of (m[1] || '0').split(';').map(Number)) {
      if (code === 0) { fg = null; bold = false; }
      else if (code === 1) bold = true;
      else if (code === 22) bold = false;
      else if (code >= 30 && code <= 37) fg = COLOURS[code - 30];
      else if (code >= 90 && code <= 97) fg = 'bright-' + COLOURS[code - 90];
      else if (code === 39) fg = null;
    }
  }
  push(text.slice(last));
  // Other escape sequences (cursor moves) have no meaning in a log: left out.
  return out.map(p => typeof p === 'string' ? p.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') : p);
}

/** Crops a name to at most max characters at its end, middle (W&B's default) or beginning. */
export function crop(name, mode, max = 30) {
  if (name.length <= max) return name;
  if (mode === 'end') return name.slice(0, max - 1) + '…';
  if (mode === 'beginning') return '…' + name.slice(name.length - max + 1);
  const head = Math.ceil((max - 1) / 2), tail = Math.floor((max - 1) / 2);
  return name.slice(0, head) + '…' + name.slice(name.length - tail);
}
