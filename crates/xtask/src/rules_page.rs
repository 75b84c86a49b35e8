//! The rules documents as pages of the app's own origin: docs/kubelet-rules.md becomes
//! `rules.html` and docs/kubernetes-versions.md `versions.html`, written into a directory that
//! index.html copies into dist/ (Trunk's pre_build hook runs `cargo xtask rules-page`). The app's
//! "why" cards and its "what differs" note link to `rules.html#<rule>`: the documents' own
//! `<a id="14.1">` anchors pass through; headings get GitHub's ids, so the documents' links
//! between sections work too. Native only: the markdown renderer never reaches the app's wasm.

use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// (source under docs/, page written, title in the browser tab).
const PAGES: [(&str, &str, &str); 2] = [
    ("kubelet-rules.md", "rules.html", "Kubelet rules"),
    (
        "kubernetes-versions.md",
        "versions.html",
        "Kubernetes 1.33–1.37",
    ),
];

/// Renders every page into `out`.
pub fn write(root: &Path, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (source, page, title) in PAGES {
        let path = root.join("docs").join(source);
        let markdown = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let html = render(&markdown, source, title);
        let target = out.join(page);
        // Unchanged pages are not rewritten: Trunk's watcher and the build stay quiet.
        if std::fs::read_to_string(&target).ok().as_deref() != Some(html.as_str()) {
            std::fs::write(&target, html)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// GitHub's heading id: lower case, punctuation dropped, spaces to `-`.
fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A link of the documents, made to work among the pages: another rendered document by its
/// page, the same document by its anchor alone.
fn link(dest: &str, this_source: &str) -> String {
    let (file, anchor) = dest.split_once('#').unwrap_or((dest, ""));
    let file = file.trim_start_matches("./").trim_start_matches("docs/");
    let hash = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    if file.is_empty() || file == this_source {
        return if hash.is_empty() { "#".into() } else { hash };
    }
    match PAGES.iter().find(|(source, ..)| *source == file) {
        Some((_, page, _)) => format!("{page}{hash}"),
        None => dest.to_string(),
    }
}

/// `<a id="14.1">` or `</a>` (pulldown-cmark hands inline tags over one by one).
fn is_anchor(html: &str) -> bool {
    let h = html.trim();
    h == "</a>"
        || h.strip_prefix("<a id=\"")
            .and_then(|rest| rest.strip_suffix("\">"))
            .is_some_and(|id| !id.contains(['"', '<', '>']))
}

/// One document (`source`, a file name under docs/) as a standalone page: its own stylesheet,
/// `rules.css`, and no script.
pub fn render(markdown: &str, source: &str, title: &str) -> String {
    let mut events: Vec<Event> = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .collect();
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { id: None, .. }) => {
                let mut text = String::new();
                for e in &events[i + 1..] {
                    match e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                }
                let base = slug(&text);
                let mut id = base.clone();
                let mut n = 0;
                while used.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                used.push(id.clone());
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                    *slot = Some(CowStr::from(id));
                }
            }
            // The documents' HTML is their rule anchors; anything else in angle brackets is a
            // placeholder of the prose (`Created container: <name>`), shown as written.
            Event::InlineHtml(h) | Event::Html(h) if !is_anchor(h) => {
                events[i] = Event::Text(h.clone());
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let to = link(dest_url, source);
                if let Event::Start(Tag::Link { dest_url, .. }) = &mut events[i] {
                    *dest_url = CowStr::from(to);
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut body = String::with_capacity(markdown.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut body, events.into_iter());
    let others: String = PAGES
        .iter()
        .filter(|(s, ..)| *s != source)
        .map(|(_, page, t)| format!(" · <a href=\"{page}\">{t}</a>"))
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'\">\n\
         <title>{title} — podlife</title>\n<link rel=\"stylesheet\" href=\"rules.css\">\n</head>\n<body>\n\
         <nav class=\"top\"><a href=\"./\">podlife</a>{others}</nav>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_headings_and_links_survive() {
        let md = "# Kubelet rules\n\nSee [the table](#rules-that-depend-on-the-minor) and [research](kubernetes-versions.md).\n\n## Rules that depend on the minor\n\n<a id=\"14.1\"></a>\n**14.1** `Created` is \"Container created\" <b>&</b>, was \"Created container: <name>\".\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Rules that depend on the minor\n";
        let page = render(md, "kubelet-rules.md", "Kubelet rules");
        assert!(
            page.contains("<h2 id=\"rules-that-depend-on-the-minor\">"),
            "{page}"
        );
        assert!(
            page.contains("<h2 id=\"rules-that-depend-on-the-minor-1\">"),
            "{page}"
        );
        assert!(page.contains("<a id=\"14.1\"></a>"), "{page}");
        // A placeholder of the prose is text, not a tag.
        assert!(page.contains("Created container: &lt;name&gt;"), "{page}");
        assert!(page.contains("href=\"#rules-that-depend-on-the-minor\""));
        assert!(page.contains("href=\"versions.html\""));
        assert!(page.contains("<table>"));
        assert!(page.contains("<title>Kubelet rules — podlife</title>"));
        assert!(!page.contains("<script"));
    }

    #[test]
    fn the_real_documents_keep_every_rule_anchor() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let md = std::fs::read_to_string(root.join("docs/kubelet-rules.md")).unwrap();
        let page = render(&md, "kubelet-rules.md", "Kubelet rules");
        let anchors = md.matches("<a id=\"").count();
        assert!(anchors > 100);
        assert_eq!(page.matches("<a id=\"").count(), anchors);
        for id in ["14.1", "14.11", "9.4", "minor"] {
            assert!(page.contains(&format!("<a id=\"{id}\"></a>")), "{id}");
        }
        assert_eq!(
            slug("0. Where the rules come from, and the kubelet's clock"),
            "0-where-the-rules-come-from-and-the-kubelets-clock"
        );
    }
}
