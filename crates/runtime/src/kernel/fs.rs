//! Per-instance container filesystem plus pod volumes. Paths are absolute and normalised;
//! a tree maps each path to a directory or a file. Volumes are trees of their own, mounted
//! at a path (the longest mount prefix wins, as in the kernel).

use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    Dir,
    File(String),
}

pub(crate) type Tree = BTreeMap<String, Entry>;

/// A container's root filesystem: the image's tree, shared by every instance, under this
/// instance's own changes, as an overlay filesystem does. Starting an instance then costs no
/// copy of the image.
#[derive(Clone, Debug)]
pub(crate) struct Layered {
    base: Arc<Tree>,
    /// Paths this instance created or changed.
    upper: Tree,
    /// Paths of `base` this instance removed (overlayfs's whiteouts), never also in `upper`: a
    /// list, at most the base's few files, rather than `None` entries in `upper`, which would
    /// be one more map type in the page's module.
    removed: Vec<String>,
}

impl Layered {
    pub fn new(base: Arc<Tree>) -> Layered {
        Layered {
            base,
            upper: Tree::new(),
            removed: Vec::new(),
        }
    }

    fn is_removed(&self, path: &str) -> bool {
        self.removed.iter().any(|r| r == path)
    }

    pub fn get(&self, path: &str) -> Option<&Entry> {
        match self.upper.get(path) {
            Some(e) => Some(e),
            None if self.is_removed(path) => None,
            None => self.base.get(path),
        }
    }

    /// Whether this instance changed any of `dirs` or anything under them.
    pub fn upper_has_under_any<'d>(&self, dirs: impl Iterator<Item = &'d str> + Clone) -> bool {
        // An instance usually changed a handful of paths: scanning them beats range lookups.
        if self.upper.len() + self.removed.len() <= 16 {
            return self
                .upper
                .keys()
                .chain(&self.removed)
                .any(|k| dirs.clone().any(|d| is_under(k, d)));
        }
        dirs.into_iter().any(|d| self.upper_has_under(d))
    }

    /// Whether this instance changed `dir` or anything under it.
    pub fn upper_has_under(&self, dir: &str) -> bool {
        self.upper
            .range::<str, _>((std::ops::Bound::Included(dir), std::ops::Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(dir))
            .any(|(k, _)| is_under(k, dir))
            || self.removed.iter().any(|k| is_under(k, dir))
    }

    fn get_mut(&mut self, path: &str) -> Option<&mut Entry> {
        if !self.upper.contains_key(path) {
            if self.is_removed(path) {
                return None;
            }
            let e = self.base.get(path)?.clone();
            self.upper.insert(path.to_string(), e);
        }
        self.upper.get_mut(path)
    }

    pub fn insert(&mut self, path: String, e: Entry) {
        self.removed.retain(|r| *r != path);
        self.upper.insert(path, e);
    }

    fn remove(&mut self, path: &str) {
        self.upper.remove(path);
        if self.base.contains_key(path) && !self.is_removed(path) {
            self.removed.push(path.to_string());
        }
    }

    /// Visible paths starting with `prefix`, sorted, each once.
    fn keys_with_prefix<'s>(&'s self, prefix: &'s str) -> impl Iterator<Item = &'s String> + 's {
        let base = self
            .base
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .map(|(k, _)| k)
            .take_while(move |k| k.starts_with(prefix))
            .filter(|k| !self.upper.contains_key(k.as_str()) && !self.is_removed(k));
        let upper = self
            .upper
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .map(|(k, _)| k)
            .take_while(move |k| k.starts_with(prefix));
        base.chain(upper)
    }
}

/// Whether `path` is `dir` or under it.
fn is_under(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|r| r.is_empty() || r.starts_with('/'))
}

/// The tree a path lives in, for writing.
enum TreeMut<'t> {
    Vol(&'t mut Tree),
    Root(&'t mut Layered),
}

impl TreeMut<'_> {
    fn get(&self, p: &str) -> Option<&Entry> {
        match self {
            TreeMut::Vol(t) => t.get(p),
            TreeMut::Root(t) => t.get(p),
        }
    }

    fn get_mut(&mut self, p: &str) -> Option<&mut Entry> {
        match self {
            TreeMut::Vol(t) => t.get_mut(p),
            TreeMut::Root(t) => t.get_mut(p),
        }
    }

    fn insert(&mut self, p: String, e: Entry) {
        match self {
            TreeMut::Vol(t) => {
                t.insert(p, e);
            }
            TreeMut::Root(t) => t.insert(p, e),
        }
    }

    fn remove(&mut self, p: &str) {
        match self {
            TreeMut::Vol(t) => {
                t.remove(p);
            }
            TreeMut::Root(t) => t.remove(p),
        }
    }
}

/// The tree a path lives in, for reading.
enum TreeRef<'t> {
    Vol(&'t Tree),
    Root(&'t Layered),
}

pub(crate) fn new_tree() -> Tree {
    let mut t = Tree::new();
    t.insert("/".to_string(), Entry::Dir);
    t
}

#[derive(Clone, Debug)]
pub(crate) struct Mount {
    pub path: String,
    pub volume: String,
    pub read_only: bool,
    /// `subPath`: the directory of the volume mounted here (`None` = its root).
    pub sub: Option<String>,
}

/// The mount that holds `path` (longest prefix wins) and the path inside its volume.
pub(crate) fn mount_of<'m>(
    mounts: &'m [Mount],
    volumes: &BTreeMap<String, Tree>,
    path: &str,
) -> Option<(&'m Mount, String)> {
    let mut best: Option<&Mount> = None;
    for m in mounts {
        let mp = m.path.trim_end_matches('/');
        let hit = path == m.path
            || (path.len() > mp.len() && path.starts_with(mp) && path.as_bytes()[mp.len()] == b'/');
        if hit
            && best.is_none_or(|b| m.path.len() > b.path.len())
            && volumes.contains_key(&m.volume)
        {
            best = Some(m);
        }
    }
    let m = best?;
    let rest = &path[m.path.trim_end_matches('/').len().min(path.len())..];
    let inner = match &m.sub {
        Some(sub) => normalize("/", &format!("{sub}/{rest}")),
        None if rest.is_empty() => "/".to_string(),
        None => rest.to_string(),
    };
    Some((m, inner))
}

/// Read-only stat through a container's mounts.
pub(crate) fn stat_in(
    root: &Layered,
    volumes: &BTreeMap<String, Tree>,
    mounts: &[Mount],
    path: &str,
) -> Option<Entry> {
    match mount_of(mounts, volumes, path) {
        Some((m, inner)) => volumes.get(&m.volume)?.get(&inner).cloned(),
        None => root.get(path).cloned(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FsError {
    NotFound,
    NotDir,
    IsDir,
    ReadOnly,
    Exists,
    NotEmpty,
    Busy,
    NoSpace,
}

/// Largest file the model keeps (a doubling loop must not exhaust memory).
pub(crate) const MAX_FILE_BYTES: usize = 8 << 20;

impl FsError {
    pub fn strerror(self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::NotDir => "Not a directory",
            FsError::IsDir => "Is a directory",
            FsError::ReadOnly => "Read-only file system",
            FsError::Exists => "File exists",
            FsError::NotEmpty => "Directory not empty",
            FsError::Busy => "Resource busy",
            FsError::NoSpace => "No space left on device",
        }
    }
}

/// Normalises `path` against `cwd`: absolute, no `.`/`..`, no trailing slash (except `/`).
pub(crate) fn normalize(cwd: &str, path: &str) -> String {
    let full = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{}", cwd.trim_end_matches('/'), path)
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    if out.is_empty() {
        "/".to_string()
    } else {
        format!("/{}", out.join("/"))
    }
}

pub(crate) fn parent(path: &str) -> String {
    match path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(i) => path[..i].to_string(),
    }
}

pub(crate) fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A container's view: its own root tree plus the pod's volumes at their mount points.
pub(crate) struct FsView<'a> {
    pub root: &'a mut Layered,
    pub volumes: &'a mut BTreeMap<String, Tree>,
    pub mounts: &'a [Mount],
}

enum Loc<'m> {
    Root(String),
    Vol(&'m Mount, String),
}

impl FsView<'_> {
    fn locate(&self, path: &str) -> Loc<'_> {
        match mount_of(self.mounts, self.volumes, path) {
            Some((m, inner)) => Loc::Vol(m, inner),
            None => Loc::Root(path.to_string()),
        }
    }

    fn tree_for_reading(&self, path: &str) -> (TreeRef<'_>, String) {
        match self.locate(path) {
            Loc::Root(p) => (TreeRef::Root(self.root), p),
            Loc::Vol(m, p) => match self.volumes.get(&m.volume) {
                Some(t) => (TreeRef::Vol(t), p),
                None => (TreeRef::Root(self.root), p),
            },
        }
    }

    /// (tree, inner path, read-only?)
    fn tree_mut(&mut self, path: &str) -> (TreeMut<'_>, String, bool) {
        let (vol, inner, ro) = match self.locate(path) {
            Loc::Root(p) => (None, p, false),
            Loc::Vol(m, p) => (Some(m.volume.clone()), p, m.read_only),
        };
        match vol.and_then(|v| self.volumes.get_mut(&v)) {
            Some(t) => (TreeMut::Vol(t), inner, ro),
            None => (TreeMut::Root(self.root), inner, ro),
        }
    }

    pub fn stat(&self, path: &str) -> Option<&Entry> {
        // No allocation on the common path (not under a mount).
        if self.mounts.is_empty() {
            return self.root.get(path);
        }
        let (t, p) = self.tree_for_reading(path);
        match t {
            TreeRef::Vol(t) => t.get(&p),
            TreeRef::Root(t) => t.get(&p),
        }
    }

    pub fn is_dir(&self, path: &str) -> bool {
        matches!(self.stat(path), Some(Entry::Dir))
    }

    pub fn is_file(&self, path: &str) -> bool {
        matches!(self.stat(path), Some(Entry::File(_)))
    }

    fn is_mount_point(&self, path: &str) -> bool {
        self.mounts
            .iter()
            .any(|m| m.path.trim_end_matches('/') == path && self.volumes.contains_key(&m.volume))
    }

    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        match self.stat(path) {
            Some(Entry::File(s)) => Ok(s),
            Some(Entry::Dir) => Err(FsError::IsDir),
            None => Err(self.missing_err(path)),
        }
    }

    fn missing_err(&self, path: &str) -> FsError {
        // ENOTDIR when some ancestor is a file.
        let mut p = parent(path);
        loop {
            match self.stat(&p) {
                Some(Entry::File(_)) => return FsError::NotDir,
                Some(Entry::Dir) => return FsError::NotFound,
                None => {}
            }
            if p == "/" {
                return FsError::NotFound;
            }
            p = parent(&p);
        }
    }

    pub fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        let par = parent(path);
        match self.stat(&par) {
            Some(Entry::Dir) => {}
            Some(Entry::File(_)) => return Err(FsError::NotDir),
            None => return Err(self.missing_err(path)),
        }
        if self.is_dir(path) {
            return Err(FsError::IsDir);
        }
        let (mut t, p, ro) = self.tree_mut(path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        let old = match t.get(&p) {
            Some(Entry::File(s)) if append => s.len(),
            _ => 0,
        };
        if old + data.len() > MAX_FILE_BYTES {
            return Err(FsError::NoSpace);
        }
        match t.get_mut(&p) {
            Some(Entry::File(s)) if append => s.push_str(data),
            _ => {
                t.insert(p, Entry::File(data.to_string()));
            }
        }
        Ok(())
    }

    pub fn mkdir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        match self.stat(path) {
            Some(Entry::Dir) => {
                return if parents {
                    Ok(())
                } else {
                    Err(FsError::Exists)
                }
            }
            Some(Entry::File(_)) => return Err(FsError::Exists),
            None => {}
        }
        let par = parent(path);
        if !self.is_dir(&par) {
            if parents && par != path {
                self.mkdir(&par, true)?;
            } else {
                return Err(self.missing_err(path));
            }
        }
        let (mut t, p, ro) = self.tree_mut(path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        t.insert(p, Entry::Dir);
        Ok(())
    }

    /// Children names of a directory, sorted.
    pub fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        match self.stat(path) {
            Some(Entry::Dir) => {}
            Some(Entry::File(_)) => return Err(FsError::NotDir),
            None => return Err(self.missing_err(path)),
        }
        let (t, p) = self.tree_for_reading(path);
        let prefix = if p == "/" {
            "/".to_string()
        } else {
            format!("{p}/")
        };
        let child = |k: &String| {
            let rest = &k[prefix.len()..];
            (!rest.is_empty() && !rest.contains('/')).then(|| rest.to_string())
        };
        let mut out: Vec<String> = match t {
            TreeRef::Vol(t) => t
                .range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
                .filter_map(|(k, _)| child(k))
                .collect(),
            TreeRef::Root(t) => t.keys_with_prefix(&prefix).filter_map(child).collect(),
        };
        // Mount points below this directory that live in another tree.
        for m in self.mounts {
            let mp = m.path.trim_end_matches('/');
            if parent(mp) == path && mp != path {
                let name = basename(mp).to_string();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        podlife_spec::sort::sort(&mut out);
        Ok(out)
    }

    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        match self.stat(path) {
            None => return Err(self.missing_err(path)),
            Some(Entry::File(_)) => {
                let (mut t, p, ro) = self.tree_mut(path);
                if ro {
                    return Err(FsError::ReadOnly);
                }
                t.remove(&p);
                return Ok(());
            }
            Some(Entry::Dir) => {}
        }
        let children = self.list(path)?;
        if !children.is_empty() && !recursive {
            return Err(FsError::NotEmpty);
        }
        let mut first_err = None;
        for c in children {
            let cp = if path == "/" {
                format!("/{c}")
            } else {
                format!("{path}/{c}")
            };
            if let Err(e) = self.remove(&cp, true) {
                first_err.get_or_insert(e);
            }
        }
        if let Some(e) = first_err {
            return Err(e);
        }
        if self.is_mount_point(path) || path == "/" {
            return Err(FsError::Busy);
        }
        let (mut t, p, ro) = self.tree_mut(path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        t.remove(&p);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn normalize_paths() {
        assert_eq!(normalize("/", "tmp/../etc//x/"), "/etc/x");
        assert_eq!(
            normalize("/usr/share", "nginx/html"),
            "/usr/share/nginx/html"
        );
        assert_eq!(normalize("/a", "../../.."), "/");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn volume_mount_hides_image_files_and_is_shared() {
        let mut root = new_tree();
        root.insert("/opt".into(), Entry::Dir);
        root.insert("/opt/image.txt".into(), Entry::File("x".into()));
        let mut volumes = BTreeMap::new();
        volumes.insert("data".to_string(), new_tree());
        let mounts = vec![Mount {
            path: "/opt".into(),
            volume: "data".into(),
            read_only: false,
            sub: None,
        }];
        let mut root = Layered::new(Arc::new(root));
        let mut fs = FsView {
            root: &mut root,
            volumes: &mut volumes,
            mounts: &mounts,
        };
        assert_eq!(fs.read("/opt/image.txt"), Err(FsError::NotFound));
        fs.write("/opt/logs.txt", "logging\n", false).unwrap();
        assert_eq!(fs.list("/opt").unwrap(), vec!["logs.txt".to_string()]);
        assert_eq!(
            volumes["data"].get("/logs.txt"),
            Some(&Entry::File("logging\n".into()))
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn read_only_mount_rejects_writes() {
        let mut root = new_tree();
        root.insert("/w".into(), Entry::Dir);
        let mut volumes = BTreeMap::new();
        volumes.insert("v".to_string(), new_tree());
        let mounts = vec![Mount {
            path: "/w".into(),
            volume: "v".into(),
            read_only: true,
            sub: None,
        }];
        let mut root = Layered::new(Arc::new(root));
        let mut fs = FsView {
            root: &mut root,
            volumes: &mut volumes,
            mounts: &mounts,
        };
        assert_eq!(fs.write("/w/a", "1", false), Err(FsError::ReadOnly));
        assert_eq!(fs.remove("/w", true), Err(FsError::Busy));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn enotdir_and_rm_recursive() {
        let mut root = Layered::new(Arc::new(new_tree()));
        let mut volumes = BTreeMap::new();
        let mut fs = FsView {
            root: &mut root,
            volumes: &mut volumes,
            mounts: &[],
        };
        fs.write("/f", "", false).unwrap();
        assert_eq!(fs.write("/f/x", "", false), Err(FsError::NotDir));
        fs.mkdir("/a/b/c", true).unwrap();
        fs.write("/a/b/c/d", "1", false).unwrap();
        assert_eq!(fs.remove("/a", false), Err(FsError::NotEmpty));
        fs.remove("/a", true).unwrap();
        assert!(fs.stat("/a/b").is_none());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn instances_share_the_image_tree_and_keep_their_own_changes() {
        let mut image = new_tree();
        image.insert("/etc".into(), Entry::Dir);
        image.insert("/etc/a".into(), Entry::File("a".into()));
        image.insert("/etc/b".into(), Entry::File("b".into()));
        let base = Arc::new(image);
        let mut first = Layered::new(Arc::clone(&base));
        let mut volumes = BTreeMap::new();
        let mut fs = FsView {
            root: &mut first,
            volumes: &mut volumes,
            mounts: &[],
        };
        fs.remove("/etc/a", false).unwrap();
        fs.write("/etc/b", "+", true).unwrap();
        fs.write("/etc/c", "c", false).unwrap();
        assert_eq!(fs.read("/etc/a"), Err(FsError::NotFound));
        assert_eq!(fs.read("/etc/b"), Ok("b+"));
        assert_eq!(fs.list("/etc").unwrap(), vec!["b".to_string(), "c".into()]);
        fs.write("/etc/a", "again", false).unwrap();
        assert_eq!(
            fs.list("/etc").unwrap(),
            vec!["a".to_string(), "b".into(), "c".into()]
        );
        // The next instance starts from the untouched image.
        let second = Layered::new(Arc::clone(&base));
        assert_eq!(second.get("/etc/a"), Some(&Entry::File("a".into())));
        assert_eq!(second.get("/etc/b"), Some(&Entry::File("b".into())));
        assert_eq!(second.get("/etc/c"), None);
        assert_eq!(base.len(), 4);
    }
}
