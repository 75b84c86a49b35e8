//! awk's associative arrays, laid out as each awk lays them out so `for (k in a)` visits keys in
//! the same order: busybox (editors/awk.c `hash_find`: 61 buckets growing to 251, 1021, ...,
//! new keys at a chain's head) and mawk (array.c: a split vector, or hash lists by integer and
//! by string with move-to-front on every lookup, FNV-1 hashed, doubling at 12 per list).

use super::value::Value;

/// A subscript as the program computed it: mawk keeps integral numbers apart from strings.
#[derive(Clone, Debug)]
pub(super) enum Key {
    Int(i64),
    Str(String),
}

impl Key {
    fn text(&self) -> String {
        match self {
            Key::Int(i) => i.to_string(),
            Key::Str(s) => s.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub(super) enum Array {
    Busybox(Busybox),
    Mawk(Mawk),
}

impl Array {
    pub fn new(mawk: bool) -> Array {
        if mawk {
            Array::Mawk(Mawk::default())
        } else {
            Array::Busybox(Busybox::default())
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Array::Busybox(b) => b.count,
            Array::Mawk(m) => m.size,
        }
    }

    /// The element, created (unset) when `create`.
    pub fn get(&mut self, key: &Key, create: bool) -> Option<&mut Value> {
        match self {
            Array::Busybox(b) => b.get(&key.text(), create),
            Array::Mawk(m) => m.get(key, create),
        }
    }

    pub fn delete(&mut self, key: &Key) {
        match self {
            Array::Busybox(b) => b.delete(&key.text()),
            Array::Mawk(m) => m.delete(key),
        }
    }

    pub fn clear(&mut self) {
        match self {
            Array::Busybox(b) => b.clear(),
            Array::Mawk(m) => *m = Mawk::default(),
        }
    }

    /// The keys in the order `for (k in a)` visits them.
    pub fn keys(&mut self) -> Vec<String> {
        match self {
            Array::Busybox(b) => b.keys(),
            Array::Mawk(m) => m.keys(),
        }
    }

    /// `split()`'s result: elements 1..=n.
    pub fn load(&mut self, items: Vec<String>) {
        match self {
            Array::Busybox(b) => {
                b.clear();
                for (i, item) in items.into_iter().enumerate() {
                    if let Some(v) = b.get(&(i + 1).to_string(), true) {
                        *v = Value::StrNum(item);
                    }
                }
            }
            Array::Mawk(m) => {
                *m = Mawk::default();
                m.size = items.len();
                m.split = Some(items.into_iter().map(Value::StrNum).collect());
            }
        }
    }
}

// ---- busybox ---------------------------------------------------------------------------

const BUSYBOX_SIZES: [usize; 6] = [61, 251, 1021, 4093, 16381, 65521];

#[derive(Clone, Debug, Default)]
pub(super) struct Busybox {
    /// Chains, each with its head at the end.
    chains: Vec<Vec<(String, Value)>>,
    size: usize,
    count: usize,
    /// Insertions counted the way `hash_find` counts them (deletes do not lower it).
    inserted: usize,
}

fn busybox_hash(name: &str) -> u32 {
    let mut idx: u32 = 0;
    for &c in name.as_bytes() {
        // `char` is signed on the images' architectures.
        idx = (c as i8 as i32 as u32)
            .wrapping_add(idx.wrapping_shl(6))
            .wrapping_sub(idx);
    }
    idx
}

impl Busybox {
    fn ensure(&mut self) {
        if self.chains.is_empty() {
            self.size = 0;
            self.chains = vec![Vec::new(); BUSYBOX_SIZES[0]];
        }
    }

    fn get(&mut self, name: &str, create: bool) -> Option<&mut Value> {
        self.ensure();
        let h = busybox_hash(name) as usize;
        let bucket = h % self.chains.len();
        if let Some(i) = self.chains[bucket].iter().position(|(k, _)| k == name) {
            return Some(&mut self.chains[bucket][i].1);
        }
        if !create {
            return None;
        }
        self.inserted += 1;
        if self.inserted > self.chains.len() * 8 && self.size + 1 < BUSYBOX_SIZES.len() {
            self.size += 1;
            let mut grown = vec![Vec::new(); BUSYBOX_SIZES[self.size]];
            for chain in std::mem::take(&mut self.chains) {
                for item in chain.into_iter().rev() {
                    let b = busybox_hash(&item.0) as usize % grown.len();
                    grown[b].push(item);
                }
            }
            self.chains = grown;
        }
        let bucket = h % self.chains.len();
        self.chains[bucket].push((name.to_string(), Value::Uninit));
        self.count += 1;
        self.chains[bucket].last_mut().map(|(_, v)| v)
    }

    fn delete(&mut self, name: &str) {
        if self.chains.is_empty() {
            return;
        }
        let bucket = busybox_hash(name) as usize % self.chains.len();
        if let Some(i) = self.chains[bucket].iter().position(|(k, _)| k == name) {
            self.chains[bucket].remove(i);
            self.count -= 1;
            self.inserted = self.inserted.saturating_sub(1);
        }
    }

    fn clear(&mut self) {
        for chain in self.chains.iter_mut() {
            chain.clear();
        }
        self.count = 0;
        self.inserted = 0;
    }

    fn keys(&self) -> Vec<String> {
        self.chains
            .iter()
            .flat_map(|chain| chain.iter().rev().map(|(k, _)| k.clone()))
            .collect()
    }
}

// ---- mawk ------------------------------------------------------------------------------

const STARTING_HMASK: usize = 63;
const MAX_AVE_LIST_LENGTH: usize = 12;

#[derive(Clone, Debug)]
struct Node {
    sval: Option<String>,
    hval: u32,
    ival: Option<i64>,
    slink: Option<usize>,
    ilink: Option<usize>,
    value: Value,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Mawk {
    /// `split()`'s vector (AY_SPLIT) until something else is done to it.
    split: Option<Vec<Value>>,
    has_int: bool,
    has_str: bool,
    nodes: Vec<Node>,
    free: Vec<usize>,
    /// (string list head, integer list head) per hash slot.
    table: Vec<[Option<usize>; 2]>,
    hmask: usize,
    limit: usize,
    size: usize,
}

fn fnv1(s: &str) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for &b in s.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(16_777_619);
    }
    h
}

impl Mawk {
    fn alloc(&mut self, node: Node) -> usize {
        match self.free.pop() {
            Some(i) => {
                self.nodes[i] = node;
                i
            }
            None => {
                self.nodes.push(node);
                self.nodes.len() - 1
            }
        }
    }

    fn make_empty_table(&mut self) {
        self.hmask = STARTING_HMASK;
        self.limit = (STARTING_HMASK + 1) * MAX_AVE_LIST_LENGTH;
        self.table = vec![[None, None]; STARTING_HMASK + 1];
    }

    fn convert_split(&mut self) {
        let cells = self.split.take().unwrap_or_default();
        self.hmask = STARTING_HMASK;
        self.limit = (self.hmask + 1) * MAX_AVE_LIST_LENGTH;
        while self.size > self.limit {
            self.hmask = (self.hmask << 1) + 1;
            self.limit = (self.hmask + 1) * MAX_AVE_LIST_LENGTH;
        }
        self.table = vec![[None, None]; self.hmask + 1];
        self.nodes.clear();
        self.free.clear();
        let mut j = 1usize;
        for (i, value) in cells.into_iter().enumerate() {
            let head = self.table[j][1];
            let n = self.alloc(Node {
                sval: None,
                hval: 0,
                ival: Some(i as i64 + 1),
                slink: None,
                ilink: head,
                value,
            });
            self.table[j][1] = Some(n);
            j = (j + 1) & self.hmask;
        }
        self.has_int = true;
        self.has_str = false;
    }

    fn add_string_associations(&mut self) {
        if !self.has_int && self.split.is_none() {
            self.make_empty_table();
            self.has_str = true;
            return;
        }
        if self.split.is_some() {
            self.convert_split();
        }
        for i in 0..=self.hmask {
            let mut p = self.table[i][1];
            while let Some(n) = p {
                let s = self.nodes[n].ival.unwrap_or(0).to_string();
                let h = fnv1(&s);
                let slot = h as usize & self.hmask;
                self.nodes[n].hval = h;
                self.nodes[n].sval = Some(s);
                self.nodes[n].slink = self.table[slot][0];
                self.table[slot][0] = Some(n);
                p = self.nodes[n].ilink;
            }
        }
        self.has_str = true;
    }

    fn double(&mut self) {
        let old = self.hmask;
        let new = (old << 1) + 1;
        self.table.resize(new + 1, [None, None]);
        for (list, used) in [(0usize, self.has_str), (1usize, self.has_int)] {
            if !used {
                continue;
            }
            for i in 0..=old {
                let (mut keep, mut moved) = (Vec::new(), Vec::new());
                let mut p = self.table[i][list];
                while let Some(n) = p {
                    let h = if list == 0 {
                        self.nodes[n].hval as usize
                    } else {
                        self.nodes[n].ival.unwrap_or(0) as usize
                    };
                    if h & new != i {
                        moved.push(n);
                    } else {
                        keep.push(n);
                    }
                    p = self.link(n, list);
                }
                self.table[i][list] = self.chain(&keep, list);
                self.table[i + old + 1][list] = self.chain(&moved, list);
            }
        }
        self.hmask = new;
        self.limit = (new + 1) * MAX_AVE_LIST_LENGTH;
    }

    fn link(&self, n: usize, list: usize) -> Option<usize> {
        if list == 0 {
            self.nodes[n].slink
        } else {
            self.nodes[n].ilink
        }
    }

    fn set_link(&mut self, n: usize, list: usize, to: Option<usize>) {
        if list == 0 {
            self.nodes[n].slink = to;
        } else {
            self.nodes[n].ilink = to;
        }
    }

    /// Links `nodes` in order into one list; returns its head.
    fn chain(&mut self, nodes: &[usize], list: usize) -> Option<usize> {
        for w in nodes.windows(2) {
            self.set_link(w[0], list, Some(w[1]));
        }
        if let Some(&last) = nodes.last() {
            self.set_link(last, list, None);
        }
        nodes.first().copied()
    }

    /// Finds `n` in list `list` of slot `slot` and moves it to the front.
    fn move_to_front(&mut self, slot: usize, list: usize, n: usize, previous: Option<usize>) {
        if let Some(q) = previous {
            let after = self.link(n, list);
            self.set_link(q, list, after);
            let head = self.table[slot][list];
            self.set_link(n, list, head);
            self.table[slot][list] = Some(n);
        }
    }

    fn by_string(&mut self, s: &str, create: bool) -> Option<usize> {
        if !self.has_str {
            self.add_string_associations();
        }
        let h = fnv1(s);
        let mut slot = h as usize & self.hmask;
        let (mut p, mut q) = (self.table[slot][0], None);
        while let Some(n) = p {
            if self.nodes[n].hval == h && self.nodes[n].sval.as_deref() == Some(s) {
                self.move_to_front(slot, 0, n, q);
                return Some(n);
            }
            q = Some(n);
            p = self.nodes[n].slink;
        }
        if !create {
            return None;
        }
        let n = self.alloc(Node {
            sval: Some(s.to_string()),
            hval: h,
            ival: None,
            slink: None,
            ilink: None,
            value: Value::Uninit,
        });
        self.size += 1;
        if self.size > self.limit {
            self.double();
            slot = h as usize & self.hmask;
        }
        self.nodes[n].slink = self.table[slot][0];
        self.table[slot][0] = Some(n);
        Some(n)
    }

    fn by_int(&mut self, ival: i64, create: bool) -> Option<usize> {
        let slot = ival as usize & self.hmask;
        let (mut p, mut q) = (self.table[slot][1], None);
        while let Some(n) = p {
            if self.nodes[n].ival == Some(ival) {
                self.move_to_front(slot, 1, n, q);
                return Some(n);
            }
            q = Some(n);
            p = self.nodes[n].ilink;
        }
        let n = if self.has_str {
            self.by_string(&ival.to_string(), create)?
        } else if create {
            let n = self.alloc(Node {
                sval: None,
                hval: 0,
                ival: None,
                slink: None,
                ilink: None,
                value: Value::Uninit,
            });
            self.size += 1;
            if self.size > self.limit {
                self.double();
            }
            n
        } else {
            return None;
        };
        // As array.c does, the list index is the one computed before any doubling.
        let slot = if self.has_str {
            slot
        } else {
            ival as usize & self.hmask
        };
        self.nodes[n].ival = Some(ival);
        self.has_int = true;
        self.nodes[n].ilink = self.table[slot][1];
        self.table[slot][1] = Some(n);
        Some(n)
    }

    fn get(&mut self, key: &Key, create: bool) -> Option<&mut Value> {
        if self.size == 0 && !create {
            return None;
        }
        let n = match key {
            Key::Int(i) => {
                if let Some(len) = self.split.as_ref().map(Vec::len) {
                    if *i >= 1 && (*i as usize) <= len {
                        return self.split.as_mut().and_then(|c| c.get_mut(*i as usize - 1));
                    }
                    if !create {
                        return None;
                    }
                    self.convert_split();
                } else if !self.has_int && !self.has_str {
                    self.make_empty_table();
                }
                self.by_int(*i, create)?
            }
            Key::Str(s) => {
                if self.split.is_none() && !self.has_int && !self.has_str {
                    if !create {
                        return None;
                    }
                    self.make_empty_table();
                }
                self.by_string(s, create)?
            }
        };
        Some(&mut self.nodes[n].value)
    }

    fn unlink(&mut self, slot: usize, list: usize, n: usize) {
        let mut p = self.table[slot][list];
        let mut q: Option<usize> = None;
        while let Some(x) = p {
            if x == n {
                let after = self.link(x, list);
                match q {
                    Some(q) => self.set_link(q, list, after),
                    None => self.table[slot][list] = after,
                }
                return;
            }
            q = Some(x);
            p = self.link(x, list);
        }
    }

    fn delete(&mut self, key: &Key) {
        if self.size == 0 {
            return;
        }
        let n = match key {
            Key::Int(i) => {
                if let Some(cells) = &self.split {
                    if *i < 1 || *i as usize > cells.len() {
                        return;
                    }
                    self.convert_split();
                }
                match self.by_int(*i, false) {
                    Some(n) => n,
                    None => return,
                }
            }
            Key::Str(s) => match self.by_string(s, false) {
                Some(n) => n,
                None => return,
            },
        };
        if let Some(i) = self.nodes[n].ival {
            self.unlink(i as usize & self.hmask, 1, n);
        }
        if self.nodes[n].sval.is_some() {
            self.unlink(self.nodes[n].hval as usize & self.hmask, 0, n);
        }
        self.free.push(n);
        self.size -= 1;
        if self.size == 0 {
            *self = Mawk::default();
        }
    }

    fn keys(&mut self) -> Vec<String> {
        if self.size == 0 {
            return Vec::new();
        }
        if !self.has_str {
            self.add_string_associations();
        }
        let mut out = Vec::with_capacity(self.size);
        for i in 0..=self.hmask {
            let mut p = self.table[i][0];
            while let Some(n) = p {
                out.push(self.nodes[n].sval.clone().unwrap_or_default());
                p = self.nodes[n].slink;
            }
        }
        out
    }
}
