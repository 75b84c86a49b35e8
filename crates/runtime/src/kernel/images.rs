//! The image catalogue, as data: what well-known images contain and run by default.
//! To add an image, add one `Image` to `CATALOGUE`.

/// Which userland the image has (decides shell and applet messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// busybox applets, `/bin/sh` is ash.
    Busybox,
    /// Debian: `/bin/sh` is dash, GNU coreutils.
    Debian,
}

/// Long-running programs the model knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Daemon {
    /// nginx master; serves `root` on port 80.
    Nginx,
    /// registry.k8s.io/liveness `/server`: /healthz 200 for 10 s, then 500 (port 8080).
    Liveness,
    /// registry.k8s.io/goproxy: an HTTP proxy on 8080.
    GoProxy,
    /// Apache httpd on 80.
    Httpd,
    /// redis-server on 6379.
    Redis,
    /// `stress`: allocates `--vm` × `--vm-bytes`, runs until killed (or `--timeout`).
    Stress,
    /// Unknown image: listens on the declared containerPorts.
    Generic,
}

#[derive(Debug)]
pub(crate) struct Image {
    /// Canonical name for explanations.
    pub name: &'static str,
    /// Repository basenames that select this entry (registry prefix and tag ignored).
    pub matches: &'static [&'static str],
    pub flavor: Flavor,
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    /// Extra executables (path, program) beyond the flavor's userland.
    pub programs: &'static [(&'static str, &'static str)],
    pub files: &'static [(&'static str, &'static str)],
    pub env: &'static [(&'static str, &'static str)],
    pub workdir: &'static str,
    /// Shell/userland present (false: only the listed programs exist).
    pub has_shell: bool,
    /// Known image (false: fallback, the model guessed).
    pub known: bool,
    /// The image's STOPSIGNAL: what the runtime sends when the kubelet stops the container.
    pub stop_signal: i32,
}

pub(crate) const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

const NGINX_50X: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n";

const NGINX_DEFAULT_CONF: &str = "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n";

pub(crate) const MYAPP_INDEX: &str =
    "Hello MyApp | Version: v1 | <a href=\"hostname.html\">Pod Name</a>\n";

pub(crate) const HTTPD_INDEX: &str = "<html><body><h1>It works!</h1></body></html>\n";

pub(crate) static CATALOGUE: &[Image] = &[
    Image {
        name: "nginx",
        matches: &["nginx"],
        flavor: Flavor::Debian,
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        programs: &[
            ("/usr/sbin/nginx", "nginx"),
            ("/docker-entrypoint.sh", "nginx-entrypoint"),
            ("/usr/bin/curl", "curl"),
        ],
        files: &[
            ("/usr/share/nginx/html/index.html", NGINX_INDEX),
            ("/usr/share/nginx/html/50x.html", NGINX_50X),
            ("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF),
            (
                "/etc/nginx/nginx.conf",
                "user  nginx;\nworker_processes  auto;\n",
            ),
            ("/var/log/nginx/access.log", ""),
            ("/var/log/nginx/error.log", ""),
        ],
        env: &[("NGINX_VERSION", "1.27.3")],
        workdir: "/",
        has_shell: true,
        known: true,
        stop_signal: 3,
    },
    Image {
        name: "ikubernetes/myapp",
        matches: &["myapp"],
        flavor: Flavor::Busybox,
        entrypoint: &[],
        cmd: &["nginx", "-g", "daemon off;"],
        programs: &[("/usr/sbin/nginx", "nginx")],
        files: &[
            ("/usr/share/nginx/html/index.html", MYAPP_INDEX),
            ("/usr/share/nginx/html/50x.html", NGINX_50X),
            ("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF),
        ],
        env: &[("NGINX_VERSION", "1.12.2")],
        workdir: "/",
        has_shell: true,
        known: true,
        stop_signal: 15,
    },
    Image {
        name: "busybox",
        matches: &["busybox", "busyboxplus"],
        flavor: Flavor::Busybox,
        entrypoint: &[],
        cmd: &["sh"],
        programs: &[],
        files: &[],
        env: &[],
        workdir: "/",
        has_shell: true,
        known: true,
        stop_signal: 15,
    },
    Image {
        name: "alpine",
        matches: &["alpine"],
        flavor: Flavor::Busybox,
        entrypoint: &[],
        cmd: &["/bin/sh"],
        programs: &[("/sbin/apk", "unmodelled")],
        files: &[("/etc/alpine-release", "3.21.0\n")],
        env: &[],
        workdir: "/",
        has_shell: true,
        known: true,
        stop_signal: 15,
    },
    Image {
        name: "registry.k8s.io/liveness",
        matches: &["liveness"],
        flavor: Flavor::Busybox,
        entrypoint: &[],
        cmd: &["/server"],
        programs: &[("/server", "liveness-server")],
        files: &[],
        env: &[],
        workdir: "/",
        has_shell: true,
        known: true,
        stop_signal: 15,
    },
    Image {
        name: "registry.k8s.io/goproxy",
        matches: &["goproxy"],
        flavor: Flavor::Busybox,
        entrypoint: &[],
        cmd: &["/goproxy"],
        programs: &[("/goproxy", "goproxy")],
        files: &[],
        env: &[],
        workdir: "/",
        has_shell: true,
        known: true,
        stop_signal: 15,
    },
    Image {
        name: "stress",
        matches: &["stress"],
        flavor: Flavor::Busybox,
        entrypoint: &["/usr/bin/stress"],
        cmd: &["--help"],
        programs: &[
            ("/usr/bin/stress", "stress"),
            ("/usr/local/bin/stress", "stress"),
        ],
        files: &[],
        env: &[],
        workdir: "/",
        has_shell: true,
        known: true,
        stop_signal: 15,
    },
    Image {
        name: "httpd",
        matches: &["httpd"],
        flavor: Flavor::Debian,
        entrypoint: &[],
        cmd: &["httpd-foreground"],
        programs: &[
            ("/usr/local/bin/httpd-foreground", "httpd"),
            ("/usr/local/apache2/bin/httpd", "httpd"),
        ],
        files: &[("/usr/local/apache2/htdocs/index.html", HTTPD_INDEX)],
        env: &[("HTTPD_VERSION", "2.4.62")],
        workdir: "/usr/local/apache2",
        has_shell: true,
        known: true,
        stop_signal: 28,
    },
    Image {
        name: "redis",
        matches: &["redis"],
        flavor: Flavor::Debian,
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        programs: &[
            ("/usr/local/bin/redis-server", "redis"),
            ("/usr/local/bin/docker-entrypoint.sh", "redis-entrypoint"),
            ("/usr/local/bin/redis-cli", "unmodelled"),
        ],
        files: &[],
        env: &[("REDIS_VERSION", "7.4.1")],
        workdir: "/data",
        has_shell: true,
        known: true,
        stop_signal: 15,
    },
];

/// Fallback for unknown images: busybox-like userland; the default process is a server on the
/// declared containerPorts that exits 143 on SIGTERM.
pub(crate) static FALLBACK: Image = Image {
    name: "unknown image",
    matches: &[],
    flavor: Flavor::Busybox,
    entrypoint: &[],
    cmd: &["/app-server"],
    programs: &[("/app-server", "generic-server")],
    files: &[],
    env: &[],
    workdir: "/",
    has_shell: true,
    known: false,
    stop_signal: 15,
};

/// Repository basename of an image reference: `harbor.wego.red/library/nginx:1.9.0` → `nginx`.
pub(crate) fn repo_basename(image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last_slash = no_digest.rfind('/').map(|i| i + 1).unwrap_or(0);
    let name_tag = &no_digest[last_slash..];
    let name = name_tag.split(':').next().unwrap_or(name_tag);
    name.trim().to_ascii_lowercase()
}

/// The tag as a version (`1.9.0` → [1, 9, 0]); `None` for `latest`, digests and words.
pub(crate) fn tag_version(image: &str) -> Option<Vec<u32>> {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last_slash = no_digest.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (_, tag) = no_digest[last_slash..].split_once(':')?;
    let core = tag.split('-').next().unwrap_or(tag);
    let v: Option<Vec<u32>> = core.split('.').map(|p| p.parse().ok()).collect();
    v.filter(|v| !v.is_empty())
}

pub(crate) fn lookup(image: &str) -> &'static Image {
    let base = repo_basename(image);
    CATALOGUE
        .iter()
        .find(|d| d.matches.contains(&base.as_str()))
        .unwrap_or(&FALLBACK)
}

/// busybox applets present in busybox-flavoured images (the modelled ones and common others).
pub(crate) const BUSYBOX_APPLETS: &[&str] = &[
    "sh",
    "ash",
    "echo",
    "cat",
    "touch",
    "rm",
    "mkdir",
    "rmdir",
    "ls",
    "test",
    "[",
    "kill",
    "killall",
    "tail",
    "nslookup",
    "wget",
    "nc",
    "date",
    "sleep",
    "true",
    "false",
    "printf",
    "hostname",
    "env",
    "pwd",
    "id",
    "whoami",
    "uname",
    "ps",
    "pidof",
    "grep",
    "wc",
    "head",
    "seq",
    "cp",
    "mv",
    "ln",
    "chmod",
    "basename",
    "dirname",
    "yes",
    "tee",
    "which",
    "sed",
    "awk",
    "vi",
    "top",
    "free",
    "df",
    "du",
    "find",
    "xargs",
    "sort",
    "uniq",
    "cut",
    "tr",
    "mount",
    "ping",
    "telnet",
    "timeout",
    "usleep",
    "watch",
    "nohup",
    "expr",
    "stat",
    "readlink",
    "realpath",
    "md5sum",
    "sha256sum",
    "base64",
    "gzip",
    "tar",
    "netstat",
    "ip",
    "ifconfig",
    "route",
    "traceroute",
    "dd",
    "less",
    "more",
    "hexdump",
    "od",
    "ln",
];

/// Debian's awk (mawk, the default `awk` of the essential set), in images under rules 2
/// (`Rule::AwkPrograms`): before, the model's Debian images had no awk.
pub(crate) const DEBIAN_AWK: &[&str] = &["awk", "mawk"];

/// Debian userland (coreutils + friends); no procps/psmisc/wget/nslookup.
pub(crate) const DEBIAN_PROGRAMS: &[&str] = &[
    "sh",
    "dash",
    "bash",
    "echo",
    "cat",
    "touch",
    "rm",
    "mkdir",
    "rmdir",
    "ls",
    "test",
    "[",
    "kill",
    "tail",
    "date",
    "sleep",
    "true",
    "false",
    "printf",
    "hostname",
    "env",
    "pwd",
    "id",
    "whoami",
    "uname",
    "grep",
    "wc",
    "head",
    "seq",
    "cp",
    "mv",
    "ln",
    "chmod",
    "basename",
    "dirname",
    "yes",
    "tee",
    "sed",
    "find",
    "xargs",
    "sort",
    "uniq",
    "cut",
    "tr",
    "mount",
    "timeout",
    "nohup",
    "expr",
    "stat",
    "readlink",
    "realpath",
    "md5sum",
    "sha256sum",
    "base64",
    "gzip",
    "tar",
    "dd",
    "od",
    "du",
    "df",
];

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn registry_prefix_and_tag_are_ignored() {
        assert_eq!(lookup("harbor.wego.red/library/nginx:1.9.0").name, "nginx");
        assert_eq!(lookup("nginx").name, "nginx");
        assert_eq!(lookup("registry.k8s.io/busybox").name, "busybox");
        assert_eq!(
            lookup("harbor.wego.red/library/busyboxplus:latest").name,
            "busybox"
        );
        assert_eq!(
            lookup("k8s.gcr.io/liveness").name,
            "registry.k8s.io/liveness"
        );
        assert_eq!(
            lookup("registry.k8s.io/goproxy:0.1").name,
            "registry.k8s.io/goproxy"
        );
        assert_eq!(lookup("polinux/stress:latest").name, "stress");
        assert_eq!(lookup("myapp:v1").name, "ikubernetes/myapp");
        assert_eq!(lookup("localhost:5000/redis@sha256:abc").name, "redis");
        assert!(!lookup("python:3.12").known);
    }
}
