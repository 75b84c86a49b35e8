//! View types shared by the page's modules: the messages the app handles, the panels, what a
//! click on the timeline picked. No module below the app imports the app itself; they send
//! these messages through a `Callback<Msg>`.

use podlife_share::View;
use podlife_spec::{ActionKind, SimTime};

use yew::TargetCast;

use crate::i18n::Lang;

/// The kubectl panels (the inspect pane's main tabs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Describe,
    Yaml,
    Logs,
    Events,
    Watch,
    /// The Scenario's `spec.expect`: each verdict (shown when the run has expectations).
    Expect,
    /// What differs between A and B (shown while comparing).
    Diff,
}

impl Tab {
    pub const ALL: [Tab; 5] = [Tab::Describe, Tab::Yaml, Tab::Logs, Tab::Events, Tab::Watch];
}

/// The inspect pane's side panels: the explanation of a pick, and the actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Why,
    Actions,
    /// What differs in the run's Kubernetes version.
    Version,
}

/// The phone layout's panes (one at a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Editor,
    Timeline,
    Kubectl,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Editor, Pane::Timeline, Pane::Kubectl];
}

/// What was clicked on the timeline (or in the event list).
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    Event(usize),
    /// A container lane: the segment clicked (its start), or the lane's label (no instant).
    Container(String, Option<SimTime>),
    /// A pod condition row (`Ready`, `PodScheduled`, ...): a segment's start, or the label.
    Condition(String, Option<SimTime>),
    /// One probe tick: index of its run-length group in `trace.probes`, the tick's time and
    /// its threshold counter.
    Probe {
        mark: usize,
        at: SimTime,
        run: u64,
    },
}

impl Pick {
    /// The instant the playhead goes to when this is picked.
    pub fn time(&self, trace: &podlife_engine::Trace) -> Option<SimTime> {
        match self {
            Pick::Event(i) => trace.events.get(*i).map(|e| e.time),
            Pick::Container(_, t) | Pick::Condition(_, t) => *t,
            Pick::Probe { at, .. } => Some(*at),
        }
    }
}

/// What a click on a timeline item (or Enter on it) does.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Pick(Pick),
    /// An expectation's verdict: its index in `spec.expect`.
    Expect(usize),
}

/// A key on the timeline, whose items are one Tab stop with a roving focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavKey {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    /// Enter or Space: what a click on the item does.
    Activate,
}

/// A file the Share dialog's Export section makes in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// The timeline as SVG (podlife_report::svg::timeline, as `podlife run --output svg`).
    Svg,
    /// The same SVG drawn into a PNG.
    Png,
    /// The trace (the contract of docs/trace-format.md).
    Json,
    /// `kubectl get pod -o yaml` at the playhead.
    Yaml,
}

/// Which run of a comparison (A: the scenario; B: its variant).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    A,
    B,
}

/// Every message the app handles.
pub enum Msg {
    Edit(String),
    Analyse,
    Frame(f64),
    TogglePlay,
    Speed(f64),
    Seek(SimTime),
    PrevEvent,
    NextEvent,
    Tab(Tab),
    Side(Side),
    Pane(Pane),
    LogContainer(String),
    Previous(bool),
    Lang(Lang),
    Pick(Pick),
    ClearPick,
    TimeEdit(String),
    TimeCommit,
    TimeBlur,
    Example(String),
    Act(ActionKind),
    Grace(i64),
    Force(bool),
    ExecContainer(String),
    ExecCommand(String),
    ServiceName(String),
    Key(web_sys::KeyboardEvent),
    /// Pointer down / move / up over the timeline plot, at a chart x in pixels.
    ScrubStart(f64),
    ScrubMove(f64),
    ScrubEnd,
    Share,
    CloseShare,
    Help(bool),
    Copy(&'static str, String),
    Download,
    EmbedView(View),
    SyncUrl,
    RestoreDraft,
    DismissBanner,
    HashChange,
    Zoom(Option<SimTime>),
    /// The timeline's width in CSS pixels changed.
    ChartWidth(f64),
    /// A split was dragged: which one, and its new fraction of the room.
    Split(Split, f64),
    /// The viewport crossed a layout breakpoint.
    Viewport,
    /// The version picker: the Kubernetes minor to run as.
    KubeVersion(u32),
    /// Compare on (B forked from A, or the B kept from before) or off.
    Compare(bool),
    /// B's debounced analysis (the editor's edits go to the text it shows).
    AnalyseB,
    /// Which run's text the editor pane shows.
    EditorSide(Which),
    /// B becomes a copy of A again.
    ResetB,
    /// A click on B's timeline or B's events.
    PickB(Pick),
    /// An expectation clicked (in a run's list or on its timeline): its time, its YAML lines.
    Expect(Which, usize),
    /// A difference clicked: its index in the comparison's list.
    Difference(usize),
    /// A download from the Export section.
    Export(Which, Export),
    /// The timeline got the keyboard's focus (its roving item starts near the playhead).
    TimelineFocus(Which),
    /// A key on the focused timeline.
    TimelineKey(NavKey),
    /// The phone header's "more" panel opens or closes.
    Menu(bool),
    /// The "more" panel's Export: the Share dialog opens on its Export section.
    ExportPanel,
    /// The first-frame module: the full module did not load (web/handover.js); the page goes on
    /// with this module, and the next use of what it leaves out tries again.
    HandoverFailed(String),
    /// The first-frame module: the Chinese text's data file was downloaded, or not (why), after
    /// the page asked for Chinese (crate::i18n::zh_fetch).
    ZhLoaded(Result<(), String>),
}

/// The two resizable splits of the desktop layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// Editor | run column (a fraction of the width).
    Editor,
    /// Timeline over inspect pane (a fraction of the run column's height).
    Timeline,
}

/// `12.3` (seconds with one decimal), as the time field shows simulated time.
pub fn secs_text(t: SimTime) -> String {
    let ms = t.as_millis();
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}

/// An event handler that always sends one message. `message` is a `fn`, not a closure type,
/// so all such handlers of one event type share one instantiation (docs/sizes.md, session 7).
pub fn always<E: 'static>(send: &yew::Callback<Msg>, message: fn() -> Msg) -> yew::Callback<E> {
    send.reform(move |_: E| message())
}

/// Moves the `<select>` with this test id to `value`. A re-rendered `<option selected>` does not
/// move a select the user has changed (the DOM keeps the user's choice), so a select whose value
/// the app overrules (a version it shows instead, a language it could not switch to) is set here.
pub fn show_in_select(test_id: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let Some(select) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[data-testid={test_id}]"))
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
    else {
        return;
    };
    if select.value() != value {
        select.set_value(value);
    }
}

/// A `<select>`'s change handler: sends the message `make` builds from the chosen value.
pub fn on_select(send: &yew::Callback<Msg>, make: fn(String) -> Msg) -> yew::Callback<yew::Event> {
    send.reform(move |e: yew::Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        make(select.value())
    })
}

/// An `<input>`'s input handler: sends the message `make` builds from its value.
pub fn on_input(
    send: &yew::Callback<Msg>,
    make: fn(String) -> Msg,
) -> yew::Callback<yew::InputEvent> {
    send.reform(move |e: yew::InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        make(input.value())
    })
}

/// A checkbox's change handler: sends the message `make` builds from its state.
pub fn on_check(send: &yew::Callback<Msg>, make: fn(bool) -> Msg) -> yew::Callback<yew::Event> {
    send.reform(move |e: yew::Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        make(input.checked())
    })
}

/// A `class` attribute: the names given, in order, separated by spaces; none, no attribute.
/// The same as yew's `classes!` of distinct names, in one function instead of a `classes!`
/// expansion at each element (docs/sizes.md, session 7).
pub fn class_names(names: &[Option<&str>]) -> Option<yew::AttrValue> {
    let mut list = String::new();
    for name in names.iter().flatten().filter(|name| !name.is_empty()) {
        if !list.is_empty() {
            list.push(' ');
        }
        list.push_str(name);
    }
    (!list.is_empty()).then(|| list.into())
}

/// An event handler that sends the message `f` makes of the event, if any.
pub fn maybe<E: 'static>(
    send: &yew::Callback<Msg>,
    f: impl Fn(E) -> Option<Msg> + 'static,
) -> yew::Callback<E> {
    let send = send.clone();
    yew::Callback::from(move |e: E| {
        if let Some(m) = f(e) {
            send.emit(m);
        }
    })
}
