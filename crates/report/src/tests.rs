//! Unit tests over real runs (the manifest front end and the engine, as the CLI uses them).

use podlife_engine::{simulate, Trace};
use podlife_spec::SimTime;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::diff::{diff, render_text, Change, Subject};
use crate::expect::evaluate;
use crate::svg::{render, xml_escape, ExpectMark, SvgOptions};
use crate::Lang;

const LIVENESS: &str = include_str!("../../../examples/seeds/liveness-exec.yaml");

fn run(text: &str) -> (podlife_manifest::Loaded, Trace) {
    let loaded = podlife_manifest::load(text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let trace = simulate(loaded.scenario.as_ref().expect("valid"));
    (loaded, trace)
}

fn with_expect(items: &str) -> String {
    format!("{LIVENESS}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  expect:\n{items}")
}

fn secs(s: u64) -> SimTime {
    SimTime::from_secs(s)
}

/// The liveness-exec example with another failureThreshold.
fn threshold(n: u32) -> String {
    LIVENESS.replace(
        "      periodSeconds: 5\n",
        &format!("      periodSeconds: 5\n      failureThreshold: {n}\n"),
    )
}

#[wasm_bindgen_test(unsupported = test)]
fn at_checks_the_kubectl_row_at_that_instant() {
    let (loaded, trace) = run(&with_expect(
        "  - at: 20s\n    kubectl: {ready: \"1/1\", status: Running, restarts: 0}\n  - at: 20s\n    kubectl: {ready: \"0/1\"}\n",
    ));
    let out = evaluate(&loaded.expectations, &trace);
    assert_eq!(out.len(), 2);
    let row = &trace.frame_at(secs(20)).expect("a frame").kubectl;
    assert_eq!(
        out[0].passed,
        row.ready == "1/1" && row.status == "Running" && row.restarts == 0
    );
    assert!(out[0].passed, "{:?}", out[0]);
    assert_eq!(out[0].time, secs(20));
    assert!(!out[1].passed);
    assert_eq!(out[1].field, "kubectl.ready");
    // The observed value and the time are in the message.
    assert!(
        out[1].observed.contains(&format!("{:?}", row.ready)) && out[1].observed.contains("20s"),
        "{}",
        out[1].observed
    );
    assert!(
        out[1]
            .summary
            .starts_with("at 20s: kubectl.ready = \"0/1\""),
        "{}",
        out[1].summary
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn events_are_counted_in_the_window_as_kubectl_shows_them() {
    let (loaded, trace) = run(&with_expect(
        "  - within: [0s, 5m]\n    event: {reason: Killing, count: \">= 3\"}\n  - within: [0s, 5m]\n    event: {reason: Killing, count: \">= 9\"}\n  - at: 1m\n    event: {reason: Killing, type: Normal, container: liveness, message: \"failed liveness probe\", count: 1}\n",
    ));
    let recorded: Vec<SimTime> = trace
        .events
        .iter()
        .filter(|e| e.reason == "Killing" && e.recorded && e.time <= secs(300))
        .map(|e| e.time)
        .collect();
    let out = evaluate(&loaded.expectations, &trace);
    assert_eq!(out[0].passed, recorded.len() >= 3);
    assert!(out[0].passed, "{:?}", out[0]);
    assert!(!out[1].passed);
    assert_eq!(out[1].field, "event.count");
    assert!(
        out[1].observed.starts_with(&format!(
            "{} Killing events in [0s, 5m0s] (at ",
            recorded.len()
        )),
        "{}",
        out[1].observed
    );
    assert!(
        out[1].observed.contains("expected >= 9"),
        "{}",
        out[1].observed
    );
    let by_1m = recorded.iter().filter(|t| **t <= secs(60)).count();
    assert_eq!(out[2].passed, by_1m == 1, "{:?}", out[2]);
}

#[wasm_bindgen_test(unsupported = test)]
fn spam_filtered_events_are_not_counted_but_mentioned() {
    let (loaded, trace) = run(&with_expect(
        "  - within: [0s, 10m]\n    event: {reason: Killing, count: \">= 100\"}\n",
    ));
    let dropped = trace
        .events
        .iter()
        .filter(|e| e.reason == "Killing" && !e.recorded)
        .count();
    assert!(
        dropped > 0,
        "the example's later Killing events are spam-filtered"
    );
    let out = evaluate(&loaded.expectations, &trace);
    assert!(
        out[0].observed.contains(&format!(
            "({dropped} more dropped by the kubelet's event spam filter"
        )),
        "{}",
        out[0].observed
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn never_eventually_and_always_over_windows() {
    let (loaded, trace) = run(&with_expect(concat!(
        "  - never: {phase: Failed}\n",
        "  - never: {kubectl: {status: CrashLoopBackOff}}\n",
        "  - eventually: {kubectl: {status: CrashLoopBackOff}}\n",
        "  - within: [0s, 30s]\n    kubectl: {status: CrashLoopBackOff}\n",
        "  - within: [5s, 30s]\n    always: {kubectl: {ready: \"1/1\"}, container: {state: running, ready: true, restarts: 0}}\n",
        "  - always: {container: {restarts: 0}}\n",
        "  - never: {event: {reason: Unhealthy}}\n",
        "  - never: {event: {reason: BackOff}}\n",
    )));
    let crash = trace
        .frames
        .iter()
        .find(|f| f.kubectl.status == "CrashLoopBackOff")
        .expect("the example ends in CrashLoopBackOff")
        .time;
    let first_restart = trace
        .frames
        .iter()
        .find(|f| f.kubectl.restarts > 0)
        .expect("restarts")
        .time;
    let out = evaluate(&loaded.expectations, &trace);
    assert!(out[0].passed, "{:?}", out[0]);
    assert!(!out[1].passed);
    assert_eq!(out[1].time, crash);
    assert!(
        out[1].observed.contains("CrashLoopBackOff"),
        "{}",
        out[1].observed
    );
    assert!(out[2].passed);
    assert_eq!(out[2].time, crash);
    // Not within 30s: the message lists what STATUS was instead, with times.
    assert!(!out[3].passed);
    assert!(
        out[3]
            .observed
            .starts_with("not within [0s, 30s]: kubectl.status was \"ContainerCreating\" 0s–"),
        "{}",
        out[3].observed
    );
    assert!(out[4].passed, "{:?}", out[4]);
    assert!(!out[5].passed);
    assert_eq!(out[5].time, first_restart);
    assert_eq!(out[5].field, "container.restarts");
    assert!(!out[6].passed);
    assert!(
        out[6].observed.contains("expected none; the first: "),
        "{}",
        out[6].observed
    );
    // Every BackOff event of this run was dropped by the spam filter: kubectl shows none.
    assert!(trace.events.iter().any(|e| e.reason == "BackOff"));
    assert!(trace
        .events
        .iter()
        .filter(|e| e.reason == "BackOff")
        .all(|e| !e.recorded));
    assert!(out[7].passed, "{:?}", out[7]);
    assert!(
        out[7]
            .observed
            .contains("dropped by the kubelet's event spam filter"),
        "{}",
        out[7].observed
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn logs_and_conditions() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n    command: [sh, -c, \"echo hello; echo oops >&2; sleep 5; exit 3\"]\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 1m\n  expect:\n  - at: 1m\n    log: {line: hello}\n  - at: 1m\n    log: {line: oops, stream: stdout}\n  - eventually: {container: {state: Terminated, reason: Error, exitCode: 3}}\n  - at: 1m\n    condition: {type: Ready, status: False, reason: PodFailed}\n  - at: 1m\n    phase: Failed\n  - never: {log: {line: hello}}\n";
    let (loaded, trace) = run(text);
    let out = evaluate(&loaded.expectations, &trace);
    assert!(out[0].passed, "{:?}", out[0]);
    assert!(!out[1].passed, "stderr is not stdout");
    assert_eq!(out[1].field, "log.count");
    assert!(out[2].passed, "{:?}", out[2]);
    let ready = trace
        .frame_at(secs(60))
        .and_then(|f| f.conditions.iter().find(|c| c.type_ == "Ready"))
        .expect("Ready");
    assert_eq!(
        out[3].passed,
        ready.status == "False" && ready.reason.as_deref() == Some("PodFailed"),
        "{:?} {ready:?}",
        out[3]
    );
    assert!(out[4].passed);
    assert!(!out[5].passed);
    assert!(out[5].observed.contains("\"hello\""), "{}", out[5].observed);
}

#[wasm_bindgen_test(unsupported = test)]
fn after_the_horizon_fails_and_says_so() {
    let text = format!("{LIVENESS}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 1m\n  expect:\n  - at: 2m\n    phase: Running\n  - within: [90s, 3m]\n    phase: Running\n");
    let loaded = podlife_manifest::load(&text);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.path == "spec.expect[0].at"
                && d.message.to_string().contains("after spec.until")),
        "{:#?}",
        loaded.diagnostics
    );
    let trace = simulate(loaded.scenario.as_ref().unwrap());
    let out = evaluate(&loaded.expectations, &trace);
    assert!(!out[0].passed && out[0].observed.contains("the run ends at 1m0s"));
    assert!(!out[1].passed && out[1].field == "within");
}

#[wasm_bindgen_test(unsupported = test)]
fn diff_finds_the_first_differing_killing_event() {
    let (_, a) = run(&threshold(3));
    let (_, b) = run(&threshold(1));
    let d = diff(&a, &b);
    let killing = |t: &Trace| {
        t.events
            .iter()
            .find(|e| e.reason == "Killing")
            .expect("killed")
            .time
    };
    let (ka, kb) = (killing(&a), killing(&b));
    assert!(kb < ka, "threshold 1 kills sooner");
    let first_kill = d
        .items
        .iter()
        .find(|i| matches!(&i.subject, Subject::Event { reason, .. } if reason == "Killing"))
        .expect("a Killing difference");
    assert_eq!(first_kill.ordinal, 1);
    assert_eq!(first_kill.a.as_ref().map(|s| s.time), Some(ka));
    assert_eq!(first_kill.b.as_ref().map(|s| s.time), Some(kb));
    assert_eq!(
        first_kill.change(),
        Change::Moved(kb.as_millis() as i64 - ka.as_millis() as i64)
    );
    // The first divergence is the earliest difference, and nothing differs before it.
    let first = d.first().expect("different");
    assert!(d.items.iter().all(|i| i.time() >= first.time()));
    assert!(first.time() <= kb);
    for (ea, eb) in a.events.iter().zip(&b.events) {
        if ea.time >= first.time() || eb.time >= first.time() {
            break;
        }
        assert_eq!(
            (ea.time, ea.reason, &ea.message),
            (eb.time, eb.reason, &eb.message)
        );
    }
    let text = render_text(&d, &a, &b, "a.yaml", "b.yaml");
    assert!(text.contains("\nFirst divergence at "), "{text}");
    assert!(
        text.contains("Normal Killing spec.containers{liveness} #1"),
        "{text}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn diff_of_a_run_with_itself_is_empty_and_symmetric_otherwise() {
    let (_, a) = run(LIVENESS);
    let (_, a2) = run(LIVENESS);
    let same = diff(&a, &a2);
    assert!(same.is_empty(), "{:?}", same.items.first());
    assert!(render_text(&same, &a, &a2, "a", "b").contains("No differences up to 10m0s"));
    let (_, b) = run(&threshold(1));
    let ab = diff(&a, &b);
    let ba = diff(&b, &a);
    assert_eq!(ab.items.len(), ba.items.len());
    assert_eq!(ab.first().map(|d| d.time()), ba.first().map(|d| d.time()));
    for (x, y) in ab.items.iter().zip(&ba.items) {
        assert_eq!(x.a, y.b);
        assert_eq!(x.b, y.a);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn diff_notes_other_kubernetes_versions_and_horizons() {
    let (_, a) = run(LIVENESS);
    let (_, b) = run(&format!(
        "{LIVENESS}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 5m\n  kubernetesVersion: \"1.34\"\n"
    ));
    let d = diff(&a, &b);
    assert_eq!(d.horizon, secs(300));
    assert!(
        d.notes
            .iter()
            .any(|n| n.to_string() == "Kubernetes 1.37 in A, 1.34 in B"),
        "{:?}",
        d.notes
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n.to_string().contains("compared up to 5m0s")),
        "{:?}",
        d.notes
    );
    assert!(d.items.iter().all(|i| i.time() <= secs(300)));
}

fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid XML: {e}\n{svg}"))
}

#[wasm_bindgen_test(unsupported = test)]
fn svg_is_well_formed_and_has_the_timeline() {
    let (loaded, trace) = run(&with_expect(
        "  - never: {phase: Failed}\n  - at: 20s\n    kubectl: {ready: \"0/1\"}\n",
    ));
    let out = evaluate(&loaded.expectations, &trace);
    let opts = SvgOptions {
        playhead: Some(secs(90)),
        expectations: out
            .iter()
            .map(|o| ExpectMark {
                time: o.time,
                passed: o.passed,
                label: o.summary.clone(),
            })
            .collect(),
        ..SvgOptions::default()
    };
    let svg = render(&trace, &opts);
    let doc = parse_svg(&svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .expect("a title");
    assert_eq!(
        title,
        "liveness-exec — Kubernetes 1.37 · at 1m30s · Timeline 0s–10m0s"
    );
    let class_count = |c: &str| {
        doc.descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|v| v.split(' ').any(|x| x == c))
            })
            .count()
    };
    assert_eq!(class_count("playhead"), 1);
    assert!(class_count("ev") >= trace.events.iter().filter(|e| e.recorded).count());
    assert!(class_count("st-ready") >= 1 && class_count("st-backoff") >= 1);
    assert_eq!(class_count("exp-pass"), 1);
    assert_eq!(class_count("exp-fail"), 1);
    assert!(class_count("tick") >= 2, "probe ticks");
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    for word in [
        "phase",
        "events",
        "liveness",
        "CONTAINERS",
        "probe failure",
        "1m0s",
    ] {
        assert!(texts.contains(&word), "{word} in {texts:?}");
    }
    // No reference to anything outside the document.
    assert!(
        !svg.contains("href") && !svg.contains("url("),
        "self-contained"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn svg_is_deterministic_and_follows_the_language() {
    let (_, t1) = run(LIVENESS);
    let (_, t2) = run(LIVENESS);
    let opts = SvgOptions {
        playhead: Some(secs(45)),
        ..SvgOptions::default()
    };
    let a = render(&t1, &opts);
    assert_eq!(a, render(&t2, &opts), "same scenario, same bytes");
    let zh = render(
        &t1,
        &SvgOptions {
            lang: Lang::Zh,
            ..opts.clone()
        },
    );
    parse_svg(&zh);
    assert_ne!(a, zh);
    for word in [
        "阶段",
        "事件",
        "容器",
        "探针失败",
        "时间 45s",
        "lang=\"zh-CN\"",
    ] {
        assert!(zh.contains(word), "{word}");
    }
    let (_, other) = run(&threshold(1));
    assert_ne!(a, render(&other, &opts));
}

#[wasm_bindgen_test(unsupported = test)]
fn hostile_texts_stay_well_formed_xml() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: \"busybox\"\n    command: [sh, -c, \"exit 1\"]\n    livenessProbe:\n      exec: {command: [sh, -c, \"echo '<b>&amp;\\\"]]>\\u0001'; exit 1\"]}\n";
    let (_, trace) = run(text);
    let svg = render(&trace, &SvgOptions::default());
    parse_svg(&svg);
    assert_eq!(
        xml_escape("a<b>&\"'\u{1}\u{ffff}"),
        "a&lt;b&gt;&amp;&quot;&apos;\u{fffd}\u{fffd}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn chinese_messages_give_the_same_verdicts_with_kubectl_values_in_english() {
    let (loaded, trace) = run(&with_expect(concat!(
        "  - at: 20s\n    kubectl: {ready: \"0/1\"}\n",
        "  - never: {kubectl: {status: CrashLoopBackOff}}\n",
        "  - within: [0s, 30s]\n    kubectl: {status: CrashLoopBackOff}\n",
        "  - within: [0s, 5m]\n    event: {reason: Killing, count: \">= 9\"}\n",
        "  - never: {event: {reason: BackOff}}\n",
        "  - at: 20m\n    phase: Running\n",
        "  - at: 1m\n    log: {line: nothing-like-this}\n",
    )));
    let en = evaluate(&loaded.expectations, &trace);
    let zh = crate::expect::evaluate_in(&loaded.expectations, &trace, Lang::Zh);
    assert_eq!(en.len(), zh.len());
    for (e, z) in en.iter().zip(&zh) {
        // Same verdict, instant, window and field: only the words change.
        assert_eq!(
            (e.passed, e.time, e.from, e.to, &e.field),
            (z.passed, z.time, z.from, z.to, &z.field)
        );
        assert_ne!(e.summary, z.summary);
        assert_ne!(e.observed, z.observed);
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        assert!(han(&z.summary) && han(&z.observed), "{z:?}");
        assert!(!han(&e.summary) && !han(&e.observed), "{e:?}");
    }
    // kubectl's values and the field paths stay as kubectl prints them.
    assert!(
        zh[0]
            .observed
            .contains("kubectl.ready 为 \"1/1\"（预期 \"0/1\"）"),
        "{}",
        zh[0].observed
    );
    assert!(
        zh[1].observed.contains("CrashLoopBackOff"),
        "{}",
        zh[1].observed
    );
    assert!(
        zh[2]
            .observed
            .starts_with("在 [0s, 30s] 内未满足：kubectl.status 依次为 \"ContainerCreating\" 0s–"),
        "{}",
        zh[2].observed
    );
    assert!(
        zh[3].observed.contains("Killing 事件"),
        "{}",
        zh[3].observed
    );
    assert!(
        zh[4].observed.contains("事件垃圾过滤器"),
        "{}",
        zh[4].observed
    );
    assert!(
        zh[5].observed.contains("请调大 spec.until"),
        "{}",
        zh[5].observed
    );
    assert!(zh[6].summary.starts_with("在 1m0s："), "{}", zh[6].summary);
}

#[wasm_bindgen_test(unsupported = test)]
fn difference_sentences_and_notes_in_chinese() {
    let (_, a) = run(&threshold(3));
    let (_, b) = run(&format!(
        "{}---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.34\"\n",
        threshold(1)
    ));
    let d = diff(&a, &b);
    let kill = d
        .items
        .iter()
        .find(|i| matches!(&i.subject, Subject::Event { reason, .. } if reason == "Killing"))
        .expect("a Killing difference");
    let en = crate::diff::sentence_in(kill, Lang::En);
    let zh = crate::diff::sentence_in(kill, Lang::Zh);
    assert_eq!(en, crate::diff::sentence(kill));
    assert!(
        en.starts_with("the 1st Normal Killing spec.containers{liveness} is at "),
        "{en}"
    );
    assert!(
        zh.starts_with("第 1 个 Normal Killing spec.containers{liveness}：A 在 "),
        "{zh}"
    );
    assert!(zh.contains("（B 早 "), "{zh}");
    let notes: Vec<String> = d.notes.iter().map(|n| n.text(Lang::Zh)).collect();
    assert!(
        notes.contains(&"A 为 Kubernetes 1.37，B 为 1.34".to_string()),
        "{notes:?}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn the_timeline_svg_draws_a_window_and_labels_verdicts_in_the_language() {
    let (loaded, trace) = run(&with_expect("  - at: 20s\n    kubectl: {ready: \"0/1\"}\n"));
    let window = crate::lanes::Scale {
        from: secs(30),
        to: secs(90),
    };
    let zh = crate::svg::timeline(
        &trace,
        &loaded.expectations,
        Some(window),
        Some(secs(45)),
        Lang::Zh,
    );
    parse_svg(&zh);
    assert!(
        zh.contains("时间线 30s–1m30s"),
        "the window is in the title"
    );
    assert!(zh.contains(">存活探针<"), "probe rows in Chinese");
    // The verdict at 20s lies outside the window: not drawn.
    assert!(!zh.contains("class=\"exp exp-fail\""));
    let all = crate::svg::timeline(&trace, &loaded.expectations, None, None, Lang::Zh);
    assert!(all.contains("<title>失败：spec.expect[0]: 在 20s：kubectl.ready = &quot;0/1&quot; — 20s 时：kubectl.ready 为 &quot;1/1&quot;"), "{all}");
    let en = crate::svg::timeline(&trace, &loaded.expectations, None, None, Lang::En);
    assert!(en.contains("<title>failed: spec.expect[0]: at 20s: kubectl.ready = &quot;0/1&quot;"));
}
