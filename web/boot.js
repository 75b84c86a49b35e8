// Loads the editor bundle and the wasm-bindgen glue, then starts the app. External (not inline)
// so that the page's Content-Security-Policy can forbid inline scripts. The editor is optional
// to the app: if it fails to load, the app falls back to a plain textarea.
const boot = document.getElementById('podlife-boot');
const [glue, editor] = await Promise.all([
  import(boot.dataset.js),
  import(new URL('editor.js', boot.src).href).catch(() => null),
]);
if (editor) window.podlifeEditor = editor;
await glue.default({ module_or_path: boot.dataset.wasm });
