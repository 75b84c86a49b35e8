// YAML for the editor: the CodeMirror 5 YAML mode (@codemirror/legacy-modes) run by
// StreamLanguage, instead of @codemirror/lang-yaml, whose LR parser (@lezer/lr + @lezer/yaml)
// costs ~39 KB of the bundle (~11 KB gzip) for what the editor uses: highlighting and
// Enter's indentation. Token names are mapped to the tags lang-yaml gives the same text, so
// the page's `.tok-*` classes (classHighlighter) stay the same: keys are
// definition(propertyName), quoted strings string, comments lineComment, `---`/`...` meta,
// anchors and aliases labelName, `: , - [ ] { }` punctuation; plain scalars are unstyled.
import { StreamLanguage } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { yaml as mode } from '@codemirror/legacy-modes/mode/yaml';

function token(stream, state) {
  const first = stream.peek();
  const t = mode.token(stream, state);
  switch (t) {
    case 'atom': return 'yKey';
    case 'comment': return 'yComment';
    case 'def': return 'yDoc';
    case 'variable': return 'yAnchor';
    // Quoted strings; the mode also calls a block literal's lines "string" (lang-yaml: content).
    // A quote inside a plain scalar (`- echo "hi"`) does not start a string.
    case 'string':
      return (first === '"' || first === "'") && /(^|[-:[{,?]\s*)$/.test(stream.string.slice(0, stream.start).trimEnd() + ' ')
        ? 'yString' : null;
    // `|` and `>` start a block literal; the rest are separators and brackets.
    case 'meta':
      if (/^\s*[|>]/.test(stream.current())) return 'yLiteralHeader';
      // A flow mapping's first key is a key too (the mode only resets after a `,`).
      if (first === '{') {
        state.pair = false;
        state.pairStart = false;
      }
      // The mode also stops at a `:` inside a plain scalar (`image: busybox:1.28`).
      if (stream.current() === ':' && !stream.eol()) return null;
      return 'yPunct';
    default: return null; // plain scalars, numbers, booleans: lang-yaml leaves them unstyled
  }
}

// Enter: the indentation lang-yaml computes from its syntax tree, for the line being broken:
// the line's own indentation (its mapping or sequence column), the key's column after
// `- key: value` (the mapping inside the item), one level deeper after a block literal header
// (`key: |`). Other re-indent requests (no simulated break) leave lines as they are.
function indent(state, textAfter, cx) {
  if (cx.simulatedBreak == null || cx.simulatedBreak !== cx.pos) return null;
  const text = cx.lineAt(cx.pos, -1).text.replace(/\s+$/, '');
  const base = /^\s*/.exec(text)[0].length;
  // A blank line keeps its own whitespace.
  if (!text.trim()) return /^\s*/.exec(cx.lineAt(cx.pos, -1).text)[0].length;
  if (/:\s+[|>][-+0-9]*$/.test(text)) return base + cx.unit;
  const item = /^\s*(?:-\s+)+(?=[^\s#-])/.exec(text);
  if (item && /^[^\s#'"{[][^#]*?:(\s|$)|^['"][^'"]*['"]\s*:(\s|$)/.test(text.slice(item[0].length))) return item[0].length;
  return base;
}

export const yamlLanguage = StreamLanguage.define({
  name: 'yaml',
  token,
  startState: mode.startState,
  indent,
  languageData: { commentTokens: { line: '#' } },
  tokenTable: {
    yKey: tags.definition(tags.propertyName),
    yComment: tags.lineComment,
    yDoc: tags.meta,
    yAnchor: tags.labelName,
    yString: tags.string,
    yLiteralHeader: tags.special(tags.string),
    yPunct: tags.separator,
  },
});
