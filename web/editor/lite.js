// The editor until CodeMirror has loaded (issue 13 item 5). CodeMirror (dist/editor.js, ~110 KB
// gzip) is not needed for the first animated frame, so boot.js loads it after that frame; until
// then the app gets this editor, with the same interface (`create`, `text`; setText,
// setDiagnostics, refreshDiagnostics, highlight, focus): the YAML highlighted exactly as
// CodeMirror will highlight it (the same tokenizer, yaml-tokens.js, and CodeMirror's own
// StringStream), under a transparent textarea that takes clicks, typing, paste and IME input.
// Nothing typed is lost: every input reaches the app as an edit, and when CodeMirror arrives it
// is created with the textarea's text, selection, focus and scroll position in the same task
// (after an IME composition ends), then the textarea goes. Using the editor (focus, pointer,
// key) asks boot.js to load CodeMirror at once. Bundled by build.mjs into dist/lite.js.
import { StringStream } from '@codemirror/streamparser';
import { token, startState, tokenClasses } from './yaml-tokens.js';

// For editor.js (build.mjs): the one copy of the tokenizer.
export { StringStream, token, startState, tokenClasses };

/** [text, class or null] runs of each line, as CodeMirror's StreamLanguage tokenizes them. */
export function tokenize(text) {
  const state = startState();
  return text.split('\n').map((line) => {
    const stream = new StringStream(line, 2, 2);
    const runs = [];
    while (!stream.eol()) {
      stream.start = stream.pos;
      let name = null;
      for (let i = 0; i < 10 && stream.pos === stream.start; i++) name = token(stream, state);
      if (stream.pos === stream.start) stream.pos++; // never loop (CodeMirror throws here)
      const cls = (name && tokenClasses[name]) || null;
      const piece = line.slice(stream.start, stream.pos);
      const last = runs[runs.length - 1];
      if (last && last[1] === cls) last[0] += piece;
      else runs.push([piece, cls]);
    }
    return runs;
  });
}

const el = (tag, cls) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  return e;
};

let loadNow = () => {};
/** boot.js: what to call when the user starts using the editor (load CodeMirror now). */
export function onFirstUse(f) {
  loadNow = f;
}

const live = new Set();
let latest = null;

class Lite {
  constructor(parent, text, onChange, label, readOnly) {
    this.parent = parent;
    this.onChange = onChange;
    this.label = label;
    this.readOnly = readOnly;
    this.diags = null;
    this.why = null;
    this.real = null;
    this.root = el('div', 'cm-editor lite-editor');
    this.scroller = el('div', 'cm-scroller lite-scroller');
    this.gutters = el('div', 'cm-gutters lite-gutters');
    this.gutters.setAttribute('aria-hidden', 'true');
    this.numbers = el('div', 'lite-numbers');
    this.marks = el('div', 'lite-marks');
    this.gutters.append(this.numbers, this.marks);
    this.body = el('div', 'lite-body');
    this.code = el('div', 'lite-code');
    this.code.setAttribute('aria-hidden', 'true');
    this.input = el('textarea', 'lite-input');
    this.input.value = text;
    this.input.spellcheck = false;
    this.input.wrap = 'off';
    this.input.readOnly = readOnly;
    this.input.setAttribute('autocapitalize', 'off');
    this.input.setAttribute('autocomplete', 'off');
    this.input.setAttribute('data-testid', 'editor');
    this.input.setAttribute('aria-label', label);
    this.body.append(this.code, this.input);
    this.scroller.append(this.gutters, this.body);
    this.root.append(this.scroller);
    parent.append(this.root);
    this.render();
    this.input.addEventListener('input', () => {
      this.onChange(this.input.value);
      if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
    });
    this.input.addEventListener('compositionstart', () => { this.composing = true; });
    this.input.addEventListener('compositionend', () => {
      this.composing = false;
      if (this.pending) setTimeout(() => this.upgrade(this.pending), 0);
    });
    for (const type of ['focus', 'pointerdown', 'keydown']) {
      this.input.addEventListener(type, () => loadNow(), { once: true });
    }
    // Editing, as in CodeMirror (editor.src.js): a pointer down or a key that types starts it,
    // Esc and leaving end it; Tab indents only while editing, else it moves the focus on.
    this.input.addEventListener('pointerdown', () => this.setEditing(true));
    this.input.addEventListener('blur', () => this.setEditing(false));
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.setEditing(false);
      else if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && this.editing && !this.readOnly) {
        e.preventDefault();
        this.indent();
      } else if (!e.ctrlKey && !e.metaKey && !e.altKey && (e.key.length === 1 || ['Enter', 'Backspace', 'Delete'].includes(e.key))) {
        this.setEditing(true);
      }
    });
    this.input.addEventListener('focus', () => this.root.classList.add('cm-focused'));
    this.input.addEventListener('blur', () => this.root.classList.remove('cm-focused'));
    live.add(this);
    latest = this;
  }

  setEditing(on) {
    this.editing = on;
    this.root.toggleAttribute('data-editing', on);
  }

  // Tab: two spaces at the cursor, or before each selected line (CodeMirror's indentMore).
  indent() {
    const input = this.input;
    const { selectionStart: from, selectionEnd: to, value } = input;
    if (from === to) {
      input.setRangeText('  ', from, to, 'end');
    } else {
      const start = value.lastIndexOf('\n', from - 1) + 1;
      const block = value.slice(start, to).replace(/^/gm, '  ');
      input.setRangeText(block, start, to, 'select');
    }
    input.dispatchEvent(new Event('input'));
  }

  render() {
    this.frame = 0;
    const lines = tokenize(this.input.value);
    const [whyFrom, whyTo] = this.why ?? [0, -1];
    const marks = new Map();
    for (const d of this.diags ?? []) {
      const rank = { error: 3, warning: 2 }[d.severity] ?? 1;
      if ((marks.get(d.line)?.rank ?? 0) < rank) marks.set(d.line, { rank, severity: d.severity });
    }
    const code = [];
    const numbers = [];
    const gutter = [];
    lines.forEach((runs, i) => {
      const n = i + 1;
      const line = el('div', n >= whyFrom && n <= whyTo ? 'cm-line cm-why' : 'cm-line');
      for (const [t, cls] of runs) {
        if (!cls) line.append(t);
        else {
          const s = el('span', cls);
          s.textContent = t;
          line.append(s);
        }
      }
      if (!runs.length) line.append(el('br'));
      code.push(line);
      const num = el('div', 'cm-gutterElement');
      num.textContent = String(n);
      numbers.push(num);
      const m = marks.get(n);
      const mark = el('div', m ? `cm-gutterElement lite-mark lite-mark-${m.severity}` : 'cm-gutterElement');
      mark.textContent = '\u200b'; // one line high, like the number beside it
      gutter.push(mark);
    });
    this.code.replaceChildren(...code);
    this.numbers.replaceChildren(...numbers);
    this.marks.replaceChildren(...gutter);
  }

  getText() {
    return this.real ? this.real.getText() : this.input.value;
  }

  setText(text) {
    if (this.real) return this.real.setText(text);
    if (text === this.input.value) return;
    this.input.value = text;
    this.render();
  }

  setDiagnostics(diags) {
    if (this.real) return this.real.setDiagnostics(diags);
    this.diags = diags;
    this.render();
  }

  refreshDiagnostics() {
    if (this.real) return this.real.refreshDiagnostics();
    this.render();
  }

  highlight(first, last) {
    if (this.real) return this.real.highlight(first, last);
    this.why = first ? [first, last] : null;
    this.render();
    const line = first && this.code.children[first - 1];
    if (line) this.scroller.scrollTop = Math.max(0, line.offsetTop - this.scroller.clientHeight / 2);
  }

  focus() {
    if (this.real) return this.real.focus();
    this.input.focus();
  }

  /** Replaces this editor by CodeMirror's (module = dist/editor.js), keeping what the user did. */
  upgrade(module) {
    if (this.real) return;
    if (this.composing) {
      this.pending = module;
      return;
    }
    this.pending = null;
    const input = this.input;
    const focused = document.activeElement === input;
    const { selectionStart: from, selectionEnd: to, selectionDirection: dir } = input;
    const top = this.scroller.scrollTop;
    const left = this.scroller.scrollLeft;
    // Created next to this one and swapped in the same task: no frame shows neither or both.
    const real = module.create(this.parent, input.value, this.onChange, this.label, this.readOnly);
    if (this.diags) real.setDiagnostics(this.diags);
    if (this.why) real.highlight(this.why[0], this.why[1]);
    const view = real.view;
    if (view) {
      const [anchor, head] = dir === 'backward' ? [to, from] : [from, to];
      const len = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(anchor, len), head: Math.min(head, len) } });
      view.scrollDOM.scrollTop = top;
      view.scrollDOM.scrollLeft = left;
    }
    if (this.editing && view) view.dom.setAttribute('data-editing', '');
    this.real = real;
    this.root.remove();
    live.delete(this);
    if (focused) real.focus();
  }
}

/** The editor the app holds: its methods go to CodeMirror's editor once that has taken over. */
export function create(parent, text, onChange, label, readOnly) {
  return new Lite(parent, text, onChange, label, !!readOnly);
}

/** The text of the most recently created editor (for browser tests and tools). */
export function text() {
  return latest ? latest.getText() : null;
}

/** Hands every editor still shown to CodeMirror (boot.js, when dist/editor.js has loaded). */
export function upgrade(module) {
  for (const lite of [...live]) lite.upgrade(module);
}

/** Whether CodeMirror has taken over (every editor created so far). */
export function upgraded() {
  return live.size === 0;
}
