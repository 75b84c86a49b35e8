// The playground's editor: CodeMirror 6 with YAML highlighting, line numbers, undo, search, a
// lint gutter fed with the manifest front end's diagnostics, and Tab = two spaces. Only what
// the app uses is imported (no bracket matching, selection-match highlighting, autocompletion
// or folding): the bundle is part of every first load (docs/sizes.md). Bundled by
// build.mjs (esbuild) into dist/editor.js; boot.js exposes it to the wasm app as
// `window.podlifeEditor`. Styles are injected as constructed stylesheets (allowed by the CSP).
import {
  EditorState, StateEffect, StateField, RangeSetBuilder, Compartment, codePointAt, fromCodePoint,
  codePointSize, EditorSelection, Facet, combineConfig, CharCategory, Prec, findClusterBreak,
} from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, Decoration, getDialog, showDialog, ViewPlugin, showPanel, runScopeHandlers,
  getPanel,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from '@codemirror/commands';
import { indentUnit, syntaxHighlighting } from '@codemirror/language';
import { yamlLanguage } from './yaml-mode.js';
import { lintGutter, setDiagnostics, lintKeymap, forEachDiagnostic } from '@codemirror/lint';
import { classHighlighter } from '@lezer/highlight';

const setWhy = StateEffect.define();
// Lines highlighted by a "why" explanation: [first, last] (1-based) or null.
const whyField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setWhy)) continue;
      if (!e.value) return Decoration.none;
      const b = new RangeSetBuilder();
      const doc = tr.state.doc;
      const first = Math.max(1, Math.min(e.value[0], doc.lines));
      const last = Math.max(first, Math.min(e.value[1], doc.lines));
      for (let l = first; l <= last; l++) {
        b.add(doc.line(l).from, doc.line(l).from, Decoration.line({ class: 'cm-why' }));
      }
      deco = b.finish();
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// Search (Ctrl+F, F3, Ctrl+G, Ctrl+D, Ctrl+Shift+L, Ctrl+Alt+G) is loaded on its first key
// press: @codemirror/search is ~6 KB gzip of the first load that most visits never use. Until
// then these keys load it, install its own keymap (searchKeymap, consulted before this one)
// and run the command; afterwards searchKeymap handles them itself.
const searchSlot = new Compartment();
let searchModule = null;
const searchReady = new WeakSet(); // views whose searchSlot holds searchKeymap
function lazySearch(command) {
  return (view) => {
    // dist/search.js (build.mjs), next to this file; it takes CodeMirror from `cm` below.
    if (!searchModule) searchModule = import(new URL('search.js', import.meta.url).href);
    searchModule.then((m) => {
      if (!searchReady.has(view)) {
        searchReady.add(view);
        view.dispatch({ effects: searchSlot.reconfigure(keymap.of(m.searchKeymap)) });
      }
      m[command](view);
    }).catch(() => { searchModule = null; });
    return true;
  };
}
const lazySearchKeymap = [
  { key: 'Mod-f', run: lazySearch('openSearchPanel'), scope: 'editor search-panel' },
  { key: 'F3', run: lazySearch('findNext'), shift: lazySearch('findPrevious'), scope: 'editor search-panel', preventDefault: true },
  { key: 'Mod-g', run: lazySearch('findNext'), shift: lazySearch('findPrevious'), scope: 'editor search-panel', preventDefault: true },
  { key: 'Mod-Shift-l', run: lazySearch('selectSelectionMatches') },
  { key: 'Mod-Alt-g', run: lazySearch('gotoLine') },
  { key: 'Mod-d', run: lazySearch('selectNextOccurrence'), preventDefault: true },
];

// Keyboard users reach the editor with Tab and leave it with Tab: Tab and Shift-Tab indent only
// while the user is editing (pointer down in the editor, a key that types, or any change they
// make); Esc and leaving the editor end editing, so Esc then Tab always moves on. The state is
// the `data-editing` attribute of the editor (the page's hint shows it).
const isEditing = (view) => view.dom.hasAttribute('data-editing');
function setEditing(view, on) {
  if (on === isEditing(view)) return;
  if (on) view.dom.setAttribute('data-editing', '');
  else view.dom.removeAttribute('data-editing');
}
const TYPING_KEYS = new Set(['Enter', 'Backspace', 'Delete']);
const editingTracker = [
  EditorView.domEventHandlers({
    pointerdown(_e, view) { setEditing(view, true); return false; },
    keydown(e, view) {
      if (e.key === 'Escape') setEditing(view, false);
      else if (!e.ctrlKey && !e.metaKey && !e.altKey && (e.key.length === 1 || TYPING_KEYS.has(e.key))) setEditing(view, true);
      return false;
    },
    blur(_e, view) { setEditing(view, false); return false; },
  }),
  EditorView.updateListener.of((u) => {
    if (u.transactions.some((tr) => tr.isUserEvent('input') || tr.isUserEvent('delete') || tr.isUserEvent('undo') || tr.isUserEvent('redo'))) {
      setEditing(u.view, true);
    }
  }),
];

// Tab inserts two spaces at the cursor (indents a selection); Shift-Tab dedents; both only while
// editing (else the browser moves focus).
function tab(view) {
  if (view.state.readOnly || !isEditing(view)) return false;
  if (view.state.selection.ranges.some((r) => !r.empty)) return indentMore(view);
  view.dispatch(view.state.replaceSelection('  '), { scrollIntoView: true, userEvent: 'input' });
  return true;
}

// A change that replaces the whole document (a paste over a select-all, setText) becomes the
// smallest change giving the same text: lines that did not change keep their DOM and their
// diagnostics (mapped through the change as for typing), so an edit of one line of a pasted
// manifest redraws one line instead of all of them. Same text, selection and history entry.
const minimalWholeReplace = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || tr.effects.length) return tr;
  const before = tr.startState.doc;
  let whole = true;
  let count = 0;
  tr.changes.iterChangedRanges((fromA, toA) => {
    count++;
    if (fromA !== 0 || toA !== before.length) whole = false;
  });
  if (count !== 1 || !whole || before.length === 0) return tr;
  const a = before.toString();
  const b = tr.newDoc.toString();
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  // Never split a surrogate pair.
  if (p > 0 && isHighSurrogate(a.charCodeAt(p - 1))) p--;
  if (s > 0 && isLowSurrogate(a.charCodeAt(a.length - s))) s--;
  if (p === 0 && s === 0) return tr;
  return {
    changes: { from: p, to: a.length - s, insert: b.slice(p, b.length - s) },
    selection: tr.newSelection,
    scrollIntoView: tr.scrollIntoView,
    annotations: tr.annotations,
  };
});
const isHighSurrogate = (c) => c >= 0xd800 && c < 0xdc00;
const isLowSurrogate = (c) => c >= 0xdc00 && c < 0xe000;

// Whether an update inserted or deleted a line break.
function movesLines(u) {
  let moved = false;
  const doc = u.startState.doc;
  u.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    if (inserted.lines > 1 || doc.lineAt(fromA).number !== doc.lineAt(toA).number) moved = true;
  });
  return moved;
}

// Diagnostics as the lint state holds them, in a canonical order (for the no-change test).
const byRange = (x, y) => x.from - y.from || x.to - y.to || (x.severity < y.severity ? -1 : x.severity > y.severity ? 1 : 0)
  || (x.message < y.message ? -1 : x.message > y.message ? 1 : 0);
function sameDiagnostics(state, list) {
  const cur = [];
  forEachDiagnostic(state, (d, from, to) => cur.push({ from, to, severity: d.severity, message: d.message }));
  if (cur.length !== list.length) return false;
  const next = list.slice().sort(byRange);
  cur.sort(byRange);
  return cur.every((d, i) => d.from === next[i].from && d.to === next[i].to
    && d.severity === next[i].severity && d.message === next[i].message);
}

function pos(doc, line, col) {
  const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
  return Math.min(l.to, l.from + Math.max(0, col - 1));
}

class Editor {
  constructor(parent, text, onChange, label, readOnly) {
    this.onChange = onChange;
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          indentUnit.of('  '),
          EditorState.tabSize.of(2),
          yamlLanguage,
          syntaxHighlighting(classHighlighter),
          lintGutter(),
          whyField,
          minimalWholeReplace,
          editingTracker,
          // Read-only embeds (readonly=1): the scenario is shown, not edited.
          ...(readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []),
          searchSlot.of([]),
          keymap.of([
            { key: 'Tab', run: tab, shift: (view) => isEditing(view) && indentLess(view) },
            ...defaultKeymap,
            ...historyKeymap,
            ...lazySearchKeymap,
            ...lintKeymap,
          ]),
          EditorView.contentAttributes.of({ 'data-testid': 'editor', 'aria-label': label, spellcheck: 'false' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            if (!this.linesMoved && movesLines(u)) this.linesMoved = true;
            if (!this.silent) this.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
  }
  getText() { return this.view.state.doc.toString(); }
  // Replaces the whole text (gallery, actions); undoable like an edit.
  setText(text) {
    if (text === this.getText()) return;
    this.silent = true;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    this.silent = false;
  }
  // diags: [{line, column, endLine, endColumn, severity: 'error'|'warning'|'hint', message}]
  setDiagnostics(diags) {
    this.diags = diags;
    const doc = this.view.state.doc;
    const list = diags.map((d) => {
      const from = pos(doc, d.line, d.column);
      // Hints about a whole block (e.g. a container) mark only its first line.
      const endLine = d.severity === 'hint' ? d.line : d.endLine;
      const endCol = d.severity === 'hint' && d.endLine !== d.line ? 1e9 : d.endColumn;
      let to = pos(doc, endLine, endCol);
      if (to <= from) to = Math.min(doc.length, from + 1);
      const severity = d.severity === 'hint' ? 'info' : d.severity;
      return { from, to, severity, message: d.message };
    });
    // The same diagnostics at the same places as the lint state already holds (an edit within
    // lines that changed no diagnostic): no transaction, so no redraw of the marked lines and
    // the gutter and no measure in the next frame. Only while no line break was inserted or
    // deleted since the last update: the gutter's markers, kept at line starts, are mapped
    // apart from the marks and may have moved to another line.
    if (this.linted && !this.linesMoved && sameDiagnostics(this.view.state, list)) return;
    this.linted = true;
    this.linesMoved = false;
    this.view.dispatch(setDiagnostics(this.view.state, list));
  }
  // The last diagnostics again, placed in the current text (the app's findings did not change).
  refreshDiagnostics() {
    if (this.diags) this.setDiagnostics(this.diags);
  }
  // Highlights lines first..last (1-based) and scrolls them to the middle of the editor; 0
  // clears. Only the editor scrolls: EditorView.scrollIntoView would also scroll the page (every
  // scrollable ancestor), taking the timeline that was clicked out of view.
  highlight(first, last) {
    if (!first) {
      this.view.dispatch({ effects: setWhy.of(null) });
      return;
    }
    const doc = this.view.state.doc;
    const at = doc.line(Math.max(1, Math.min(first, doc.lines))).from;
    this.view.dispatch({ effects: setWhy.of([first, last]) });
    const view = this.view;
    view.requestMeasure({
      read: () => {
        const block = view.lineBlockAt(at);
        const box = view.scrollDOM;
        return Math.max(0, view.documentTop - box.getBoundingClientRect().top + box.scrollTop
          + block.top + block.height / 2 - box.clientHeight / 2);
      },
      write: (top) => { view.scrollDOM.scrollTop = top; },
    });
  }
  focus() { this.view.focus(); }
}

// The CodeMirror parts the search bundle uses, from this bundle: one copy of each module (two
// copies of @codemirror/state do not work together). build.mjs checks that the list is complete.
export const cm = {
  getDialog, showDialog, EditorView, Decoration, ViewPlugin, showPanel, runScopeHandlers, getPanel,
  codePointAt, fromCodePoint, codePointSize, EditorSelection, Facet, combineConfig, CharCategory,
  StateEffect, StateField, RangeSetBuilder, Prec, EditorState, findClusterBreak,
};

let latest = null;

export function create(parent, text, onChange, label, readOnly) {
  latest = new Editor(parent, text, onChange, label, !!readOnly);
  return latest;
}

// The text of the most recently created editor (for browser tests and tools).
export function text() {
  return latest ? latest.getText() : null;
}
