// The YAML tokens of the editor, without CodeMirror: the CodeMirror 5 YAML mode
// (@codemirror/legacy-modes) with its token names mapped to the tags lang-yaml gives the same
// text (see yaml-mode.js). Shared by the editor (yaml-mode.js, under StreamLanguage) and the
// static view shown until the editor has loaded (lite.js), so both colour the text alike.
import { yaml as mode } from '@codemirror/legacy-modes/mode/yaml';

export const startState = mode.startState;

export function token(stream, state) {
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

// The classes @lezer/highlight's classHighlighter gives each token's tag (yaml-mode.js's
// tokenTable); build.mjs checks that both views agree.
export const tokenClasses = {
  yKey: 'tok-propertyName tok-definition',
  yComment: 'tok-comment',
  yDoc: 'tok-meta',
  yAnchor: 'tok-labelName',
  yString: 'tok-string',
  yLiteralHeader: 'tok-string2',
  yPunct: 'tok-punctuation',
};
