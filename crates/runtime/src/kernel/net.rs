//! The pod network as the model sees it: listeners in the shared network namespace, HTTP
//! requests routed to the server that listens (its answer comes from the programs layer), and
//! cluster DNS.

use std::collections::BTreeMap;

use podlife_spec::SimTime;

use crate::api::HttpAnswer;
use crate::kernel::fs::{Layered, Mount, Tree};
use crate::kernel::http::HttpRequest;
use crate::kernel::images::Daemon;
use crate::kernel::process::PodState;

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
        for (container_index, c) in self.containers.iter().enumerate() {
            let Some(instance) = &c.instance else {
                continue;
            };
            if !instance.alive {
                continue;
            }
            for p in instance.processes.values() {
                if let Some(d) = p.daemon {
                    if p.ports.contains(&port) && p.listen_from <= now && !p.stopping {
                        return Some((container_index, p.pid, d));
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
                    let exists = self
                        .services
                        .contains_key(&(ns.to_string(), svc.to_string()))
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

    /// One HTTP GET against the pod's own listeners, answered by the server that listens
    /// (`user_agent` is what access logs show).
    pub fn http_get(
        &mut self,
        port: u16,
        path: &str,
        host_header: &str,
        now: SimTime,
        user_agent: &str,
    ) -> HttpAnswer {
        let Some((container_index, pid, daemon)) = self.listener(port, now) else {
            return HttpAnswer::Refused;
        };
        let path_only = path.split('?').next().unwrap_or("/").to_string();
        let path_only = if path_only.starts_with('/') {
            path_only
        } else {
            format!("/{path_only}")
        };
        let request = HttpRequest {
            container: container_index,
            pid,
            daemon,
            port,
            path,
            path_only: &path_only,
            host_header,
            now,
            user_agent,
        };
        let servers = self.servers;
        servers.http_get(self, &request)
    }

    /// The files container `ci` sees: its root, the pod's volumes and its mounts.
    pub fn filesystem_of(
        &self,
        container_index: usize,
    ) -> Option<(&Layered, &BTreeMap<String, Tree>, &[Mount])> {
        let c = self.containers.get(container_index)?;
        let i = c.instance.as_ref()?;
        Some((&i.root, &self.volumes, &c.mounts))
    }
}

/// The address probes come from: the node's bridge on the pod subnet (x.y.z.1).
pub(crate) fn client_ip(pod_ip: &str) -> String {
    match pod_ip.rsplit_once('.') {
        Some((net, _)) => format!("{net}.1"),
        None => pod_ip.to_string(),
    }
}

/// How Go's dialer names the address it failed to reach (`localhost` resolves first).
pub(crate) fn dial_addr(host: &str) -> &str {
    if host == "localhost" {
        "127.0.0.1"
    } else {
        host
    }
}
