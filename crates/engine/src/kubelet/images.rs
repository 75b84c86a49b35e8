//! The image manager (the kubelet's images/image_manager.go, rules §10): which images the
//! node holds, EnsureImageExists with its pull policy, pulls and their back-off, and the
//! texts of its events; plus image references (normalised names, made-up digests and sizes).

use std::collections::{BTreeMap, BTreeSet};

use podlife_spec::profile::Profile;
use podlife_spec::{PullPolicy, SimTime};

use crate::ids::{fnv64, hex64};
use crate::kubelet::backoff::Backoff;
use crate::kubelet::events::{self, NORMAL, WARNING};
use crate::sim::recorder::Recorder;

/// An image that cannot be used: the start fails with `reason` (the waiting reason, and the
/// `Error: <reason>` event of startContainer) and the waiting `message`.
pub(crate) struct ImageFailure {
    pub(crate) reason: &'static str,
    pub(crate) message: String,
}

/// What EnsureImageExists decided.
pub(crate) enum Ensure {
    /// On the node and the policy allows it: go on to create the container.
    Present,
    /// A pull started; it finishes at `done`.
    Pulling { done: SimTime },
    /// Not usable (§10.2): an ordinary sync error.
    Failed(ImageFailure),
    /// In pull back-off (§10.6) until `expiry`.
    BackOff {
        expiry: SimTime,
        failure: ImageFailure,
    },
}

/// The node's images and the pull back-off (one entry per image: a single pod per node).
pub(crate) struct ImageManager {
    present: BTreeSet<String>,
    pull_backoff: Backoff<String>,
    last_pull_errors: BTreeMap<String, String>,
}

impl ImageManager {
    pub(crate) fn new() -> ImageManager {
        ImageManager {
            present: BTreeSet::new(),
            pull_backoff: Backoff::image_pull(),
            last_pull_errors: BTreeMap::new(),
        }
    }

    /// The images of the node the pod was bound to.
    pub(crate) fn set_node_images<'a>(&mut self, images: impl Iterator<Item = &'a String>) {
        self.present = podlife_spec::sort::tree(images.cloned());
    }

    /// EnsureImageExists up to the start of a pull (§10.2, §10.3, §10.6). Records the image
    /// manager's events on `object` (the container's fieldPath) and opens the `pull` span.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn ensure(
        &mut self,
        recorder: &mut Recorder,
        now: SimTime,
        object: &str,
        container: &str,
        image: &str,
        policy: PullPolicy,
        profile: Profile,
        pull_takes: SimTime,
    ) -> Ensure {
        let present = self.present.contains(image);
        if present && policy != PullPolicy::Always {
            recorder.kubelet_event(
                now,
                object,
                NORMAL,
                events::PULLED,
                profile.image_present_message(image),
            );
            return Ensure::Present;
        }
        if policy == PullPolicy::Never {
            // §10.2
            let message =
                format!("Container image \"{image}\" is not present with pull policy of Never");
            recorder.kubelet_event(
                now,
                object,
                WARNING,
                events::ERR_IMAGE_NEVER_PULL,
                message.clone(),
            );
            return Ensure::Failed(ImageFailure {
                reason: "ErrImageNeverPull",
                message,
            });
        }
        if let Some(last) = self.pull_backoff.last_update(image) {
            if self.pull_backoff.in_backoff_since(image, last, now) {
                // §10.6
                let error = self
                    .last_pull_errors
                    .get(image)
                    .cloned()
                    .unwrap_or_default();
                recorder.kubelet_event(
                    now,
                    object,
                    NORMAL,
                    events::BACK_OFF,
                    format!("Back-off pulling image \"{image}\""),
                );
                return Ensure::BackOff {
                    expiry: last + SimTime::from_millis(self.pull_backoff.get(image)),
                    failure: ImageFailure {
                        reason: "ImagePullBackOff",
                        message: format!(
                            "Back-off pulling image \"{image}\": ErrImagePull: {error}"
                        ),
                    },
                };
            }
        }
        recorder.kubelet_event(
            now,
            object,
            NORMAL,
            events::PULLING,
            format!("Pulling image \"{image}\""),
        );
        recorder.span_open(now, "pull", Some(container), image.to_string());
        Ensure::Pulling {
            done: now + pull_takes,
        }
    }

    /// The end of a pull started at `started` (§10.4, §10.5): the registry has the image
    /// unless it is `missing`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finish_pull(
        &mut self,
        recorder: &mut Recorder,
        now: SimTime,
        object: &str,
        container: &str,
        image: &str,
        started: SimTime,
        missing: bool,
    ) -> Result<(), ImageFailure> {
        recorder.span_close(now, "pull", Some(container));
        if missing {
            let error = not_found_error(image);
            recorder.kubelet_event(
                now,
                object,
                WARNING,
                events::FAILED,
                format!("Failed to pull image \"{image}\": {error}"),
            );
            self.pull_backoff.next(&image.to_string(), now, now);
            self.last_pull_errors
                .insert(image.to_string(), error.clone());
            return Err(ImageFailure {
                reason: "ErrImagePull",
                message: error,
            });
        }
        let took = podlife_spec::format_go_duration(now.saturating_sub(started).as_millis());
        recorder.kubelet_event(
            now,
            object,
            NORMAL,
            events::PULLED,
            format!(
                "Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {} bytes.",
                image_size(image)
            ),
        );
        self.present.insert(image.to_string());
        Ok(())
    }
}

/// `nginx` → `docker.io/library/nginx:latest`; `foo/bar:1` → `docker.io/foo/bar:1`;
/// `registry.k8s.io/busybox` → `registry.k8s.io/busybox:latest`. Digests are kept.
pub fn normalize(image: &str) -> String {
    let (name, suffix) = if let Some(at) = image.find('@') {
        (&image[..at], image[at..].to_string())
    } else {
        let last_slash = image.rfind('/').map(|i| i + 1).unwrap_or(0);
        match image[last_slash..].rfind(':') {
            Some(c) => (
                &image[..last_slash + c],
                image[last_slash + c..].to_string(),
            ),
            None => (image, ":latest".to_string()),
        }
    };
    let first = name.split('/').next().unwrap_or("");
    let has_registry =
        name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let full = if has_registry {
        name.to_string()
    } else if name.contains('/') {
        format!("docker.io/{name}")
    } else {
        format!("docker.io/library/{name}")
    };
    format!("{full}{suffix}")
}

/// The repository part of a normalised reference (no tag or digest).
pub fn repository(image: &str) -> String {
    let n = normalize(image);
    if let Some(at) = n.find('@') {
        return n[..at].to_string();
    }
    let last_slash = n.rfind('/').map(|i| i + 1).unwrap_or(0);
    match n[last_slash..].rfind(':') {
        Some(c) => n[..last_slash + c].to_string(),
        None => n,
    }
}

/// `docker.io/library/busybox@sha256:<made-up digest>`.
pub fn image_id(image: &str) -> String {
    format!(
        "{}@sha256:{}",
        repository(image),
        hex64(&["image", &normalize(image)])
    )
}

/// A plausible, deterministic compressed image size in bytes (not a real measurement).
pub fn image_size(image: &str) -> u64 {
    let n = normalize(image);
    let base: u64 = if n.contains("busybox") {
        2_150_000
    } else if n.contains("alpine") {
        3_600_000
    } else if n.contains("nginx") {
        72_000_000
    } else {
        30_000_000
    };
    base + fnv64(&[&n]) % 1_000_000
}

/// The containerd error text for a pull of an image the registry does not have.
pub fn not_found_error(image: &str) -> String {
    let n = normalize(image);
    format!(
        "rpc error: code = NotFound desc = failed to pull and unpack image \"{n}\": failed to resolve reference \"{n}\": {n}: not found"
    )
}

#[cfg(test)]
mod tests;
