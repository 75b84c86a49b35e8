// The embed poster's preview (issue 7 item 5), loaded by boot.js for embeds before the click:
// the scenario text of a v1 link without the wasm engine (format: crates/share/src/lib.rs).
// DecompressionStream takes no preset dictionary, so a stored deflate block holding it goes in
// front of the link's blocks (their back-references reach into it); its bytes are dropped after.
// crates/share/src/dict_v1.txt, verbatim (frozen: link format v1; same as embed.js).
const DICT = "# 可选,必选,容器的名称 镜像拉取策略 端口号 检查路径 检测方式 健康检查 探针 存储卷 挂载目录 环境变量 资源限制 启动 命令 参数 重启策略 节点 标签 注释 命名空间 默认为 超时时间 检测间隔 成功 失败 就绪 列表 配置多个 指定 主机 执行 初始化 生产环境建议使用 表示\napiVersion: podlife/v1\nkind: Scenario\nmetadata:\n  name: \nspec:\n  until: 10m\n  kubernetesVersion: \"1.35\"\n  nodes:\n  - name: worker01\n    labels: {}\n    capacity: {cpu: \"4\", memory: 8Gi}\n    images: [\n    taints:\n  registry:\n    pullSeconds: \n    missing: [\n  behavior:\n    : {exitAfter: 20s, exitCode: 1, memory: 250Mi, listenAfter: 10s, ignoreSigterm: true}\n  actions:\n  - {at: 60s, exec: {container: , command: [rm, -f, /usr/share/nginx/html/index.html]}}\n  - {at: 90s, delete: {gracePeriodSeconds: \n  - {at: 30s, create: {kind: Service, name: \n  - {at: 45s, remove: {kind: Service, name: \n  - {at: 120s, nodeDown: {}}\n  - {at: 300s, nodeUp: {}}\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n  template:\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: myservice\nspec:\n  type: ClusterIP\n  selector:\n    app: \n  ports:\n  - protocol: TCP\n    port: 80\n    targetPort: 9376\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: \n  namespace: default\n  labels:\n    app: \nspec:\n  nodeName: \n  nodeSelector:\n  restartPolicy: OnFailure\n  terminationGracePeriodSeconds: 30\n  volumes:\n  - name: \n    emptyDir: {}\n    hostPath:\n      path: \n  initContainers:\n  - name: init-myservice\n    image: busybox:1.28\n    command: ['sh', '-c', \"until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done\"]\n  containers:\n  - name: \n    image: registry.k8s.io/busybox\n    image: harbor.wego.red/library/\n    image: nginx:latest\n    imagePullPolicy: IfNotPresent\n    restartPolicy: Always\n    command: [\"/bin/sh\", \"-c\", \"echo Hello > /usr/share/message; sleep 3600\"]\n    args:\n    - /bin/sh\n    - -c\n    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600\n    env:\n    - name: \n      value: \n    resources:\n      limits:\n        cpu: 500m\n        memory: 128Mi\n      requests:\n        cpu: 250m\n        memory: 64Mi\n    ports:\n    - name: http\n      containerPort: 80\n    volumeMounts:\n    - name: \n      mountPath: /usr/share/nginx/html\n    lifecycle:\n      postStart:\n        exec:\n          command: \n      preStop:\n        exec:\n          command: \n    startupProbe:\n    readinessProbe:\n      tcpSocket:\n        port: 8080\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 8080\n      exec:\n        command:\n        - cat\n        - /tmp/healthy\n      initialDelaySeconds: 5\n      periodSeconds: 10\n      timeoutSeconds: 1\n      failureThreshold: 3\n      successThreshold: 1\n";
const MAX_DECODED = 64 * 1024;

function base64url(s) {
  const t = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(t + '==='.slice((t.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The scenario text of a v1 fragment (of a comparison's, "3" + v1: run A's), or null (any
 *  doubt: the app will say what is wrong). */
export async function scenarioText(fragment) {
  try {
    let f = fragment.replace(/\s+/g, '');
    const comparison = f[0] === '3';
    if (comparison) f = f.slice(1);
    if (f[0] !== '1' || f.length > 131072 || typeof DecompressionStream !== 'function') return null;
    const data = base64url(f.slice(1));
    const dict = new TextEncoder().encode(DICT);
    const head = new Uint8Array(5 + dict.length);
    head[0] = 0; // BFINAL 0, BTYPE 00 (stored), padded to the byte boundary
    head[1] = dict.length & 255;
    head[2] = dict.length >> 8;
    head[3] = ~dict.length & 255;
    head[4] = (~dict.length >> 8) & 255;
    head.set(dict, 5);
    const stream = new Blob([head, data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const reader = stream.getReader();
    const parts = [];
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      n += value.length;
      if (n > dict.length + MAX_DECODED) {
        reader.cancel();
        return null;
      }
    }
    const all = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    // Skip the dictionary, then the header: varint keys, wire 0 = varint, wire 1 = bytes; key 0 ends it.
    let i = dict.length;
    const varint = () => {
      let v = 0;
      let scale = 1;
      for (let k = 0; k < 10 && i < all.length; k++) {
        const b = all[i++];
        v += (b & 127) * scale;
        if (b < 128) return v;
        scale *= 128;
      }
      throw new Error('bad varint');
    };
    let aLength = null;
    for (;;) {
      const key = varint();
      if (key === 0) break;
      const len = varint();
      if (key % 2 === 1) i += len;
      if (comparison && key === 18) aLength = len; // field 9: A's length in bytes
    }
    const end = aLength === null ? all.length : i + aLength;
    if (i > all.length || end > all.length) return null;
    return new TextDecoder('utf-8', { fatal: true }).decode(all.subarray(i, end));
  } catch {
    return null;
  }
}

/** The first Pod-like `metadata.name` in the text (a cheap scan, not a YAML parser). */
export function podName(text) {
  const m = /^kind:\s*Pod\s*$[\s\S]*?^metadata:\s*$[\s\S]*?^\s+name:\s*([A-Za-z0-9.-]+)/m.exec(text);
  return m ? m[1] : null;
}
