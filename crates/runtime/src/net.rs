//! The pod network as the model sees it: listeners in the shared network namespace, the HTTP
//! answers of known servers, cluster DNS, and the simulated wall clock used in log texts.

use podlife_spec::civil::civil;
use podlife_spec::SimTime;

use crate::fs::{normalize, Entry};
use crate::images::Daemon;
use crate::process::{PodState, ProcKind};
use crate::shell::vm::Stream;

/// Wall-clock time of pod creation in the simulation (2025-01-01T00:00:00Z), used only where
/// processes print dates (`date`, nginx logs).
pub const SIM_EPOCH_UNIX: u64 = podlife_spec::civil::EPOCH_UNIX_SECS;

/// `2025/01/01 00:00:05` (nginx error log).
pub fn nginx_time(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `01/Jan/2025:00:00:05 +0000` (access log).
pub fn clf_time(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000",
        c.day,
        c.month_name(),
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// `Wed Jan  1 00:00:05 UTC 2025` (`date`).
pub fn date_string(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} UTC {}",
        c.weekday_name(),
        c.month_name(),
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}

pub(crate) enum Http {
    Refused,
    /// The server closed the connection without an HTTP answer.
    Eof,
    Response {
        status: u16,
        body: String,
        location: Option<String>,
    },
}

pub(crate) fn reason_phrase(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "",
    }
}

fn nginx_error_page(code: u16, version: &str) -> String {
    format!(
        "<html>\r\n<head><title>{code} {r}</title></head>\r\n<body>\r\n<center><h1>{code} {r}</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n",
        r = reason_phrase(code)
    )
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Deterministic ClusterIP of a Service.
pub fn service_ip(ns: &str, name: &str) -> String {
    match (ns, name) {
        ("default", "kubernetes") => return "10.96.0.1".into(),
        ("kube-system", "kube-dns") => return "10.96.0.10".into(),
        _ => {}
    }
    let h = fnv(&format!("{ns}/{name}"));
    format!(
        "10.{}.{}.{}",
        96 + (h % 16),
        (h >> 8) % 256,
        2 + (h >> 16) % 250
    )
}

const PUBLIC_TLDS: [&str; 14] = [
    "com", "net", "org", "io", "cn", "dev", "co", "edu", "gov", "me", "app", "cloud", "info", "de",
];

impl PodState {
    /// Who listens on `port` in the pod's network namespace at `now`.
    pub fn listener(&self, port: u16, now: SimTime) -> Option<(usize, u32, Daemon)> {
        for (ci, c) in self.ctrs.iter().enumerate() {
            let Some(inst) = &c.inst else { continue };
            if !inst.alive {
                continue;
            }
            for p in inst.procs.values() {
                if let Some(d) = p.daemon {
                    if p.ports.contains(&port) && p.listen_from <= now && !p.stopping {
                        return Some((ci, p.pid, d));
                    }
                }
            }
        }
        None
    }

    /// Whether `host` names this pod (its IP, localhost or its hostname).
    pub fn is_self(&self, host: &str) -> bool {
        host == self.pod_ip
            || host == "localhost"
            || host == "127.0.0.1"
            || host == "::1"
            || host == self.hostname
            || host == "0.0.0.0"
    }

    /// Cluster DNS as seen from the pod (ndots 5, search `<ns>.svc.cluster.local svc.cluster.local
    /// cluster.local`). Returns (fqdn, ip).
    pub fn resolve(&self, name: &str) -> Option<(String, String)> {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if name.is_empty() {
            return None;
        }
        if name == "localhost" {
            return Some(("localhost".into(), "127.0.0.1".into()));
        }
        if name == self.hostname {
            return Some((name.clone(), self.pod_ip.clone()));
        }
        if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
            return Some((name.clone(), name));
        }
        let mut cands = Vec::new();
        if name.matches('.').count() < 5 {
            cands.push(format!("{name}.{}.svc.cluster.local", self.namespace));
            cands.push(format!("{name}.svc.cluster.local"));
            cands.push(format!("{name}.cluster.local"));
        }
        cands.push(name.clone());
        for fq in &cands {
            if let Some(rest) = fq.strip_suffix(".svc.cluster.local") {
                let mut it = rest.split('.');
                if let (Some(svc), Some(ns), None) = (it.next(), it.next(), it.next()) {
                    let exists = self.services.contains(&(ns.to_string(), svc.to_string()))
                        || (ns == "default" && svc == "kubernetes")
                        || (ns == "kube-system" && svc == "kube-dns");
                    if exists {
                        return Some((fq.clone(), service_ip(ns, svc)));
                    }
                }
            }
        }
        let last = name.rsplit('.').next().unwrap_or("");
        if name.contains('.') && PUBLIC_TLDS.contains(&last) {
            let h = fnv(&name);
            return Some((
                name.clone(),
                format!("93.184.{}.{}", (h >> 8) % 256, 1 + h % 250),
            ));
        }
        None
    }

    /// One HTTP GET against the pod's own listeners (`from_probe` selects the User-Agent
    /// written to access logs).
    pub fn http_get(
        &mut self,
        port: u16,
        path: &str,
        host_header: &str,
        now: SimTime,
        user_agent: &str,
    ) -> Http {
        let Some((ci, pid, daemon)) = self.listener(port, now) else {
            return Http::Refused;
        };
        let path_only = path.split('?').next().unwrap_or("/").to_string();
        let path_only = if path_only.starts_with('/') {
            path_only
        } else {
            format!("/{path_only}")
        };
        let client = client_ip(&self.pod_ip);
        match daemon {
            Daemon::Nginx => {
                let version = self.ctrs[ci]
                    .env
                    .get("NGINX_VERSION")
                    .cloned()
                    .unwrap_or_else(|| "1.27.3".into());
                let version = version.as_str();
                let root = "/usr/share/nginx/html";
                let full = normalize("/", &format!("{root}{path_only}"));
                let (status, body, location, err) = {
                    let fsv = self.fs_of(ci);
                    let stat = fsv.as_ref().and_then(|(t, v, m)| stat_in(t, v, m, &full));
                    if path_only.ends_with('/') {
                        match stat {
                            Some(Entry::Dir) => {
                                let idx = ["index.html", "index.htm"].iter().find_map(|i| {
                                    let p = format!("{}/{i}", full.trim_end_matches('/'));
                                    match fsv.as_ref().and_then(|(t, v, m)| stat_in(t, v, m, &p)) {
                                        Some(Entry::File(s)) => Some(s),
                                        _ => None,
                                    }
                                });
                                match idx {
                                    Some(s) => (200, s, None, None),
                                    None => (403, nginx_error_page(403, version), None, Some(format!("directory index of \"{full}/\" is forbidden"))),
                                }
                            }
                            _ => (404, nginx_error_page(404, version), None, Some(format!("\"{full}/index.html\" is not found (2: No such file or directory)"))),
                        }
                    } else {
                        match stat {
                            Some(Entry::File(s)) => (200, s, None, None),
                            Some(Entry::Dir) => {
                                let loc = if port == 80 {
                                    format!("http://{host_header}{path_only}/")
                                } else {
                                    format!("http://{host_header}:{port}{path_only}/")
                                };
                                (301, nginx_error_page(301, version), Some(loc), None)
                            }
                            None => (
                                404,
                                nginx_error_page(404, version),
                                None,
                                Some(format!(
                                    "open() \"{full}\" failed (2: No such file or directory)"
                                )),
                            ),
                        }
                    }
                };
                let wpid = pid + 1;
                let mut out = vec![(
                    Stream::Stdout,
                    format!("{client} - - [{}] \"GET {path} HTTP/1.1\" {status} {} \"-\" \"{user_agent}\" \"-\"\n", clf_time(now), body.len()),
                )];
                if let Some(e) = err {
                    self.conn_counter += 1;
                    out.insert(
                        0,
                        (
                            Stream::Stderr,
                            format!(
                                "{} [error] {wpid}#{wpid}: *{} {e}, client: {client}, server: localhost, request: \"GET {path} HTTP/1.1\", host: \"{}:{port}\"\n",
                                nginx_time(now),
                                self.conn_counter,
                                self.pod_ip
                            ),
                        ),
                    );
                }
                let session = self
                    .inst(ci)
                    .and_then(|i| i.procs.get(&pid))
                    .and_then(|p| p.session);
                self.emit(ci, session, now, out);
                Http::Response {
                    status,
                    body,
                    location,
                }
            }
            Daemon::Liveness => {
                let started = self
                    .inst(ci)
                    .and_then(|i| i.procs.get(&pid))
                    .map(|p| p.started)
                    .unwrap_or(now);
                let el = now.saturating_sub(started);
                match path_only.as_str() {
                    "/healthz" => {
                        if el.as_millis() > 10_000 {
                            Http::Response {
                                status: 500,
                                body: format!("error: {}", go_float_secs(el)),
                                location: None,
                            }
                        } else {
                            Http::Response {
                                status: 200,
                                body: "ok".into(),
                                location: None,
                            }
                        }
                    }
                    "/started" => Http::Response {
                        status: 200,
                        body: podlife_spec::format_go_duration(el.as_millis()),
                        location: None,
                    },
                    _ => Http::Response {
                        status: 404,
                        body: "404 page not found\n".into(),
                        location: None,
                    },
                }
            }
            Daemon::GoProxy => Http::Response {
                status: 500,
                body: "This is a proxy server. Does not respond to non-proxy requests.\n".into(),
                location: None,
            },
            Daemon::Httpd => {
                let full = normalize("/", &format!("/usr/local/apache2/htdocs{path_only}"));
                let fsv = self.fs_of(ci);
                let stat = fsv.as_ref().and_then(|(t, v, m)| stat_in(t, v, m, &full));
                match stat {
                    Some(Entry::File(s)) => Http::Response { status: 200, body: s, location: None },
                    Some(Entry::Dir) => {
                        let p = format!("{}/index.html", full.trim_end_matches('/'));
                        match fsv.as_ref().and_then(|(t, v, m)| stat_in(t, v, m, &p)) {
                            Some(Entry::File(s)) => Http::Response { status: 200, body: s, location: None },
                            _ => Http::Response { status: 200, body: format!("<html><head><title>Index of {path_only}</title></head></html>\n"), location: None },
                        }
                    }
                    None => Http::Response {
                        status: 404,
                        body: "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n".into(),
                        location: None,
                    },
                }
            }
            Daemon::Redis => Http::Eof,
            Daemon::Stress => Http::Refused,
            Daemon::Generic => Http::Response {
                status: 200,
                body: "ok".into(),
                location: None,
            },
        }
    }

    fn fs_of(
        &self,
        ci: usize,
    ) -> Option<(
        &crate::fs::Layered,
        &std::collections::BTreeMap<String, crate::fs::Tree>,
        &[crate::fs::Mount],
    )> {
        let c = self.ctrs.get(ci)?;
        let i = c.inst.as_ref()?;
        Some((&i.root, &self.volumes, &c.mounts))
    }

    /// Whether a shell of this container is waiting (used by explanations/tests).
    #[allow(dead_code)]
    pub fn has_shell(&self, ci: usize) -> bool {
        self.inst(ci).is_some_and(|i| {
            i.procs
                .values()
                .any(|p| matches!(p.kind, ProcKind::Shell(_)))
        })
    }
}

/// Read-only stat through a container's mounts.
pub(crate) fn stat_in(
    root: &crate::fs::Layered,
    vols: &std::collections::BTreeMap<String, crate::fs::Tree>,
    mounts: &[crate::fs::Mount],
    path: &str,
) -> Option<Entry> {
    match crate::fs::mount_of(mounts, vols, path) {
        Some((m, inner)) => vols.get(&m.volume)?.get(&inner).cloned(),
        None => root.get(path).cloned(),
    }
}

/// The address probes come from: the node's bridge on the pod subnet (x.y.z.1).
pub(crate) fn client_ip(pod_ip: &str) -> String {
    match pod_ip.rsplit_once('.') {
        Some((net, _)) => format!("{net}.1"),
        None => pod_ip.to_string(),
    }
}

/// Go's `%v` of a float64 number of seconds (shortest representation).
fn go_float_secs(d: SimTime) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}", ms / 1000)
    } else {
        let s = format!("{}.{:03}", ms / 1000, ms % 1000);
        s.trim_end_matches('0').to_string()
    }
}
