// YAML for the editor: the CodeMirror 5 YAML mode (@codemirror/legacy-modes) run by
// StreamLanguage, instead of @codemirror/lang-yaml, whose LR parser (@lezer/lr + @lezer/yaml)
// costs ~39 KB of the bundle (~11 KB gzip) for what the editor uses: highlighting and
// Enter's indentation. Token names are mapped to the tags lang-yaml gives the same text, so
// the page's `.tok-*` classes (classHighlighter) stay the same: keys are
// definition(propertyName), quoted strings string, comments lineComment, `---`/`...` meta,
// anchors and aliases labelName, `: , - [ ] { }` punctuation; plain scalars are unstyled.
import { StreamLanguage } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { token, startState } from './yaml-tokens.js';

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
  startState,
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
