use podlife_runtime::{Bytes, Seconds};
use podlife_spec::SimTime;

use super::*;

fn note_zh(note: &Note) -> String {
    note.say(&Chinese)
}

fn clause_zh(clause: &Clause) -> String {
    clause.say(&Chinese)
}

fn step_zh(step: &Step) -> String {
    step.say(&Chinese)
}

fn zh_of(text: &str) -> Vec<(Diagnostic, String)> {
    podlife_manifest::load(text)
        .diagnostics
        .into_iter()
        .map(|d| {
            let zh = render(&d, Lang::Zh);
            (d, zh)
        })
        .collect()
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: [sleep, \"3600\"]\n";

/// Manifests that meet most of podlife's hints and warnings.
fn hint_cases() -> Vec<String> {
    vec![
        POD.to_string(),
        POD.replace("containers:", "contaienrs:"),
        POD.replace("image: busybox", "image: nginx:latest")
            .replace("    command: [sleep, \"3600\"]\n", "    command: [sleep, \"60\"]\n    livenessProbe:\n      httpGet: {path: /, port: web}\n    readinessProbe:\n      httpGet: {path: /, port: web}\n"),
        POD.replace("    command: [sleep, \"3600\"]\n", "    command: [sleep, \"30\"]\n    livenessProbe:\n      exec: {command: [true]}\n      initialDelaySeconds: 5\n    ports:\n    - containerPort: 80\n    readinessProbe:\n      tcpSocket: {port: 81}\n"),
        POD.replace("spec:\n", "spec:\n  nodeName: worker-1\n  nodeSelector: {disk: ssd}\n  terminationGracePeriodSeconds: -3\n"),
        format!("{POD}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"),
        format!("{POD}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: other\nspec:\n  ports:\n  - port: 80\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  until: 1m\n  actions:\n  - at: 2m\n    delete: {{}}\n  expect:\n  - at: 3m\n    phase: Running\n"),
        POD.replace("    image: busybox\n", "    image:busybox\n"),
        POD.replace("    command: [sleep, \"3600\"]\n", "    livenessProbe:\n    exec:\n      command: [true]\n"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: app\n        image: busybox:1.36\n        command: [sleep, \"3600\"]\n".to_string(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  schedulingGates:\n  - name: g\n  containers:\n  - name: app\n    image: busybox\n    restartPolicy: Never\n---\napiVersion: podlife/v1\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.33\"\n".to_string(),
        format!("{POD}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n  bogus: 1\n"),
        String::new(),
    ]
}

/// The gallery's examples and the course notes' (examples/seeds).
fn examples() -> Vec<String> {
    let mut texts: Vec<String> = crate::gallery::EXAMPLES
        .iter()
        .map(|e| e.text.to_string())
        .collect();
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(seeds)
        .expect("examples/seeds")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    for path in paths {
        texts.push(std::fs::read_to_string(path).expect("seed"));
    }
    texts
}

/// One of every kind podlife says (values that are no English words).
fn every_note() -> Vec<Note> {
    let s = |v: &str| v.to_string();
    vec![
        Note::InputTooLarge { bytes: 2, limit: 1 },
        Note::NestingTooDeep { limit: 64 },
        Note::AliasBomb { limit: 1, nodes: 2 },
        Note::TooManyDocuments { limit: 1000 },
        Note::InvalidMergeKey,
        Note::NoPodFound,
        Note::NumberTooBig {
            number: s("99999999999999999999"),
        },
        Note::AliasRepetitionLimit { parser: s("e1") },
        Note::AliasInsideItsAnchor {
            anchor: Some(s("a1")),
            parser: s("e1"),
        },
        Note::AliasInsideItsAnchor {
            anchor: None,
            parser: s("e1"),
        },
        Note::ParserNestingTooDeep {
            limit: 64,
            parser: s("e1"),
        },
        Note::UnknownAnchor { anchor: s("a1") },
        Note::DidYouMean { field: s("q1") },
        Note::NotCreated {
            object: RefusedObject::ListItems,
            pod_runs_without_it: true,
        },
        Note::NotCreated {
            object: RefusedObject::Named {
                kind: s("K1"),
                name: s("n1"),
            },
            pod_runs_without_it: false,
        },
        Note::NotCreated {
            object: RefusedObject::Unnamed { kind: s("K1") },
            pod_runs_without_it: true,
        },
        Note::NotCreated {
            object: RefusedObject::Unknown,
            pod_runs_without_it: false,
        },
        Note::ServiceInOtherNamespace {
            service: s("s1"),
            service_namespace: s("a1"),
            pod_namespace: s("b1"),
        },
        Note::KindNotSimulated {
            kind: s("Namespace"),
        },
        Note::KindNotSimulated { kind: s("K1") },
        Note::ProbePortNameNotDeclared { name: s("p1") },
        Note::ProbePortNotDeclared { port: 81 },
        Note::NoProbes,
        Note::LivenessSameAsReadiness,
        Note::ImageWithoutTag { image: s("i1") },
        Note::ImageLatest {
            image: s("i1:latest"),
        },
        Note::NoLimits,
        Note::SleepLongerThanLivenessDelay {
            sleep_seconds: 30,
            initial_delay_seconds: 5,
        },
        Note::NoSpaceAfterColon {
            written: s("k1:v1"),
            key: s("k1"),
            value: s("v1"),
        },
        Note::IndentedUnderValue {
            key: s("k1"),
            parent: s("k2"),
            parent_line: 3,
        },
        Note::ChildAtParentIndentation {
            parent: s("k1"),
            parent_line: 3,
            child: s("k2"),
        },
        Note::NodeNamed { node: s("w1") },
        Note::NodeLabelled {
            labels: vec![s("a1=b1"), s("c1=d1")],
        },
        Note::DroppedByFeatureGate {
            minor: 33,
            gate: s("G1"),
        },
        Note::NegativeGracePeriod { seconds: -3 },
        Note::OnePodOfController {
            field: s("replicas"),
            count: 3,
            pod: s("p1"),
        },
        Note::SchedulingGatesNotSimulated,
        Note::ContainerRestartRulesNotSimulated { minor: 35 },
        Note::ActionAfterUntil {
            at: s("2m0s"),
            until: s("1m0s"),
        },
        Note::ExpectationAfterUntil {
            at: s("2m0s"),
            until: s("1m0s"),
        },
    ]
}

fn every_step() -> Vec<Step> {
    let s = |v: &str| v.to_string();
    let one = || vec![Step::DoesNothing];
    let boxed = || Box::new(Step::DoesNothing);
    vec![
        Step::Sets {
            names: vec![s("v1"), s("v2")],
        },
        Step::Creates { paths: s("/f1") },
        Step::Removes { paths: s("/f1") },
        Step::CreatesDirectory { path: s("/d1") },
        Step::Sleeps {
            duration: Seconds(1500),
        },
        Step::SleepsForever,
        Step::Runs { command: s("c1") },
        Step::Writes { target: s("/f1") },
        Step::Prints { text: s("t1") },
        Step::PrintsFile { path: s("/f1") },
        Step::FollowsForever { path: s("/f1") },
        Step::PrintsEnd { path: s("/f1") },
        Step::LooksUp { name: s("s1") },
        Step::ExitsWithLastStatus,
        Step::Exits { status: s("3") },
        Step::DoesNothing,
        Step::SignalsNginx { signal: s("q1") },
        Step::OutputTo {
            step: boxed(),
            target: s("/f1"),
        },
        Step::AndIfSucceeds {
            first: boxed(),
            then: boxed(),
        },
        Step::OrIfFails {
            first: boxed(),
            otherwise: boxed(),
        },
        Step::InBackground(boxed()),
        Step::Pipeline(vec![Step::DoesNothing, Step::DoesNothing]),
        Step::Not(boxed()),
        Step::Group(vec![Step::DoesNothing, Step::SleepsForever]),
        Step::If {
            arms: vec![(one(), one()), (one(), one())],
            otherwise: Some(one()),
        },
        Step::If {
            arms: vec![(one(), one())],
            otherwise: None,
        },
        Step::Repeat {
            body: one(),
            condition: one(),
            until: true,
        },
        Step::Repeat {
            body: one(),
            condition: one(),
            until: false,
        },
        Step::For {
            variable: s("v1"),
            items: s("a1 b1"),
            body: one(),
        },
        Step::BranchesOn { word: s("$v1") },
        Step::DefinesFunction { name: s("f1") },
    ]
}

fn every_clause() -> Vec<Clause> {
    let s = |v: &str| v.to_string();
    let mut clauses = vec![
        Clause::Script {
            script: s("c1"),
            steps: vec![Step::DoesNothing, Step::SleepsForever],
        },
        Clause::ScriptDoesNotParse {
            script: s("c1"),
            error: s("e1"),
        },
        Clause::ShellWithoutScript { shell: s("sh") },
        Clause::ThenExits,
        Clause::SleepsThenExits {
            duration: Seconds(30_000),
        },
        Clause::NginxServes,
        Clause::NginxForksIntoBackground,
        Clause::LivenessDemoServer,
        Clause::Goproxy,
        Clause::HttpdServes,
        Clause::RedisListens,
        Clause::UnknownServer,
        Clause::Stress {
            allocated: Bytes(1 << 20),
            workers: 1,
            timeout: Some(s("10s")),
        },
        Clause::Stress {
            allocated: Bytes(1000),
            workers: 1,
            timeout: None,
        },
        Clause::IgnoresSigtermByScenario,
        Clause::DiesOfSigtermByScenario,
        Clause::NginxQuitsGracefully { milliseconds: 100 },
        Clause::NginxStopsFast { milliseconds: 100 },
        Clause::HttpdStopsGracefully,
        Clause::ExitsPromptlyOnSigterm,
        Clause::GoProgramExits2OnSigterm,
        Clause::Exits143OnSigtermGuessed,
        Clause::IgnoresSigtermAsPid1,
        Clause::OutOfMemory {
            working_set: Bytes(2 << 20),
            limit: Bytes(1 << 20),
            milliseconds: 100,
        },
        Clause::FitsMemoryLimit {
            working_set: Bytes(1000),
            limit: Bytes(1 << 20),
        },
        Clause::ScenarioExits {
            after: Seconds(5000),
            code: 3,
        },
        Clause::ScenarioListens {
            after: Seconds(5000),
        },
    ];
    clauses.extend(every_step().into_iter().map(Clause::Does));
    clauses
}

fn every_guess() -> Vec<Guess> {
    let s = |v: &str| v.to_string();
    vec![
        Guess::UnknownImageServer {
            image: s("i1"),
            ports: vec![s("80"), s("81")],
        },
        Guess::UnknownImageBusybox { image: s("i1") },
        Guess::ScriptSyntaxError { error: s("e1") },
        Guess::NotInImageShellPrints {
            program: s("c1"),
            image: s("i1"),
            shell_message: s("sh: c1: not found"),
        },
        Guess::NotInImageCannotStart {
            program: s("c1"),
            image: s("i1"),
        },
        Guess::EnvGuessed {
            name: s("V1"),
            value: s("x1"),
        },
        Guess::EnvEmpty { name: s("V1") },
        Guess::ShellBusyForever { steps: 100_000 },
        Guess::AwkBusyForever { steps: 300_000 },
        Guess::AwkRunsCommand { what: s("c1") },
        Guess::NcListenNotModelled,
        Guess::ProgramNotModelled { command: s("c1") },
        Guess::CommandNotModelled { name: s("c1") },
        Guess::TooManyProcesses { limit: 256 },
        Guess::SchedulerBound {
            runs: 100_000,
            at: SimTime::from_secs(3),
        },
    ]
}

/// Every kind, as (English, Chinese, its values).
fn every_rendering() -> Vec<(String, String, Vec<String>)> {
    let mut out: Vec<(String, String, Vec<String>)> = every_note()
        .iter()
        .map(|n| (n.to_string(), note_zh(n), values_of(&format!("{n:?}"))))
        .collect();
    out.extend(
        every_clause()
            .iter()
            .map(|c| (c.to_string(), clause_zh(c), values_of(&format!("{c:?}")))),
    );
    out.extend(every_guess().iter().map(|g| {
        (
            g.to_string(),
            guess(g, Lang::Zh),
            values_of(&format!("{g:?}")),
        )
    }));
    out
}

/// Words of at least three ASCII letters outside backquotes.
fn words(s: &str) -> Vec<String> {
    s.split('`')
        .step_by(2)
        .flat_map(|part| part.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

/// The English words the Chinese keeps on purpose: Kubernetes and program names, field names,
/// signals. Any other word outside backquotes that is not one of the rendered values is
/// English left behind.
const KEPT: &[&str] = &[
    "API",
    "Always",
    "Apache",
    "CPU",
    "CronJob",
    "DaemonSet",
    "Deployment",
    "HTTP",
    "Job",
    "Kubernetes",
    "List",
    "MiB",
    "Namespace",
    "OOMKilled",
    "PID",
    "Pending",
    "Pod",
    "PodTemplate",
    "ReplicaSet",
    "ReplicationController",
    "RunContainerError",
    "SIGKILL",
    "SIGQUIT",
    "SIGTERM",
    "SIGWINCH",
    "STOPSIGNAL",
    "Scenario",
    "SchedulingGated",
    "Service",
    "StartError",
    "StatefulSet",
    "YAML",
    "apache",
    "apply",
    "awk",
    "busybox",
    "bytes",
    "fork",
    "goproxy",
    "healthz",
    "htdocs",
    "html",
    "httpd",
    "imagePullPolicy",
    "index",
    "initialDelaySeconds",
    "kubectl",
    "kubelet",
    "latest",
    "limits",
    "livenessProbe",
    "local",
    "nginx",
    "podlife",
    "ports",
    "readinessProbe",
    "redis",
    "resources",
    "restartPolicy",
    "server",
    "share",
    "shell",
    "spec",
    "startupProbe",
    "stress",
    "terminationGracePeriodSeconds",
    "timeout",
    "until",
    "usr",
    "valueFrom",
];

/// The words inside the string values of a kind's `Debug` (its values, which a rendering
/// shows as they are: a namespace called `default` is no English left behind).
fn values_of(debug: &str) -> Vec<String> {
    let (mut inside, mut escaped) = (false, false);
    let mut text = String::new();
    for c in debug.chars() {
        match (inside, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => {
                inside = !inside;
                text.push(' ');
            }
            (true, false, c) => text.push(c),
            _ => {}
        }
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The English words in `zh` that it neither keeps on purpose nor shows as a value.
fn english_in(zh: &str, values: &[String]) -> Vec<String> {
    words(zh)
        .into_iter()
        .filter(|w| !KEPT.contains(&w.as_str()) && !values.contains(w))
        .collect()
}

/// The `{N}` a template places.
fn placeholders(template: &str) -> Vec<char> {
    let mut found: Vec<char> = template
        .split('{')
        .skip(1)
        .filter_map(|rest| match rest.as_bytes() {
            [d @ b'0'..=b'9', b'}', ..] => Some(char::from(*d)),
            _ => None,
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Each Chinese template places the same values as its English one: none is dropped.
#[test]
fn chinese_templates_place_every_value() {
    use podlife_manifest::Phrasebook as _;
    use podlife_runtime::Phrasebook as _;
    let (en, zh) = (podlife_manifest::English, Chinese);
    for n in every_note() {
        assert_eq!(
            placeholders(en.note(&n)),
            placeholders(zh.note(&n)),
            "{n:?}"
        );
    }
    for object in [
        RefusedObject::ListItems,
        RefusedObject::Named {
            kind: "K".into(),
            name: "n".into(),
        },
        RefusedObject::Unnamed { kind: "K".into() },
        RefusedObject::Unknown,
    ] {
        assert_eq!(
            placeholders(en.refused(&object)),
            placeholders(zh.refused(&object))
        );
    }
    let en = podlife_runtime::English;
    for c in every_clause() {
        assert_eq!(
            placeholders(en.clause(&c)),
            placeholders(zh.clause(&c)),
            "{c:?}"
        );
    }
    for s in every_step() {
        assert_eq!(
            placeholders(en.step(&s)),
            placeholders(zh.step(&s)),
            "{s:?}"
        );
    }
    for g in every_guess() {
        assert_eq!(
            placeholders(en.guess(&g)),
            placeholders(zh.guess(&g)),
            "{g:?}"
        );
    }
    for j in [
        Joiner::Clauses,
        Joiner::Then,
        Joiner::PipedInto,
        Joiner::ElseIf,
        Joiner::Otherwise,
        Joiner::Bytes,
    ] {
        assert_eq!(
            placeholders(en.joiner(j)),
            placeholders(zh.joiner(j)),
            "{j:?}"
        );
    }
}

/// Every kind says something in each language, and its Chinese keeps none of the English
/// words (the match in hints.rs has no catch-all, so a kind without Chinese does not compile).
#[test]
fn every_kind_is_said_in_both_languages() {
    for (en, zh, values) in every_rendering() {
        assert!(!en.is_empty() && !zh.is_empty());
        assert_ne!(en, zh);
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{zh}"
        );
        assert_eq!(english_in(&zh, &values), Vec::<String>::new(), "{en}\n{zh}");
    }
}

/// Every hint and warning podlife writes for these inputs and the examples is said in
/// Chinese; the API server's errors are not.
#[test]
fn our_words_are_translated_the_api_servers_are_not() {
    let mut seen = 0;
    let mut api = 0;
    for text in hint_cases().iter().chain(&examples()) {
        for (d, zh) in zh_of(text) {
            let en = d.message.to_string();
            assert!(
                d.severity == Severity::Error || matches!(d.message, Message::Podlife(_)),
                "a hint or warning is ours: {en}"
            );
            match &d.message {
                Message::Podlife(note) => {
                    seen += 1;
                    assert!(!zh.contains(&en), "{zh}");
                    assert!(zh.ends_with(&note_zh(note)), "{zh}");
                    let values = values_of(&format!("{note:?}"));
                    assert_eq!(
                        english_in(&note_zh(note), &values),
                        Vec::<String>::new(),
                        "{en}"
                    );
                    assert!(
                        zh.contains(": 提示: ")
                            || zh.contains(": 警告: ")
                            || zh.contains(": 错误: "),
                        "{zh}"
                    );
                }
                Message::Api(_) => {
                    api += 1;
                    assert!(zh.ends_with(&en), "the API server's text stays: {zh}");
                    assert!(zh.contains(": 错误: "), "{zh}");
                }
            }
            assert_eq!(render(&d, Lang::En), d.render("pod.yaml"));
        }
    }
    assert!(seen >= 40, "{seen} of our messages seen");
    assert!(api >= 2, "{api} API server messages seen");
}

#[test]
fn values_are_kept() {
    let did_you_mean = Note::DidYouMean {
        field: "containers".into(),
    };
    assert_eq!(note_zh(&did_you_mean), "是否想写 \"containers\"？");
    let service = Note::ServiceInOtherNamespace {
        service: "web".into(),
        service_namespace: "a".into(),
        pod_namespace: "b".into(),
    };
    assert_eq!(
        service.to_string(),
        "Service \"web\" is in namespace \"a\", the pod in \"b\": from the pod it resolves as web.a, not as web"
    );
    assert_eq!(
        note_zh(&service),
        "Service \"web\" 在命名空间 \"a\" 中，而 Pod 在 \"b\" 中：在 Pod 内它的名字是 web.a，而不是 web"
    );
    let d = Diagnostic {
        severity: Severity::Hint,
        path: "spec.containers[0]".into(),
        message: Message::Podlife(Note::NoLimits),
        line: 7,
        column: 3,
        end_line: 7,
        end_column: 4,
    };
    assert_eq!(
        render(&d, Lang::Zh),
        "pod.yaml:7:3: 提示: spec.containers[0]: 没有 resources.limits：容器可能用尽节点的全部内存和 CPU"
    );
    assert_eq!(render(&d, Lang::En), d.render("pod.yaml"));
    // The path is left out where the CLI leaves it out (the message quotes it).
    let unknown = Diagnostic {
        severity: Severity::Error,
        path: "spec.x".into(),
        message: Message::Api("unknown field \"spec.x\"".into()),
        ..d
    };
    assert_eq!(
        render(&unknown, Lang::Zh),
        "pod.yaml:7:3: 错误: unknown field \"spec.x\""
    );
}

/// The runtime's sentence for every example of the gallery and the course notes, in
/// Chinese: none of podlife's English words is left outside backquotes.
#[test]
fn runtime_summaries_are_said_in_chinese() {
    let mut seen = 0;
    for text in &examples() {
        let Some(run) = crate::model::analyse(text).run else {
            continue;
        };
        for x in &run.trace.explanations {
            seen += 1;
            let zh = summary(&x.summary, Lang::Zh);
            let values = values_of(&format!("{:?}", x.summary));
            assert_eq!(
                english_in(&zh, &values),
                Vec::<String>::new(),
                "{}\n{zh}",
                x.summary
            );
            for w in &x.warnings {
                let zh = guess(w, Lang::Zh);
                let values = values_of(&format!("{w:?}"));
                assert_eq!(english_in(&zh, &values), Vec::<String>::new(), "{w}\n{zh}");
            }
            assert_eq!(summary(&x.summary, Lang::En), x.summary.to_string());
        }
    }
    assert!(seen > 20, "{seen} summaries");
}

#[test]
fn timeline_notes() {
    assert_eq!(grace_detail("SIGKILL at +30s", Lang::Zh), "+30s 时 SIGKILL");
    assert_eq!(grace_detail("SIGKILL at +30s", Lang::En), "SIGKILL at +30s");
    assert_eq!(span_kind("backoff", Lang::Zh), "退避");
    assert_eq!(span_kind("preStop", Lang::Zh), "preStop");
}

#[test]
fn nested_steps_keep_their_structure() {
    let sentence = Sentence {
        clauses: [
            Clause::Script {
                script: "sh -c ...".into(),
                steps: vec![
                    Step::Creates {
                        paths: "/tmp/healthy".into(),
                    },
                    Step::Sleeps {
                        duration: Seconds(30_000),
                    },
                    Step::Removes {
                        paths: "/tmp/healthy".into(),
                    },
                    Step::Repeat {
                        body: vec![
                            Step::Prints { text: "hi".into() },
                            Step::Sleeps {
                                duration: Seconds(5000),
                            },
                        ],
                        condition: vec![Step::DoesNothing],
                        until: false,
                    },
                ],
            },
            Clause::IgnoresSigtermAsPid1,
        ]
        .into(),
    };
    assert_eq!(
        sentence.to_string(),
        "runs `sh -c ...`: creates /tmp/healthy, then sleeps 30 s, then removes /tmp/healthy, then repeats [prints `hi`, then sleeps 5 s] while [does nothing] succeeds; ignores SIGTERM as PID 1 (dies only at SIGKILL after the grace period, exit 137)"
    );
    assert_eq!(
        summary(&sentence, Lang::Zh),
        "运行 `sh -c ...`：创建 /tmp/healthy，然后休眠 30 s，然后删除 /tmp/healthy，然后只要 [什么也不做] 成功就重复 [打印 `hi`，然后休眠 5 s]；作为 PID 1 忽略 SIGTERM（宽限期过后只在 SIGKILL 时终止，退出码 137）"
    );
    let branches = Step::If {
        arms: vec![
            (
                vec![Step::Runs {
                    command: "test -f x".into(),
                }],
                vec![Step::Prints { text: "a".into() }],
            ),
            (
                vec![Step::DoesNothing],
                vec![Step::Exits { status: "1".into() }],
            ),
        ],
        otherwise: Some(vec![Step::Exits { status: "0".into() }]),
    };
    assert_eq!(
        branches.to_string(),
        "if runs `test -f x`: prints `a`; else if does nothing: exits 1; otherwise exits 0"
    );
    assert_eq!(
        step_zh(&branches),
        "如果 运行 `test -f x`：打印 `a`；否则如果 什么也不做：以 1 退出；否则 以 0 退出"
    );
}
