//! A map kept as a list sorted by key, for small maps (a container's processes, exec sessions, a
//! shell's functions): each distinct `BTreeMap` key/value type costs about 5 KB of wasm in the
//! page's module, this one a few hundred bytes. Same results and iteration order as `BTreeMap`
//! for the calls it offers; insertion and removal are linear, so it is for maps that stay small.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Equal when the entries are (the list is sorted, so as for `BTreeMap`). Serialized as a map in
/// key order, as a `BTreeMap` is; deserialized as one (of equal keys, the last wins).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap::new()
    }
}

impl<K, V> VecMap<K, V> {
    pub const fn new() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// `Ok(index)` of `key`, or `Err(index)` where it would go.
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Inserts or replaces; returns the value replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }
}

/// `for (key, value) in &map`, in key order.
impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

/// `map[key]`, as for `BTreeMap`: panics when `key` is missing.
impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for VecMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for the key in the VecMap")
    }
}

impl<K: Serialize, V: Serialize> Serialize for VecMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = VecMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = VecMap::new();
                while let Some((key, value)) = access.next_entry()? {
                    map.insert(key, value);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::VecMap;

    /// The same operations on a `VecMap` and a `BTreeMap` give the same results and contents.
    #[test]
    fn agrees_with_btree_map() {
        let mut list = VecMap::new();
        let mut tree = BTreeMap::new();
        let mut seed: u32 = 12345;
        for step in 0..4000u32 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let key = (seed >> 16) % 64;
            match (seed >> 8) % 5 {
                0 | 1 => assert_eq!(list.insert(key, step), tree.insert(key, step)),
                2 => assert_eq!(list.remove(&key), tree.remove(&key)),
                3 => {
                    if let (Some(a), Some(b)) = (list.get_mut(&key), tree.get_mut(&key)) {
                        *a += 1;
                        *b += 1;
                    }
                    assert_eq!(list.contains_key(&key), tree.contains_key(&key));
                }
                _ => {
                    list.retain(|k, v| (k + *v) % 7 != 0);
                    tree.retain(|k, v| (k + *v) % 7 != 0);
                }
            }
            assert_eq!(list.get(&key), tree.get(&key));
            assert_eq!(list.len(), tree.len());
        }
        assert!(!list.is_empty());
        let listed: Vec<(u32, u32)> = list.iter().map(|(k, v)| (*k, *v)).collect();
        let treed: Vec<(u32, u32)> = tree.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(listed, treed);
        assert!(list.keys().eq(tree.keys()));
        assert!((&list).into_iter().eq(&tree));
        list.values_mut().for_each(|v| *v = 0);
        assert!(list.values().all(|v| *v == 0));
        list.clear();
        assert!(list.is_empty());
    }

    /// Serialized and deserialized as the `BTreeMap` it replaces (the last of equal keys wins).
    #[test]
    fn serde_as_a_map() {
        let mut list: VecMap<String, u32> = VecMap::new();
        let mut tree = BTreeMap::new();
        for (key, value) in [("b", 1), ("a", 2), ("c", 3)] {
            list.insert(key.to_string(), value);
            tree.insert(key.to_string(), value);
        }
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, serde_json::to_string(&tree).unwrap());
        let text = r#"{"b":1,"a":2,"b":5}"#;
        let back: VecMap<String, u32> = serde_json::from_str(text).unwrap();
        let tree_back: BTreeMap<String, u32> = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            serde_json::to_string(&tree_back).unwrap()
        );
        assert_eq!(back["b"], 5);
        assert!(serde_json::from_str::<VecMap<String, u32>>("[1]").is_err());
        let mut other = VecMap::new();
        other.insert("a".to_string(), 2);
        assert_ne!(back, other);
    }

    #[test]
    fn looks_up_string_keys_by_str() {
        let mut map: VecMap<String, u64> = VecMap::default();
        map.insert("b".into(), 2);
        map.insert("a".into(), 1);
        assert_eq!(map.get("a"), Some(&1));
        assert_eq!(
            map.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }
}
