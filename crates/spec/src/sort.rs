//! Stable sorting with one shared sort routine, for code size.
//!
//! The standard library's stable sort (driftsort) is monomorphised for every element type and
//! comparator: about 3.5 KB of wasm per call site after `wasm-opt -Oz`. These helpers sort a
//! list of indices once, through a `dyn` comparator (one instantiation for the whole program),
//! then move the elements into that order with swaps. The result is exactly the standard
//! stable sort's: elements that compare equal keep their order.
//!
//! [`tree`] builds a `BTreeMap`/`BTreeSet` without the sort `collect` does first.

use std::cmp::Ordering;

/// The stable sorted order of `n` items: `order[k]` is the index of the item that goes to
/// position `k`. For a total order (every comparator here) there is one stable order, so this
/// small bottom-up merge sort gives what the standard library's stable sort gives, without its
/// ≈ 5 KB of wasm.
#[inline(never)]
pub fn sorted_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = vec![0; n];
    // Merge neighbouring sorted runs of `width` items into runs of twice that.
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                // On a tie the left run's item goes first: that keeps the sort stable.
                let take_left = right == end
                    || (left < middle && cmp(order[left], order[right]) != Ordering::Greater);
                if take_left {
                    *slot = order[left];
                    left += 1;
                } else {
                    *slot = order[right];
                    right += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Sorts `v` stably by `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        sorted_order(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    permute(v, order);
}

/// Sorts `v` stably by a key, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Moves `v[order[k]]` to position `k` for every `k` (cycle by cycle, one swap per move).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut cur = start;
        // Each position is visited once, so the inner loop runs n times in total.
        while order[cur] != DONE {
            let next = order[cur];
            order[cur] = DONE;
            if next == start {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

/// A `BTreeMap` or `BTreeSet` of `items`, as `collect` builds it (for a map, the last of equal
/// keys wins), without its sort: `FromIterator` for the tree types sorts the items first, one
/// more driftsort instance in the app per item type. Inserting one by one needs none.
pub fn tree<C: Default + Extend<T>, T>(items: impl IntoIterator<Item = T>) -> C {
    let mut c = C::default();
    c.extend(items);
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn tree_is_what_collect_builds() {
        use std::collections::{BTreeMap, BTreeSet};
        let pairs = vec![("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let m: BTreeMap<&str, i32> = tree(pairs.clone());
        assert_eq!(m, pairs.iter().copied().collect::<BTreeMap<_, _>>());
        assert_eq!(m.get("b"), Some(&3), "the last of equal keys wins");
        let s: BTreeSet<&str> = tree(pairs.iter().map(|p| p.0));
        assert_eq!(s.into_iter().collect::<Vec<_>>(), ["a", "b", "c"]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn same_as_the_standard_stable_sort() {
        // A small deterministic generator: many equal keys, to check stability.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for n in 0..200usize {
            let items: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    ((x % 7) as u8, i)
                })
                .collect();
            let mut ours = items.clone();
            let mut std_sorted = items.clone();
            sort_by_key(&mut ours, |p| p.0);
            std_sorted.sort_by_key(|p| p.0);
            assert_eq!(ours, std_sorted, "n = {n}");
            let mut ours = items.clone();
            let mut std_sorted = items;
            sort_by(&mut ours, |a, b| b.cmp(a));
            std_sorted.sort_by(|a, b| b.cmp(a));
            assert_eq!(ours, std_sorted, "n = {n}, reversed");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn sorts_owned_values() {
        let mut v = vec![
            "pear".to_string(),
            "apple".to_string(),
            "fig".to_string(),
            "apple".to_string(),
        ];
        sort(&mut v);
        assert_eq!(v, ["apple", "apple", "fig", "pear"]);
        let mut empty: Vec<String> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn sorted_order_is_stable() {
        let keys = [3, 1, 3, 0, 1];
        let order = sorted_order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
        assert_eq!(order, [3, 1, 4, 0, 2]);
    }
}
