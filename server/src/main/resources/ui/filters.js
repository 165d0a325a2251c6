import {el, clear} from '/ui/v1/dom.js';

const OPERATORS = {'=': '$eq', '!=': '$ne', '<': '$lt', '<=': '$lte', '>': '$gt', '>=': '$gte',
  'in': '$in', 'not in': '$nin', 'regex': '$regex', 'within last': '$within'};

/** The value as the filter wants it: numbers for numeric fields, lists for in / not in. */
function typed(field, op, text) {
  const one = t => {
    const numeric = field === 'runtimeSeconds' || field.startsWith('config.') || field.startsWith('summary.');
    if (numeric && t.trim() !== '' && !isNaN(Number(t))) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    return t;
  };
  if (op === 'in' || op === 'not in') return text.split(',').map(s => one(s.trim()));
  if (op === 'regex' || op === 'within last') return text;
  return one(text);
}

/** The server's filter document of the rows, joined by AND or OR; null when there are none. */
export function filterOf(rows, join) {
  const parts = rows.filter(r => r.field && r.value !== '')
    .map(r => ({[r.field]: {[OPERATORS[r.op]]: typed(r.field, r.op, r.value)}}));
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0] : {[join === 'or' ? '$or' : '$and']: parts};
}

/**
 * Filter rows (field, operator, value) joined by AND or OR, as the runs table and the workspace's
 * run selector show them. {@code fields()} gives the field names to offer; {@code onApply} runs
 * when the filter changes.
 */
export class FilterBuilder {
  constructor(fields, onApply) {
    this.fields = fields;
    this.onApply = onApply;
    this.rows = [];
    this.join = 'and';
    this.element = el('div', {class: 'filters'});
    this.render();
  }

  filter() {
    return filterOf(this.rows, this.join);
  }

  render() {
    const box = clear(this.element);
    this.rows.forEach((f, i) => {
      const field = el('select', {class: 'filter-field', onchange: e => { f.field = e.target.value; }},
        ...this.fields().map(n => el('option', {value: n, selected: n === f.field}, n)));
      const op = el('select', {class: 'filter-op', onchange: e => { f.op = e.target.value; }},
        ...Object.keys(OPERATORS).map(o => el('option', {value: o, selected: o === f.op}, o)));
      const value = el('input', {type: 'text', class: 'filter-value', value: f.value,
        placeholder: 'value', oninput: e => { f.value = e.target.value; },
        onkeydown: e => { if (e.key === 'Enter') this.onApply(); }});
      box.append(el('div', {class: 'filter-row'},
        el('span', {class: 'muted'}, i === 0 ? 'where' : this.join.toUpperCase()),
        field, op, value,
        el('button', {type: 'button', class: 'remove-filter icon', title: 'Remove',
          onclick: () => { this.rows.splice(i, 1); this.render(); this.onApply(); }}, '×')));
    });
    const join = el('select', {class: 'filter-join',
      onchange: e => { this.join = e.target.value; this.render(); }},
      el('option', {value: 'and', selected: this.join === 'and'}, 'all of (AND)'),
      el('option', {value: 'or', selected: this.join === 'or'}, 'any of (OR)'));
    box.append(el('div', {class: 'filter-actions'},
      el('button', {type: 'button', class: 'add-filter', onclick: () => {
        this.rows.push({field: 'name', op: '=', value: ''});
        this.render();
      }}, '+ Filter'),
      this.rows.length > 1 ? join : null,
      this.rows.length ? el('button', {type: 'button', class: 'apply-filters',
        onclick: () => this.onApply()}, 'Apply') : null));
  }
}
