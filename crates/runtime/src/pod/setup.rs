//! What a fresh container instance starts with: the image's files, the files the kubelet
//! manages (`/etc/hosts`, `/etc/resolv.conf`, the service-account token), mount points, a
//! created workingDir; and its environment.

use std::collections::BTreeMap;

use podlife_spec::profile::Rule;
use podlife_spec::VolumeSource;

use crate::kernel::container;
use crate::kernel::executables::{userland, MARKER};
use crate::kernel::fs::{self, Entry};
use crate::kernel::images;
use crate::kernel::process::PodState;
use crate::PodRuntime;

const SA_DIR: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

impl PodRuntime {
    /// The image's files, kubelet-managed files and mount points of a fresh instance.
    pub(crate) fn populate(&self, container_index: usize, root: &mut fs::Tree) {
        let c = &self.pod.containers[container_index];
        for d in [
            "/bin",
            "/dev",
            "/etc",
            "/home",
            "/lib",
            "/media",
            "/mnt",
            "/opt",
            "/proc",
            "/root",
            "/run",
            "/sbin",
            "/srv",
            "/sys",
            "/tmp",
            "/usr",
            "/usr/bin",
            "/usr/sbin",
            "/usr/local",
            "/usr/local/bin",
            "/usr/share",
            "/var",
            "/var/run",
            "/var/log",
            "/var/tmp",
        ] {
            root.insert(d.to_string(), Entry::Dir);
        }
        // Every path in the tree has all its ancestors, so the climb stops at the first one
        // that exists.
        let add = |root: &mut fs::Tree, path: &str, content: String| {
            let mut p = fs::parent(path);
            while p != "/" && !root.contains_key(&p) {
                let up = fs::parent(&p);
                root.insert(p, Entry::Dir);
                p = up;
            }
            root.insert(path.to_string(), Entry::File(content));
        };
        if c.image.has_shell {
            let awk = self.pod.profile.has(Rule::AwkPrograms);
            for (p, content) in userland(c.image.flavor, awk) {
                add(root, &p, content);
            }
        }
        for (p, prog) in c.image.programs {
            add(root, p, format!("{}{prog}\n", MARKER));
        }
        for (p, content) in c.image.files {
            add(root, p, content.to_string());
        }
        if c.image.name == "ikubernetes/myapp" {
            add(
                root,
                "/usr/share/nginx/html/hostname.html",
                format!("{}\n", self.pod.hostname),
            );
        }
        add(root, "/etc/hostname", format!("{}\n", self.pod.hostname));
        // With a subdomain the pod's FQDN comes first (kubelet's managed hosts file).
        let names = match &self.subdomain {
            Some(sd) => format!(
                "{h}.{sd}.{ns}.svc.cluster.local\t{h}",
                h = self.pod.hostname,
                ns = self.pod.namespace
            ),
            None => self.pod.hostname.clone(),
        };
        add(root, "/etc/hosts", format!("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{}\t{names}\n", self.pod.pod_ip));
        add(root, "/etc/resolv.conf", format!("search {}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n", self.pod.namespace));
        add(root, "/dev/termination-log", String::new());
        if self.automount {
            add(
                root,
                &format!("{SA_DIR}/namespace"),
                self.pod.namespace.clone(),
            );
            add(
                root,
                &format!("{SA_DIR}/token"),
                "eyJhbGciOiJSUzI1NiJ9.podlife.simulated\n".into(),
            );
            add(
                root,
                &format!("{SA_DIR}/ca.crt"),
                "-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n".into(),
            );
        }
        // The runtime creates a missing workingDir.
        if let Some(wd) = c.spec.working_dir.as_deref().filter(|w| w.starts_with('/')) {
            let mut p = fs::normalize("/", wd);
            while p != "/" {
                if !matches!(root.get(&p), Some(Entry::Dir)) {
                    root.insert(p.clone(), Entry::Dir);
                }
                p = fs::parent(&p);
            }
        }
        for m in &c.mounts {
            let mut p = m.path.clone();
            let mut dirs = vec![p.clone()];
            while p != "/" {
                p = fs::parent(&p);
                dirs.push(p.clone());
            }
            for d in dirs {
                if !matches!(root.get(&d), Some(Entry::Dir)) {
                    root.insert(d, Entry::Dir);
                }
            }
        }
    }

    /// The environment a container's processes start with: PATH, the image's variables,
    /// HOSTNAME and HOME, the `kubernetes` Service's variables, then the container's own.
    pub(crate) fn base_env(pod: &PodState, container_index: usize) -> BTreeMap<String, String> {
        let c = &pod.containers[container_index];
        let mut env = BTreeMap::new();
        env.insert(
            "PATH".to_string(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        );
        for (k, v) in c.image.env {
            env.insert(k.to_string(), v.to_string());
        }
        // nginx:1.9.0 says `nginx/1.9.0` in its pages and logs.
        if c.image.name == "nginx" {
            if let Some(v) = images::tag_version(&c.spec.image).filter(|v| v.len() == 3) {
                env.insert(
                    "NGINX_VERSION".into(),
                    format!("{}.{}.{}", v[0], v[1], v[2]),
                );
            }
        }
        env.insert("HOSTNAME".to_string(), pod.hostname.clone());
        env.insert("HOME".to_string(), "/root".to_string());
        env.insert(
            "KUBERNETES_SERVICE_HOST".to_string(),
            "10.96.0.1".to_string(),
        );
        env.insert("KUBERNETES_SERVICE_PORT".to_string(), "443".to_string());
        env.insert(
            "KUBERNETES_SERVICE_PORT_HTTPS".to_string(),
            "443".to_string(),
        );
        env.insert(
            "KUBERNETES_PORT".to_string(),
            "tcp://10.96.0.1:443".to_string(),
        );
        env.insert(
            "KUBERNETES_PORT_443_TCP".to_string(),
            "tcp://10.96.0.1:443".to_string(),
        );
        env.insert(
            "KUBERNETES_PORT_443_TCP_ADDR".to_string(),
            "10.96.0.1".to_string(),
        );
        env.insert(
            "KUBERNETES_PORT_443_TCP_PORT".to_string(),
            "443".to_string(),
        );
        env.insert(
            "KUBERNETES_PORT_443_TCP_PROTO".to_string(),
            "tcp".to_string(),
        );
        for (k, v) in container::expansion_env(c).into_iter().skip(8) {
            env.insert(k, v);
        }
        let _ = VolumeSource::EmptyDir;
        env
    }
}

#[cfg(test)]
mod tests;
