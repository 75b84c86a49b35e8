/*! podlife embed.js — turns podlife scenario code blocks on a documentation page into
 * click-to-load playground embeds. No dependencies, no framework, no network until a reader
 * clicks. Docs: docs/embedding.md.
 *
 *   <script src="https://PLAYGROUND/embed.js" defer></script>
 *   <pre class="podlife">apiVersion: v1 ...</pre>
 *
 * Link encoder: a byte-for-byte port of crates/share's format-1 encoder (podlife_share::encode_v1:
 * version char, base64url of a canonical fixed-Huffman raw deflate with the v1 preset
 * dictionary). Node test: crates/share/tests/js/embed.test.mjs checks it against fragments made
 * by the Rust encoder. podlife reads format 1 forever; the playground itself may write the
 * shorter format 2 (compressed against a gallery example), which this script does not need.
 */
(function () {
  'use strict';

  // The link format this script writes (podlife reads every older format).
  var FORMAT_VERSION = 1;
  // Behaviour profile written into links: podlife_spec::DEFAULT_KUBE_MINOR and
  // ENGINE_RULES_VERSION of the podlife this script ships with (the parity test catches drift).
  var KUBE_MINOR = 37;
  var RULES_VERSION = 2;
  var HEIGHT_MESSAGE = 'podlife:height';
  var MIN_HEIGHT = 120;
  var MAX_HEIGHT = 4000;
  var DEFAULT_HEIGHT = 480;
  // podlife_share::MAX_DECODED_BYTES minus the largest default header (5 bytes).
  var MAX_TEXT_BYTES = 65536 - 5;
  // crates/share/src/dict_v1.txt, verbatim (frozen: part of link format v1).
  var DICT = "# 可选,必选,容器的名称 镜像拉取策略 端口号 检查路径 检测方式 健康检查 探针 存储卷 挂载目录 环境变量 资源限制 启动 命令 参数 重启策略 节点 标签 注释 命名空间 默认为 超时时间 检测间隔 成功 失败 就绪 列表 配置多个 指定 主机 执行 初始化 生产环境建议使用 表示\napiVersion: podlife/v1\nkind: Scenario\nmetadata:\n  name: \nspec:\n  until: 10m\n  kubernetesVersion: \"1.35\"\n  nodes:\n  - name: worker01\n    labels: {}\n    capacity: {cpu: \"4\", memory: 8Gi}\n    images: [\n    taints:\n  registry:\n    pullSeconds: \n    missing: [\n  behavior:\n    : {exitAfter: 20s, exitCode: 1, memory: 250Mi, listenAfter: 10s, ignoreSigterm: true}\n  actions:\n  - {at: 60s, exec: {container: , command: [rm, -f, /usr/share/nginx/html/index.html]}}\n  - {at: 90s, delete: {gracePeriodSeconds: \n  - {at: 30s, create: {kind: Service, name: \n  - {at: 45s, remove: {kind: Service, name: \n  - {at: 120s, nodeDown: {}}\n  - {at: 300s, nodeUp: {}}\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n  template:\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: myservice\nspec:\n  type: ClusterIP\n  selector:\n    app: \n  ports:\n  - protocol: TCP\n    port: 80\n    targetPort: 9376\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: \n  namespace: default\n  labels:\n    app: \nspec:\n  nodeName: \n  nodeSelector:\n  restartPolicy: OnFailure\n  terminationGracePeriodSeconds: 30\n  volumes:\n  - name: \n    emptyDir: {}\n    hostPath:\n      path: \n  initContainers:\n  - name: init-myservice\n    image: busybox:1.28\n    command: ['sh', '-c', \"until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done\"]\n  containers:\n  - name: \n    image: registry.k8s.io/busybox\n    image: harbor.wego.red/library/\n    image: nginx:latest\n    imagePullPolicy: IfNotPresent\n    restartPolicy: Always\n    command: [\"/bin/sh\", \"-c\", \"echo Hello > /usr/share/message; sleep 3600\"]\n    args:\n    - /bin/sh\n    - -c\n    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600\n    env:\n    - name: \n      value: \n    resources:\n      limits:\n        cpu: 500m\n        memory: 128Mi\n      requests:\n        cpu: 250m\n        memory: 64Mi\n    ports:\n    - name: http\n      containerPort: 80\n    volumeMounts:\n    - name: \n      mountPath: /usr/share/nginx/html\n    lifecycle:\n      postStart:\n        exec:\n          command: \n      preStop:\n        exec:\n          command: \n    startupProbe:\n    readinessProbe:\n      tcpSocket:\n        port: 8080\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 8080\n      exec:\n        command:\n        - cat\n        - /tmp/healthy\n      initialDelaySeconds: 5\n      periodSeconds: 10\n      timeoutSeconds: 1\n      failureThreshold: 3\n      successThreshold: 1\n";

  var VIEWS = { timeline: 0, kubectl: 1, split: 2, editor: 3, compare: 4 };
  var PANELS = { get: 0, describe: 1, yaml: 2, logs: 3, events: 4 };
  var LANGS = { en: 0, 'zh-CN': 1 };

  function utf8(s) {
    return new TextEncoder().encode(s);
  }

  function pushVarint(out, v) {
    // v < 2^53: plain arithmetic, no 32-bit bit operators.
    while (v >= 128) {
      out.push((v % 128) + 128);
      v = Math.floor(v / 128);
    }
    out.push(v);
  }

  // The v1 payload: header (defaults omitted, ascending keys), key 0, UTF-8 text.
  function payload(text, o) {
    var h = [];
    pushVarint(h, 2); pushVarint(h, o.kubeMinor == null ? KUBE_MINOR : o.kubeMinor);
    pushVarint(h, 4); pushVarint(h, o.rulesVersion == null ? RULES_VERSION : o.rulesVersion);
    if (o.timeMs) { pushVarint(h, 6); pushVarint(h, o.timeMs); }
    if (o.speedMilli != null && o.speedMilli !== 1000) { pushVarint(h, 8); pushVarint(h, o.speedMilli); }
    if (o.view && VIEWS[o.view]) { pushVarint(h, 10); pushVarint(h, VIEWS[o.view]); }
    if (o.panel && PANELS[o.panel]) { pushVarint(h, 12); pushVarint(h, PANELS[o.panel]); }
    if (o.container != null) {
      var c = utf8(o.container);
      pushVarint(h, 15); pushVarint(h, c.length);
      for (var i = 0; i < c.length; i++) h.push(c[i]);
    }
    if (o.lang && LANGS[o.lang]) { pushVarint(h, 16); pushVarint(h, LANGS[o.lang]); }
    h.push(0);
    var t = utf8(text);
    var out = new Uint8Array(h.length + t.length);
    out.set(h, 0);
    out.set(t, h.length);
    return out;
  }

  // ---- canonical deflate: mirrors crates/share/src/deflate.rs exactly ----
  var LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
    99, 115, 131, 163, 195, 227, 258];
  var LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5,
    5, 0];
  var DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
    1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  var DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11,
    11, 12, 12, 13, 13];
  var MAX_CHAIN = 128, LAZY_LIMIT = 32, WINDOW = 32768, HASH_MASK = 32767;

  function deflate(dict, data) {
    var n = dict.length + data.length;
    var buf = new Uint8Array(n);
    buf.set(dict, 0);
    buf.set(data, dict.length);
    var head = new Int32Array(32768).fill(-1);
    var prev = new Int32Array(n).fill(-1);
    var out = [], acc = 0, nbits = 0;

    function bits(v, k) {
      acc |= (v & ((1 << k) - 1)) << nbits;
      nbits += k;
      while (nbits >= 8) { out.push(acc & 255); acc >>>= 8; nbits -= 8; }
    }
    function code(c, len) {
      var r = 0;
      for (var i = 0; i < len; i++) r |= ((c >> i) & 1) << (len - 1 - i);
      bits(r, len);
    }
    function litlen(s) {
      if (s <= 143) code(0x30 + s, 8);
      else if (s <= 255) code(0x190 + s - 144, 9);
      else if (s <= 279) code(s - 256, 7);
      else code(0xc0 + s - 280, 8);
    }
    function lastBase(table, v) {
      var i = table.length - 1;
      while (i > 0 && table[i] > v) i--;
      return i;
    }
    function match(len, dist) {
      var li = lastBase(LEN_BASE, len);
      litlen(257 + li);
      bits(len - LEN_BASE[li], LEN_EXTRA[li]);
      var di = lastBase(DIST_BASE, dist);
      code(di, 5);
      bits(dist - DIST_BASE[di], DIST_EXTRA[di]);
    }
    function hash(p) {
      return ((buf[p] << 10) ^ (buf[p + 1] << 5) ^ buf[p + 2]) & HASH_MASK;
    }
    function insert(p) {
      if (p + 2 < n) { var h = hash(p); prev[p] = head[h]; head[h] = p; }
    }
    // Returns [len, dist]; len 0 when there is no match of 3 or more.
    function find(p) {
      if (p + 3 > n) return [0, 0];
      var maxLen = Math.min(258, n - p), bestLen = 2, bestDist = 0;
      var c = head[hash(p)], chain = 0;
      while (c >= 0 && chain < MAX_CHAIN) {
        if (p - c > WINDOW) break;
        var l = 0;
        while (l < maxLen && buf[c + l] === buf[p + l]) l++;
        if (l > bestLen) {
          bestLen = l; bestDist = p - c;
          if (l === maxLen) break;
        }
        c = prev[c]; chain++;
      }
      return bestLen >= 3 ? [bestLen, bestDist] : [0, 0];
    }

    for (var q = 0; q < dict.length; q++) insert(q);
    bits(1, 1); // BFINAL
    bits(1, 2); // fixed Huffman
    var p = dict.length, cur = find(p);
    while (p < n) {
      if (cur[0] === 0) {
        litlen(buf[p]); insert(p); p++; cur = find(p);
        continue;
      }
      insert(p);
      if (cur[0] < LAZY_LIMIT) {
        var next = find(p + 1);
        if (next[0] > cur[0]) { litlen(buf[p]); p++; cur = next; continue; }
      }
      match(cur[0], cur[1]);
      for (var k = p + 1; k < p + cur[0]; k++) insert(k);
      p += cur[0];
      cur = find(p);
    }
    litlen(256);
    if (nbits > 0) out.push(acc & 255);
    return out;
  }

  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  function base64url(b) {
    var s = '', i = 0;
    for (; i + 2 < b.length; i += 3) {
      var v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
      s += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
    }
    if (i + 1 === b.length) {
      s += B64[b[i] >> 2] + B64[(b[i] & 3) << 4];
    } else if (i + 2 === b.length) {
      var w = (b[i] << 8) | b[i + 1];
      s += B64[w >> 10] + B64[(w >> 4) & 63] + B64[(w & 15) << 2];
    }
    return s;
  }

  var dictBytes = null;
  /** The URL fragment (without '#') for scenario `text`; `opts` as in crates/share ShareState
   * (kubeMinor, rulesVersion, timeMs, speedMilli, view, panel, container, lang). */
  function encodeFragment(text, opts) {
    if (!dictBytes) dictBytes = utf8(DICT);
    return String(FORMAT_VERSION) + base64url(deflate(dictBytes, payload(text, opts || {})));
  }

  /** Code-block text as a user would paste it: LF line ends, one final newline. */
  function normalizeText(s) {
    return s.replace(/\r\n?/g, '\n').replace(/\s+$/, '') + '\n';
  }

  // ---- the page side ----
  var PARAMS = ['view', 'theme', 't', 'speed', 'autoplay', 'readonly', 'controls', 'lang'];

  /** Playground URL for `fragment`: base + ?embed=1&… (from `params`) + #fragment. */
  function embedUrl(base, fragment, params) {
    var q = ['embed=1'];
    params = params || {};
    for (var i = 0; i < PARAMS.length; i++) {
      var v = params[PARAMS[i]];
      if (v != null && v !== '') q.push(PARAMS[i] + '=' + encodeURIComponent(v));
    }
    return base.split(/[?#]/)[0] + '?' + q.join('&') + '#' + fragment;
  }

  // Text of a rendered code block: text nodes, <br> as newlines (Docusaurus), without Chroma
  // line numbers (Hugo lineNos=inline) or buttons (mdBook).
  function textOf(node) {
    var s = '';
    var kids = node.childNodes || [];
    for (var i = 0; i < kids.length; i++) {
      var k = kids[i];
      if (k.nodeType === 3) s += k.data;
      else if (k.nodeType === 1) {
        var name = k.nodeName.toUpperCase();
        if (name === 'BR') s += '\n';
        else if (name === 'BUTTON' || (k.classList && (k.classList.contains('ln') ||
          k.classList.contains('lnt') || k.classList.contains('buttons')))) continue;
        else s += textOf(k);
      }
    }
    return s;
  }

  var SELECTOR = [
    'pre.podlife', // plain HTML; Hugo render hook; MDX <pre className="podlife">
    '.podlife pre', // Hugo ```yaml {class="podlife"} (class lands on the wrapper div)
    'pre > code.podlife', // mdBook ```yaml,podlife
    'pre > code.language-podlife', // ```podlife fences
    'pre > code[data-lang="podlife"]'
  ].join(',');

  function blocks(root) {
    var found = [];
    function add(el) {
      var pre = el.nodeName === 'PRE' ? el : el.closest('pre');
      if (!pre || pre.hasAttribute('data-podlife-done') || found.indexOf(pre) >= 0) return;
      // Hugo lineNos=table: the first cell holds only line numbers.
      var td = pre.closest('td');
      if (td && td.previousElementSibling === null && td.nextElementSibling) return;
      found.push(pre);
    }
    root.querySelectorAll(SELECTOR).forEach(add);
    // Docusaurus drops unknown fence words: mark blocks with ```yaml title="podlife ...".
    root.querySelectorAll('[class*="codeBlockTitle"]').forEach(function (t) {
      if (/^podlife\b/i.test(t.textContent.trim()) && t.parentElement) {
        var pre = t.parentElement.querySelector('pre');
        if (pre) add(pre);
      }
    });
    return found;
  }

  // Options: data-* on the block, its <code>, or the nearest .podlife ancestor, else the script.
  function option(pre, name, fallback) {
    var code = pre.querySelector('code');
    var holders = [pre, code, pre.closest('.podlife'), scriptEl];
    for (var i = 0; i < holders.length; i++) {
      var h = holders[i];
      if (h && h.getAttribute && h.getAttribute('data-' + name) != null) return h.getAttribute('data-' + name);
    }
    return fallback;
  }

  // The Kubernetes version a block runs as, as `podlife share` records it: the block's
  // data-kubernetes-version, else its Scenario document's kubernetesVersion, else (null) the
  // default. `1.34`, `v1.34`, `1.34.2` and `34` all mean 1.34.
  function kubeMinorOf(pre, text) {
    var v = option(pre, 'kubernetes-version', null);
    if (v == null && /^kind:\s*Scenario\s*$/m.test(text)) {
      var m = /^\s+kubernetesVersion:\s*["']?([^"'\s#]+)/m.exec(text);
      v = m && m[1];
    }
    var p = v ? /^[vV]?(?:1\.)?(\d{1,4})(?:\.\d+)?$/.exec(String(v).trim()) : null;
    return p ? Number(p[1]) : null;
  }

  var frames = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // The embed goes after the whole rendered code block (Hugo's highlight wrapper, Docusaurus's
  // container), not inside it.
  function anchorOf(pre) {
    return pre.closest('.podlife, div.highlight, [class*="codeBlockContainer"]') || pre;
  }

  // Only http(s) playground URLs: a data-src can never become a javascript: link.
  function safeBase(b) {
    try {
      var u = new URL(b, location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // The bar's look, set property by property (CSSOM, allowed by any page's CSP): every
  // inherited or theme style is reset first, so the button looks like podlife's own in any docs
  // theme (light or dark), not like the host's buttons or an unstyled browser button.
  var BLUE = '#326ce5';
  function css(node, props) {
    node.style.setProperty('all', 'initial');
    for (var k in props) node.style.setProperty(k, props[k]);
  }
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", sans-serif';
  function dress(bar, brand, run, open, note) {
    css(bar, {
      display: 'flex', 'flex-wrap': 'wrap', 'align-items': 'center', gap: '8px 14px',
      margin: '8px 0 16px', padding: '12px 14px', 'box-sizing': 'border-box',
      border: '1px solid rgba(50, 108, 229, 0.45)', 'border-left': '4px solid ' + BLUE,
      'border-radius': '6px', background: 'rgba(50, 108, 229, 0.07)',
      'font-family': FONT, 'font-size': '14px', 'line-height': '1.4', color: 'inherit'
    });
    css(brand, {
      'font-family': FONT, 'font-weight': '700', 'font-size': '16px', color: BLUE,
      'letter-spacing': '0'
    });
    css(run, {
      display: 'inline-block', cursor: 'pointer', 'font-family': FONT, 'font-size': '14px',
      'font-weight': '600', 'line-height': '1.2', color: '#fff', background: BLUE,
      border: '1px solid ' + BLUE, 'border-radius': '6px', padding: '8px 14px',
      'box-shadow': '0 1px 2px rgba(0, 0, 0, 0.2)', 'text-transform': 'none',
      'white-space': 'nowrap'
    });
    css(open, {
      'font-family': FONT, 'font-size': '13px', color: BLUE, cursor: 'pointer',
      'text-decoration': 'underline'
    });
    css(note, {
      'font-family': FONT, 'font-size': '12px', color: 'inherit', opacity: '0.75',
      'flex-basis': '100%'
    });
    run.addEventListener('focus', function () { run.style.setProperty('outline', '2px solid ' + BLUE); run.style.setProperty('outline-offset', '2px'); });
    run.addEventListener('blur', function () { run.style.removeProperty('outline'); });
  }

  function mount(pre) {
    pre.setAttribute('data-podlife-done', '');
    var code = pre.querySelector('code') || pre;
    var text = normalizeText(textOf(code));
    var base = safeBase(option(pre, 'src', defaultBase)) || safeBase(defaultBase);
    if (!base) return;
    if (utf8(text).length > MAX_TEXT_BYTES) {
      var big = el('div', 'podlife-embed podlife-embed-note',
        'This scenario is larger than 64 KiB, too large for a podlife link.');
      var a = anchorOf(pre);
      a.parentNode.insertBefore(big, a.nextSibling);
      return;
    }
    var fragment = encodeFragment(text, { kubeMinor: kubeMinorOf(pre, text) });
    var params = {};
    PARAMS.forEach(function (p) { params[p] = option(pre, p, null); });
    // Generators mark code blocks with data-lang="yaml" (Hugo): only a page language counts.
    if (params.lang != null && !/^(en|zh(-CN|-Hans)?)$/i.test(params.lang)) params.lang = null;
    var url = embedUrl(base, fragment, params);
    var openUrl = base.split(/[?#]/)[0] + '#' + fragment;
    var height = parseInt(option(pre, 'height', DEFAULT_HEIGHT), 10);
    if (!(height >= MIN_HEIGHT && height <= MAX_HEIGHT)) height = DEFAULT_HEIGHT;

    var box = el('div', 'podlife-embed');
    // Stable hooks for tests and for host pages that style or script the embeds.
    box.setAttribute('data-testid', 'podlife-embed');
    box.setAttribute('data-podlife-fragment', fragment);
    var bar = el('div', 'podlife-embed-bar');
    var brand = el('span', 'podlife-embed-brand', 'podlife');
    var run = el('button', 'podlife-embed-run', '\u25B6 Run this Pod in podlife');
    run.type = 'button';
    var open = el('a', 'podlife-embed-open', 'Open in a new tab \u2197');
    open.href = openUrl;
    open.target = '_blank';
    open.rel = 'noopener';
    var note = el('span', 'podlife-embed-note',
      'Loads the playground; it runs in your browser, nothing is sent to a server.');
    bar.appendChild(brand);
    bar.appendChild(run);
    bar.appendChild(open);
    bar.appendChild(note);
    box.appendChild(bar);
    dress(bar, brand, run, open, note);
    var anchor = anchorOf(pre);
    anchor.parentNode.insertBefore(box, anchor.nextSibling);

    function load(clicked) {
      var f = el('iframe', 'podlife-embed-frame');
      f.setAttribute('data-testid', 'podlife-embed-frame');
      // The reader already clicked (or the page chose data-load="eager"): the playground skips
      // its own click-to-load poster; after a click it also plays at once (run=1).
      f.src = url.replace('?embed=1', '?embed=1&load=eager' + (clicked ? '&run=1' : ''));
      f.title = 'podlife playground';
      f.loading = 'lazy';
      f.style.width = '100%';
      f.style.height = height + 'px';
      f.style.border = '1px solid #8884';
      f.style.borderRadius = '6px';
      frames.push({ frame: f, origin: new URL(url, location.href).origin });
      box.replaceChild(f, bar);
    }
    run.addEventListener('click', function () { load(true); });
    if (option(pre, 'load', 'click') === 'eager') load(false);
  }

  function onMessage(ev) {
    var d = ev.data;
    if (!d || typeof d !== 'object' || d.type !== HEIGHT_MESSAGE) return;
    var h = d.height;
    if (typeof h !== 'number' || !isFinite(h)) return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.frame.contentWindow !== ev.source) continue;
      if (ev.origin !== f.origin) return;
      f.frame.style.height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.round(h))) + 'px';
      return;
    }
  }

  // Playground iframes already on the page (the Share dialog's snippet): auto-height for them
  // too, when they come from the playground embed.js belongs to. `data-podlife-fixed` opts out.
  function adopt(root) {
    var base = safeBase(defaultBase);
    if (!base) return;
    var origin = new URL(base).origin;
    var path = new URL(base).pathname;
    root.querySelectorAll('iframe[src*="embed=1"]').forEach(function (f) {
      if (f.hasAttribute('data-podlife-fixed')) return;
      for (var i = 0; i < frames.length; i++) if (frames[i].frame === f) return;
      var u;
      try { u = new URL(f.getAttribute('src'), location.href); } catch (e) { return; }
      if (u.origin !== origin || u.pathname !== path) return;
      frames.push({ frame: f, origin: origin });
    });
  }

  /** Finds podlife code blocks under `root` (default: the document) and mounts embeds. */
  function scan(root) {
    blocks(root || document).forEach(mount);
    adopt(root || document);
  }

  var scriptEl = typeof document !== 'undefined' ? document.currentScript : null;
  var defaultBase = '';
  if (scriptEl) {
    defaultBase = scriptEl.getAttribute('data-src') || new URL('./', scriptEl.src).href;
  } else if (typeof location !== 'undefined') {
    defaultBase = location.href; // loaded as a module or injected: set data-src per block
  }

  var api = {
    FORMAT_VERSION: FORMAT_VERSION,
    KUBE_MINOR: KUBE_MINOR,
    RULES_VERSION: RULES_VERSION,
    DICT: DICT,
    encodeFragment: encodeFragment,
    normalizeText: normalizeText,
    embedUrl: embedUrl,
    textOf: textOf,
    scan: scan
  };
  globalThis.podlifeEmbed = api;

  if (typeof document !== 'undefined' && typeof window !== 'undefined') {
    window.addEventListener('message', onMessage);
    if (!scriptEl || scriptEl.getAttribute('data-auto') !== 'off') {
      var start = function () {
        scan(document);
        // Single-page docs (Docusaurus) render pages later or re-render them: rescan, debounced.
        if (typeof MutationObserver === 'function') {
          var timer = 0;
          new MutationObserver(function () {
            clearTimeout(timer);
            timer = setTimeout(function () { scan(document); }, 100);
          }).observe(document.body, { childList: true, subtree: true });
        }
      };
      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
      } else {
        start();
      }
    }
  }
})();
