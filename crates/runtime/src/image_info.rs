//! What the image catalogue knows about an image, for front ends (which commands make sense in
//! `kubectl exec` against it). Read-only: the model's behaviour does not depend on it.

use crate::kernel::fs::{basename, parent};
use crate::kernel::images::{lookup, Flavor, BUSYBOX_APPLETS, DEBIAN_AWK, DEBIAN_PROGRAMS};
use crate::programs::servers::{httpd, nginx};

/// An image as the runtime model sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// Canonical name: `nginx`, `registry.k8s.io/liveness`, `unknown image` (not in the
    /// catalogue).
    pub name: &'static str,
    /// In the catalogue. An unknown image is modelled with a busybox userland in which any
    /// other program runs as the fallback server.
    pub known: bool,
    pub has_shell: bool,
    /// `busybox` (ash, busybox applets), `debian` (dash, GNU coreutils) or `none`.
    pub userland: &'static str,
    /// Names of the executables found on the default `PATH`, sorted.
    pub programs: Vec<&'static str>,
    /// The server the image's default command runs: `nginx`, `httpd`, `redis`, `liveness`,
    /// `goproxy` or `fallback`.
    pub daemon: Option<&'static str>,
    /// Where that server serves files from (nginx, httpd).
    pub web_root: Option<&'static str>,
}

/// The directories of the default `PATH` (`/usr/local/sbin:...:/bin`).
const DEFAULT_PATH: [&str; 6] = [
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// The server a program of the catalogue is, by its program name.
fn server_name(program: &str) -> Option<&'static str> {
    match program {
        "nginx" => Some("nginx"),
        "httpd" => Some("httpd"),
        "redis" => Some("redis"),
        "liveness-server" => Some("liveness"),
        "goproxy" => Some("goproxy"),
        "generic-server" => Some("fallback"),
        _ => None,
    }
}

/// What the catalogue says about `image` (a reference as written in a manifest: registry
/// prefix, tag and digest are ignored as the model ignores them).
pub fn image_info(image: &str) -> ImageInfo {
    let def = lookup(image);
    let userland = match (def.has_shell, def.flavor) {
        (false, _) => "none",
        (true, Flavor::Busybox) => "busybox",
        (true, Flavor::Debian) => "debian",
    };
    let mut programs: Vec<&'static str> = Vec::new();
    if def.has_shell {
        match def.flavor {
            Flavor::Busybox => {
                programs.push("busybox");
                programs.extend(BUSYBOX_APPLETS.iter().copied());
            }
            Flavor::Debian => {
                programs.extend(DEBIAN_PROGRAMS.iter().copied());
                programs.extend(DEBIAN_AWK.iter().copied());
            }
        }
    }
    for (path, _) in def.programs {
        if DEFAULT_PATH.contains(&parent(path).as_str()) {
            programs.push(basename(path));
        }
    }
    podlife_spec::sort::sort(&mut programs);
    programs.dedup();
    // The first argument of the default command that is one of the image's servers.
    let daemon = def.entrypoint.iter().chain(def.cmd.iter()).find_map(|arg| {
        def.programs
            .iter()
            .find(|(path, _)| basename(path) == basename(arg))
            .and_then(|(_, program)| server_name(program))
    });
    let web_root = match daemon {
        Some("nginx") => Some(nginx::WEB_ROOT),
        Some("httpd") => Some(httpd::WEB_ROOT),
        _ => None,
    };
    ImageInfo {
        name: def.name,
        known: def.known,
        has_shell: def.has_shell,
        userland,
        programs,
        daemon,
        web_root,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn catalogue_images() {
        let nginx = image_info("docker.io/library/nginx:1.27");
        assert_eq!(nginx.name, "nginx");
        assert!(nginx.known && nginx.has_shell);
        assert_eq!(nginx.userland, "debian");
        assert_eq!(nginx.daemon, Some("nginx"));
        assert_eq!(nginx.web_root, Some("/usr/share/nginx/html"));
        assert!(nginx.programs.contains(&"nginx") && nginx.programs.contains(&"curl"));
        // Debian images have no wget; not on PATH: the entrypoint script.
        assert!(!nginx.programs.contains(&"wget"));
        assert!(!nginx.programs.contains(&"docker-entrypoint.sh"));
        let mut sorted = nginx.programs.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, nginx.programs);

        let busybox = image_info("busybox:1.28");
        assert_eq!((busybox.userland, busybox.daemon), ("busybox", None));
        assert!(busybox.programs.contains(&"wget") && busybox.programs.contains(&"sh"));

        assert_eq!(image_info("redis").daemon, Some("redis"));
        assert_eq!(
            image_info("httpd:2.4").web_root,
            Some("/usr/local/apache2/htdocs")
        );
        assert_eq!(
            image_info("registry.k8s.io/liveness").daemon,
            Some("liveness")
        );
        assert_eq!(image_info("ikubernetes/myapp:v1").daemon, Some("nginx"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_image_is_the_fallback() {
        let info = image_info("python:3.12");
        assert_eq!(info.name, "unknown image");
        assert!(!info.known);
        assert_eq!(info.userland, "busybox");
        assert_eq!(info.daemon, Some("fallback"));
        assert_eq!(info.web_root, None);
    }
}
