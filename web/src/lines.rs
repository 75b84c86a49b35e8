//! Multi-line kubectl output that playback updates every frame, written line by line.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Lines per chunk of a [`Lines`] panel.
const CHUNK: usize = 16;

/// Multi-line kubectl output: one text node per line, in chunks of [`CHUNK`] lines, each chunk a
/// `<span class="ch">` (the element's text is unchanged). Playback changes a few lines a frame
/// (ages, a state): this component writes just those text nodes and appends or drops lines at
/// the end, instead of building and diffing a virtual node per line each frame (a `describe` of
/// ten containers has ~300 lines). The chunks let the browser skip the lines scrolled far out of
/// the panel (`content-visibility: auto`, style.css): the event ages at the end of a long
/// `describe` tick every simulated second, out of sight. `data-n` (the chunk's line count) sizes
/// a skipped chunk; the chunk with the widest line stays rendered (`wide`), so the panel's
/// horizontal scroll range is still that of every line.
pub struct Lines {
    node: NodeRef,
    /// The lines now in the DOM, and their widths in columns.
    shown: Vec<String>,
    widths: Vec<usize>,
    /// Each chunk's `data-n` as written.
    counts: Vec<usize>,
    /// The chunk marked `wide`.
    wide: Option<usize>,
}

/// A line's width in terminal columns, near enough to pick the widest line (wide East Asian
/// characters take two).
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| match c {
            '\n' => 0,
            '\t' => 8,
            c if u32::from(c) >= 0x1100 => 2,
            _ => 1,
        })
        .sum()
}

/// The chunk holding the first of the widest lines.
fn widest_chunk(widths: &[usize]) -> Option<usize> {
    let max = widths.iter().copied().max()?;
    widths.iter().position(|w| *w == max).map(|i| i / CHUNK)
}

impl Lines {
    fn sync(&mut self, text: &str) {
        let Some(el) = self.node.cast::<web_sys::Element>() else {
            return;
        };
        let Some(doc) = el.owner_document() else {
            return;
        };
        let chunks = el.child_nodes();
        let mut n = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            n = i + 1;
            match self.shown.get_mut(i) {
                Some(old) if old == line => {}
                Some(old) => {
                    if let Some(node) = chunks
                        .item((i / CHUNK) as u32)
                        .and_then(|c| c.child_nodes().item((i % CHUNK) as u32))
                    {
                        node.set_node_value(Some(line));
                    }
                    line.clone_into(old);
                    if let Some(w) = self.widths.get_mut(i) {
                        *w = columns(line);
                    }
                }
                None => {
                    if i % CHUNK == 0 {
                        if let Ok(c) = doc.create_element("span") {
                            c.set_class_name("ch");
                            let _ = el.append_child(&c);
                            self.counts.push(0);
                        }
                    }
                    if let Some(c) = el.last_element_child() {
                        let _ = c.append_with_str_1(line);
                    }
                    self.shown.push(line.to_string());
                    self.widths.push(columns(line));
                }
            }
        }
        while self.shown.len() > n {
            self.shown.pop();
            self.widths.pop();
            if let Some(c) = el.last_element_child() {
                if let Some(last) = c.last_child() {
                    let _ = c.remove_child(&last);
                }
                if !c.has_child_nodes() {
                    let _ = el.remove_child(&c);
                    self.counts.pop();
                    if self.wide == Some(self.counts.len()) {
                        self.wide = None;
                    }
                }
            }
        }
        for (k, written) in self.counts.iter_mut().enumerate() {
            let want = n.saturating_sub(k * CHUNK).min(CHUNK);
            if *written != want {
                if let Some(c) = chunks
                    .item(k as u32)
                    .and_then(|c| c.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = c.set_attribute("data-n", &want.to_string());
                }
                *written = want;
            }
        }
        let wide = widest_chunk(&self.widths);
        if wide != self.wide {
            for (k, class) in [(self.wide, "ch"), (wide, "ch wide")] {
                if let Some(c) = k
                    .and_then(|k| chunks.item(k as u32))
                    .and_then(|c| c.dyn_into::<web_sys::Element>().ok())
                {
                    c.set_class_name(class);
                }
            }
            self.wide = wide;
        }
    }
}

impl Component for Lines {
    type Message = ();
    type Properties = LinesProps;

    fn create(_ctx: &Context<Self>) -> Self {
        Lines {
            node: NodeRef::default(),
            shown: Vec::new(),
            widths: Vec::new(),
            counts: Vec::new(),
            wide: None,
        }
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        html! { <span class="lines" ref={self.node.clone()}></span> }
    }

    fn changed(&mut self, ctx: &Context<Self>, _old: &Self::Properties) -> bool {
        self.sync(&ctx.props().text);
        false
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            self.sync(&ctx.props().text);
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LinesProps {
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::{columns, widest_chunk, CHUNK};

    #[test]
    fn columns_count_terminal_cells() {
        assert_eq!(columns("Name:   ten-containers\n"), 22);
        assert_eq!(columns("\n"), 0);
        assert_eq!(columns("a\tb"), 10);
        assert_eq!(columns("容器 c0"), 7);
    }

    #[test]
    fn the_widest_lines_chunk_is_the_first_with_the_longest_line() {
        assert_eq!(widest_chunk(&[]), None);
        let mut w = vec![3; 3 * CHUNK + 2];
        assert_eq!(widest_chunk(&w), Some(0));
        w[2 * CHUNK + 5] = 9;
        assert_eq!(widest_chunk(&w), Some(2));
        w[3 * CHUNK + 1] = 9;
        assert_eq!(widest_chunk(&w), Some(2), "ties keep the first");
        w[CHUNK - 1] = 10;
        assert_eq!(widest_chunk(&w), Some(0));
    }
}
