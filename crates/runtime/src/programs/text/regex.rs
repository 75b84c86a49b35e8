//! Basic regular expressions (literals, `.`, `*`, `^`, `$`, `[...]`) for `grep` and `sed`.

/// Basic regular expressions: literals, `.`, `*`, `^`, `$`, `[...]`.
pub(crate) fn regex_search(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    if p.first() == Some(&'^') {
        return re_here(&p[1..], &t, 0);
    }
    (0..=t.len()).any(|i| re_here(&p, &t, i))
}

fn re_atom_len(p: &[char]) -> usize {
    if p.first() == Some(&'[') {
        p.iter()
            .skip(2)
            .position(|c| *c == ']')
            .map(|i| i + 3)
            .unwrap_or(1)
    } else if p.first() == Some(&'\\') && p.len() > 1 {
        2
    } else {
        1
    }
}

fn re_atom_match(atom: &[char], c: char) -> bool {
    match atom {
        ['.'] => true,
        ['\\', x] => *x == c,
        ['[', inner @ .., ']'] => {
            let (neg, inner) = if inner.first() == Some(&'^') {
                (true, &inner[1..])
            } else {
                (false, inner)
            };
            let mut hit = false;
            let mut i = 0;
            while i < inner.len() {
                if i + 2 < inner.len() && inner[i + 1] == '-' {
                    if inner[i] <= c && c <= inner[i + 2] {
                        hit = true;
                    }
                    i += 3;
                } else {
                    if inner[i] == c {
                        hit = true;
                    }
                    i += 1;
                }
            }
            hit != neg
        }
        [x] => *x == c,
        _ => false,
    }
}

fn re_here(p: &[char], t: &[char], i: usize) -> bool {
    if p.is_empty() {
        return true;
    }
    if p == ['$'] {
        return i == t.len();
    }
    let al = re_atom_len(p);
    let atom = &p[..al];
    if p.get(al) == Some(&'*') {
        let mut j = i;
        loop {
            if re_here(&p[al + 1..], t, j) {
                return true;
            }
            if j < t.len() && re_atom_match(atom, t[j]) {
                j += 1;
            } else {
                return false;
            }
        }
    }
    i < t.len() && re_atom_match(atom, t[i]) && re_here(&p[al..], t, i + 1)
}

/// End of a basic-regex match of `p` starting at `t[i]` (greedy, backtracking).
fn re_end(p: &[char], t: &[char], i: usize, depth: usize) -> Option<usize> {
    if depth > 2000 {
        return None;
    }
    if p.is_empty() {
        return Some(i);
    }
    if p == ['$'] {
        return (i == t.len()).then_some(i);
    }
    let al = re_atom_len(p);
    let atom = &p[..al];
    if p.get(al) == Some(&'*') {
        let mut j = i;
        while j < t.len() && re_atom_match(atom, t[j]) {
            j += 1;
        }
        loop {
            if let Some(e) = re_end(&p[al + 1..], t, j, depth + 1) {
                return Some(e);
            }
            if j == i {
                return None;
            }
            j -= 1;
        }
    }
    if i < t.len() && re_atom_match(atom, t[i]) {
        re_end(&p[al..], t, i + 1, depth + 1)
    } else {
        None
    }
}

/// Leftmost match of `pat` in `t` at or after `from`: (start, end).
pub(crate) fn re_find(pat: &[char], t: &[char], from: usize) -> Option<(usize, usize)> {
    if pat.first() == Some(&'^') {
        return if from == 0 {
            re_end(&pat[1..], t, 0, 0).map(|e| (0, e))
        } else {
            None
        };
    }
    (from..=t.len()).find_map(|i| re_end(pat, t, i, 0).map(|e| (i, e)))
}
