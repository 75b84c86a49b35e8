// Loads the wasm-bindgen glue and starts the app. External (not inline) so that the page's
// Content-Security-Policy can forbid inline scripts.
const boot = document.getElementById('podlife-boot');
const glue = await import(boot.dataset.js);
await glue.default({ module_or_path: boot.dataset.wasm });
