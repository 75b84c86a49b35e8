//! The termination message the kubelet reads when a container ends (kuberuntime_container.go
//! convertToKubeContainerStatus, getTerminationMessage, readLastStringFromContainerLogs): the
//! file at `terminationMessagePath`, else, with `FallbackToLogsOnError` and an error exit, the
//! tail of the instance's log.

use crate::kernel::fs::{self, Entry};
use crate::kernel::process::{LOG_TAIL_BYTES, LOG_TAIL_LINES};
use crate::PodRuntime;

/// kubecontainer.MaxContainerTerminationMessageLength: bytes read from the end of the file.
pub(crate) const MESSAGE_FILE_BYTES: usize = 4096;

impl PodRuntime {
    /// The terminated state's message for the container's latest instance, as the kubelet reads
    /// it when the container has exited: the last 4096 bytes of the file at
    /// `terminationMessagePath` (`tail.ReadAtMost`); when that is missing or empty and the policy
    /// is `FallbackToLogsOnError` with a non-zero `exit_code`, the last 80 lines of its log
    /// (stdout and stderr in order) cut to their last 2048 bytes. `None` when empty. Call it at
    /// the container's `Exited` event, before the next `start` (which gives the instance a fresh
    /// file, as the kubelet mounts one per container).
    pub fn termination_message(&self, container: &str, exit_code: i32) -> Option<String> {
        let container_index = self.container_index(container)?;
        let c = &self.pod.containers[container_index];
        let instance = c.instance.as_ref()?;
        let fallback =
            c.spec.termination_message_policy == "FallbackToLogsOnError" && exit_code != 0;
        let path = &c.spec.termination_message_path;
        let from_file = if path.is_empty() {
            None
        } else {
            self.read_file(container, path)
        };
        let message = match from_file {
            Some(text) if !text.is_empty() => tail_bytes(&text, MESSAGE_FILE_BYTES),
            _ if fallback => {
                let mut text = String::new();
                if let Some(tail) = &instance.log_tail {
                    for line in tail.iter().skip(tail.len().saturating_sub(LOG_TAIL_LINES)) {
                        text.push_str(line);
                    }
                }
                tail_bytes(&text, LOG_TAIL_BYTES)
            }
            _ => String::new(),
        };
        (!message.is_empty()).then_some(message)
    }

    /// Under rules 2: the kubelet bind-mounts a fresh, empty, writable file at the container's
    /// `terminationMessagePath` (`/dev/termination-log`, in every image's tree, is the default).
    pub(crate) fn create_termination_file(&mut self, container_index: usize) {
        let c = &self.pod.containers[container_index];
        let path = fs::normalize("/", &c.spec.termination_message_path);
        if c.spec.termination_message_path.is_empty() || path == "/dev/termination-log" {
            return;
        }
        let mounts = c.mounts.clone();
        let Some(instance) = self.pod.containers[container_index].instance.as_mut() else {
            return;
        };
        let mut view = fs::FsView {
            root: &mut instance.root,
            volumes: &mut self.pod.volumes,
            mounts: &mounts,
        };
        if !view.is_dir(&fs::parent(&path)) {
            let _ = view.mkdir(&fs::parent(&path), true);
        }
        if !matches!(view.stat(&path), Some(Entry::Dir)) {
            let _ = view.write(&path, "", false);
        }
    }
}

/// The last `max` bytes of `text`. Go keeps the bytes of a character cut at the start; the API
/// server's JSON then shows each of them as U+FFFD.
pub(crate) fn tail_bytes(text: &str, max: usize) -> String {
    let start = text.len().saturating_sub(max);
    let mut boundary = start;
    while !text.is_char_boundary(boundary) {
        boundary += 1;
    }
    let mut out = String::with_capacity(text.len() - start + 6);
    for _ in start..boundary {
        out.push('\u{FFFD}');
    }
    out.push_str(&text[boundary..]);
    out
}

#[cfg(test)]
mod tests;
