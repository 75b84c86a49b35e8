//! An HTTP GET from inside the pod, as `wget` and `curl` make it: resolve the host, connect,
//! follow redirects.

use crate::api::HttpAnswer;
use crate::kernel::process::Syscalls;

/// Splits `http://host:port/path` (scheme optional).
pub(crate) fn parse_url(u: &str) -> (String, u16, String) {
    let rest = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(u);
    let https = u.starts_with("https://");
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (
            h.to_string(),
            p.parse().unwrap_or(if https { 443 } else { 80 }),
        ),
        None => (hostport.to_string(), if https { 443 } else { 80 }),
    };
    (host, port, path)
}

pub(crate) enum Fetch {
    BadHost,
    Refused(String),
    Eof(String),
    Ok {
        status: u16,
        body: String,
        ip: String,
    },
}

pub(crate) fn fetch(
    sys: &mut Syscalls,
    host: &str,
    port: u16,
    path: &str,
    user_agent: &str,
) -> Fetch {
    let ip = if sys.pod.is_self(host) {
        if host == "localhost" {
            "127.0.0.1".to_string()
        } else {
            sys.pod.pod_ip.clone()
        }
    } else {
        match sys.pod.resolve(host) {
            Some((_, ip)) => ip,
            None => return Fetch::BadHost,
        }
    };
    if !(sys.pod.is_self(host) || ip == sys.pod.pod_ip || ip == "127.0.0.1") {
        // Other pods and Services are outside the model: nothing answers.
        return Fetch::Refused(ip);
    }
    let mut path = path.to_string();
    for _ in 0..10 {
        let host_header = if port == 80 {
            host.to_string()
        } else {
            format!("{host}:{port}")
        };
        match sys
            .pod
            .http_get(port, &path, &host_header, sys.now, user_agent)
        {
            HttpAnswer::Refused => return Fetch::Refused(ip),
            HttpAnswer::Eof => return Fetch::Eof(ip),
            HttpAnswer::Response {
                status,
                body,
                location,
            } => {
                if let (301 | 302, Some(loc)) = (status, location) {
                    let (_, _, p) = parse_url(&loc);
                    path = p;
                    continue;
                }
                return Fetch::Ok { status, body, ip };
            }
        }
    }
    Fetch::Eof(ip)
}
