//! The first-frame module and the full one (docs/sizes.md, session 6; ARCHITECTURE.md).
//!
//! The page loads the app built with the `lite` feature: what the default page's first frame
//! needs, and no more (no awk, no servers or network and text tools, no stored `-o yaml`
//! object, no Compare, Export or expectations). When the user asks for one of those — or a
//! draft runs a program the first-frame module leaves out, which its runtime records
//! (`Trace::not_in_build`) instead of guessing — it hands the page over: it writes what is on
//! screen into `window.podlifeHandover` (the draft, the version choice, playhead, speed, zoom,
//! tabs, language and the action that asked), and web/handover.js fetches the full module (this
//! crate without `lite`), stops this one and starts the full one, which reads the state back
//! ([`take`]) and then does the pending action. A run the first-frame module cannot show as
//! the full one would is never shown: it is handed over before it is drawn.
//!
//! The state crosses as an array of strings (the same Rust code on both sides: an index into
//! the same list of values).

use podlife_share::View;
use podlife_spec::SimTime;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Lang;
use crate::types::{Export, Msg, Side, Tab, Which};
use crate::versions::{Choice, LinkProfile};

/// What asked for the full module, done by it once it has taken over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Only the run: the draft needs the full module (a program left out, expectations).
    Run,
    Compare,
    Export(Which, Export),
    Tab(Tab),
}

/// Everything the full module needs to go on where the first-frame one was.
#[derive(Clone, Debug, PartialEq)]
pub struct Handover {
    pub draft: String,
    pub choice: Choice,
    pub t: SimTime,
    pub playing: bool,
    pub speed: f64,
    pub zoom: Option<SimTime>,
    pub tab: Tab,
    pub side: Side,
    pub side_shown: bool,
    pub lang: Lang,
    pub view: View,
    pub log_container: Option<String>,
    /// The Share dialog (with its Export section) is open.
    pub share_open: bool,
    /// Asked while the first-frame module was opening the page (or a link pasted into the
    /// address bar): the full module starts as a page load of its own would (the same address,
    /// storage and query) instead of taking this state.
    pub fresh_start: bool,
    pub pending: Pending,
    /// The text of the run on screen when it is not the draft's (the draft has errors): the
    /// full module runs it first, so that the last valid run stays on screen.
    pub last_run: Option<String>,
}

const TABS: [Tab; 7] = [
    Tab::Describe,
    Tab::Yaml,
    Tab::Logs,
    Tab::Events,
    Tab::Watch,
    Tab::Expect,
    Tab::Diff,
];
const SIDES: [Side; 3] = [Side::Why, Side::Actions, Side::Version];
const EXPORTS: [Export; 4] = [Export::Svg, Export::Png, Export::Json, Export::Yaml];

fn index<T: PartialEq>(all: &[T], x: &T) -> String {
    all.iter().position(|y| y == x).unwrap_or(0).to_string()
}

fn pick<T: Copy>(all: &[T], s: &str) -> Option<T> {
    all.get(s.parse::<usize>().ok()?).copied()
}

fn opt_num<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

impl Pending {
    fn code(self) -> String {
        match self {
            Pending::Run => "run".into(),
            Pending::Compare => "compare".into(),
            Pending::Export(w, e) => format!(
                "export {} {}",
                if w == Which::A { "a" } else { "b" },
                index(&EXPORTS, &e)
            ),
            Pending::Tab(t) => format!("tab {}", index(&TABS, &t)),
        }
    }

    fn parse(s: &str) -> Option<Pending> {
        let mut w = s.split(' ');
        Some(match w.next()? {
            "run" => Pending::Run,
            "compare" => Pending::Compare,
            "export" => {
                let which = if w.next()? == "a" { Which::A } else { Which::B };
                Pending::Export(which, pick(&EXPORTS, w.next()?)?)
            }
            "tab" => Pending::Tab(pick(&TABS, w.next()?)?),
            _ => return None,
        })
    }

    /// The message the full module sends itself once it has the page.
    pub fn message(self) -> Option<Msg> {
        match self {
            Pending::Run => None,
            Pending::Compare => Some(Msg::Compare(true)),
            Pending::Export(w, e) => Some(Msg::Export(w, e)),
            Pending::Tab(t) => Some(Msg::Tab(t)),
        }
    }
}

impl Handover {
    /// The fields, in a fixed order ([`Handover::from_fields`] reads them back).
    pub fn fields(&self) -> Vec<String> {
        let link = self.choice.link;
        vec![
            self.draft.clone(),
            opt_num(self.choice.minor),
            opt_num(link.map(|l| l.minor)),
            opt_num(link.map(|l| l.rules)),
            opt_num(link.map(|l| l.time.as_millis())),
            self.t.as_millis().to_string(),
            u8::from(self.playing).to_string(),
            self.speed.to_string(),
            opt_num(self.zoom.map(|z| z.as_millis())),
            index(&TABS, &self.tab),
            index(&SIDES, &self.side),
            u8::from(self.side_shown).to_string(),
            self.lang.code().to_string(),
            self.view.as_str().to_string(),
            self.log_container.clone().unwrap_or_default(),
            u8::from(self.share_open).to_string(),
            u8::from(self.fresh_start).to_string(),
            self.pending.code(),
            self.last_run.clone().unwrap_or_default(),
        ]
    }

    pub fn from_fields(f: &[String]) -> Option<Handover> {
        let [draft, minor, link_minor, link_rules, link_time, t, playing, speed, zoom, tab, side, side_shown, lang, view, container, share_open, fresh_start, pending, last_run] =
            f
        else {
            return None;
        };
        let num = |s: &str| s.parse::<u64>().ok();
        let link = match (num(link_minor), num(link_rules), num(link_time)) {
            (Some(m), Some(r), Some(t)) => Some(LinkProfile {
                minor: u32::try_from(m).ok()?,
                rules: u32::try_from(r).ok()?,
                time: SimTime::from_millis(t),
            }),
            _ => None,
        };
        Some(Handover {
            draft: draft.clone(),
            choice: Choice {
                minor: minor.parse().ok(),
                link,
            },
            t: SimTime::from_millis(num(t)?),
            playing: playing == "1",
            speed: speed.parse().ok()?,
            zoom: num(zoom).map(SimTime::from_millis),
            tab: pick(&TABS, tab)?,
            side: pick(&SIDES, side)?,
            side_shown: side_shown == "1",
            lang: Lang::from_code(lang)?,
            view: View::ALL.into_iter().find(|v| v.as_str() == view)?,
            log_container: (!container.is_empty()).then(|| container.clone()),
            share_open: share_open == "1",
            fresh_start: fresh_start == "1",
            pending: Pending::parse(pending)?,
            last_run: (!last_run.is_empty()).then(|| last_run.clone()),
        })
    }
}

const KEY: &str = "podlifeHandover";

thread_local! {
    /// The first-frame module has asked for the full one (it keeps the page until then).
    static HANDING_OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many times web/handover.js was added to the page.
    #[cfg(feature = "lite")]
    static TRIES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The first-frame module is waiting for the full one.
pub fn handing_over() -> bool {
    HANDING_OVER.get()
}

/// The first-frame module: writes the state for the full module and adds web/handover.js,
/// which loads it, stops this module (`window.podlifeStop`) and starts the full one. False when
/// the page cannot. When the full module does not arrive (handover.js itself, or the full
/// module's files: offline before its first use, a server error), handover.js calls
/// `window.podlifeHandoverFailed` before it stops anything: this module keeps the page, says
/// so ([`Msg::HandoverFailed`]), and the next request loads handover.js again (under a new
/// query: a module runs once per address).
#[cfg(feature = "lite")]
pub fn request(h: &Handover) -> bool {
    if HANDING_OVER.get() {
        return true;
    }
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Some(doc) = window.document() else {
        return false;
    };
    let fields: js_sys::Array = h.fields().iter().map(|s| JsValue::from_str(s)).collect();
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str(KEY), &fields);
    let _ = js_sys::Reflect::set(
        &window,
        &JsValue::from_str("podlifeStop"),
        &Closure::once_into_js(crate::stop),
    );
    let failed = Closure::once_into_js(|why: JsValue| {
        HANDING_OVER.set(false);
        crate::send(Msg::HandoverFailed(why.as_string().unwrap_or_default()));
    });
    let _ = js_sys::Reflect::set(
        &window,
        &JsValue::from_str("podlifeHandoverFailed"),
        &failed,
    );
    let Ok(script) = doc.create_element("script") else {
        return false;
    };
    let _ = script.set_attribute("type", "module");
    let tries = TRIES.get();
    let src = if tries == 0 {
        "./handover.js".to_string()
    } else {
        format!("./handover.js?try={tries}")
    };
    let _ = script.set_attribute("src", &src);
    if let Some(el) = script.dyn_ref::<web_sys::HtmlElement>() {
        // handover.js itself did not load: nothing of it ran.
        let not_loaded = Closure::once_into_js(move || {
            let _ = js_sys::Reflect::delete_property(
                &window,
                &JsValue::from_str("podlifeHandoverFailed"),
            );
            HANDING_OVER.set(false);
            crate::send(Msg::HandoverFailed(String::new()));
        });
        el.set_onerror(Some(not_loaded.unchecked_ref()));
    }
    let Some(head) = doc.head() else {
        return false;
    };
    if head.append_child(&script).is_err() {
        return false;
    }
    TRIES.set(tries + 1);
    HANDING_OVER.set(true);
    true
}

/// The first-frame module, while the full one loads: the draft typed meanwhile goes with it.
#[cfg(feature = "lite")]
pub fn update_draft(draft: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(fields) = js_sys::Reflect::get(&window, &JsValue::from_str(KEY)) {
        if let Some(a) = fields.dyn_ref::<js_sys::Array>() {
            a.set(0, JsValue::from_str(draft));
        }
    }
}

/// The full module at its start: the state the first-frame module handed over, once.
pub fn take() -> Option<Handover> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(KEY);
    let fields = js_sys::Reflect::get(&window, &key).ok()?;
    let a = fields.dyn_ref::<js_sys::Array>()?;
    let f: Vec<String> = a.iter().filter_map(|v| v.as_string()).collect();
    let _ = js_sys::Reflect::delete_property(&window, &key);
    Handover::from_fields(&f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_round_trips() {
        for pending in [
            Pending::Run,
            Pending::Compare,
            Pending::Export(Which::B, Export::Png),
            Pending::Tab(Tab::Yaml),
        ] {
            let h = Handover {
                draft: "apiVersion: v1\n# \u{1f} , \"quotes\"\n".into(),
                choice: Choice {
                    minor: Some(34),
                    link: Some(LinkProfile {
                        minor: 33,
                        rules: 7,
                        time: SimTime::from_millis(1_234),
                    }),
                },
                t: SimTime::from_millis(35_500),
                playing: true,
                speed: 2.5,
                zoom: None,
                tab: Tab::Events,
                side: Side::Version,
                side_shown: true,
                lang: Lang::Zh,
                view: View::Kubectl,
                log_container: Some("liveness".into()),
                share_open: true,
                fresh_start: false,
                pending,
                last_run: Some("apiVersion: v1\nkind: Pod\n".into()),
            };
            assert_eq!(Handover::from_fields(&h.fields()), Some(h));
        }
        let plain = Handover {
            draft: String::new(),
            choice: Choice::default(),
            t: SimTime::ZERO,
            playing: false,
            speed: 1.0,
            zoom: Some(SimTime::from_secs(120)),
            tab: Tab::Describe,
            side: Side::Why,
            side_shown: false,
            lang: Lang::En,
            view: View::Timeline,
            log_container: None,
            share_open: false,
            fresh_start: true,
            pending: Pending::Run,
            last_run: None,
        };
        assert_eq!(Handover::from_fields(&plain.fields()), Some(plain));
        assert_eq!(Handover::from_fields(&["x".to_string()]), None);
    }
}
