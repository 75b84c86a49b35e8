//! HTTP as the kernel routes it between a client and a server of the pod: the request, the
//! answer, and the standard reason phrases.

use podlife_spec::SimTime;

use crate::kernel::images::Daemon;

/// One `GET` delivered to the server listening on `port`.
pub(crate) struct HttpRequest<'a> {
    /// Who listens: (container index, pid, which server).
    pub container: usize,
    pub pid: u32,
    pub daemon: Daemon,
    pub port: u16,
    /// The request target as sent (with any query).
    pub path: &'a str,
    /// The path without the query, starting with `/`.
    pub path_only: &'a str,
    pub host_header: &'a str,
    pub now: SimTime,
    pub user_agent: &'a str,
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
