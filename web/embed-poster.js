// An embed's click-to-load poster (issue 7 item 5), loaded by boot.js only for embeds (not part
// of a playground visit): plain DOM, no engine, the scenario's YAML previewed by poster.js.
// Resolves with the poster's element when the reader asks for the run.
export function poster({ query, t, here, bodyReady }) {
  return new Promise((resolve) => {
    const box = document.createElement('div');
    box.className = 'embed-poster';
    box.setAttribute('data-testid', 'embed-poster');
    const brand = document.createElement('p');
    brand.className = 'brand';
    brand.textContent = 'podlife';
    const what = document.createElement('p');
    what.textContent = t('A Kubernetes Pod, as the kubelet runs it.', 'Kubernetes Pod 的一生，按 kubelet 的真实行为演示。');
    const details = [];
    if (query.get('view')) details.push(t('view: ', '视图：') + query.get('view'));
    if (query.get('t')) details.push('t = ' + query.get('t') + ' s');
    const run = document.createElement('button');
    run.type = 'button';
    run.className = 'embed-load';
    run.setAttribute('data-testid', 'embed-load');
    run.textContent = t('\u25B6 Run this Pod', '\u25B6 运行这个 Pod');
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = t(
      'Loads the playground (about 1.2 MB, 450 KB compressed); it runs in your browser, nothing is sent to a server.',
      '点击后加载演练场（约 1.2 MB，压缩后 450 KB）；它在你的浏览器里运行，不向任何服务器发送数据。',
    );
    box.append(brand, what);
    if (details.length) {
      const d = document.createElement('p');
      d.className = 'note';
      d.textContent = details.join(' · ');
      box.append(d);
    }
    box.append(run, note);
    // A preview of the scenario itself (web/poster.js inflates the link; no wasm involved).
    const fragment = location.hash.slice(1);
    if (fragment) {
      import(here('poster.js'))
        .then(async (p) => {
          const text = await p.scenarioText(fragment);
          if (text === null) return;
          const name = p.podName(text);
          if (name) brand.textContent = 'podlife · ' + name;
          const lines = text.split('\n');
          const pre = document.createElement('pre');
          pre.className = 'preview';
          pre.setAttribute('data-testid', 'embed-preview');
          pre.textContent = lines.slice(0, 12).join('\n') + (lines.length > 13 ? '\n…' : '');
          box.insertBefore(pre, run);
        })
        .catch(() => {});
    }
    run.addEventListener('click', () => {
      run.disabled = true;
      resolve(box);
    }, { once: true });
    bodyReady.then(() => document.body.append(box));
  });
}
