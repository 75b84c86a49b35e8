//! The pod's QoS class (apis/core/v1/helper/qos GetPodQOS, rules §11.2), written into every
//! status (§11.3).

use podlife_spec::Pod;

/// QoS class (§11.2).
pub(crate) fn qos_class(pod: &Pod) -> &'static str {
    let all: Vec<_> = pod
        .spec
        .init_containers
        .iter()
        .chain(pod.spec.containers.iter())
        .collect();
    let positive = |q: Option<i128>| q.is_some_and(|v| v > 0);
    let any = all.iter().any(|c| {
        ["cpu", "memory"]
            .iter()
            .any(|r| positive(c.resources.request_milli(r)) || positive(c.resources.limit_milli(r)))
    });
    if !any {
        return "BestEffort";
    }
    let all_limits = all.iter().all(|c| {
        positive(c.resources.limit_milli("cpu")) && positive(c.resources.limit_milli("memory"))
    });
    if all_limits {
        let eq = ["cpu", "memory"].iter().all(|r| {
            let req: i128 = all
                .iter()
                .map(|c| c.resources.request_milli(r).unwrap_or(0))
                .sum();
            let lim: i128 = all
                .iter()
                .map(|c| c.resources.limit_milli(r).unwrap_or(0))
                .sum();
            req == lim
        });
        if eq {
            return "Guaranteed";
        }
    }
    "Burstable"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{container, scenario};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn qos_11_2() {
        let mut sc = scenario("q", vec![container("a", "x:1")]);
        assert_eq!(qos_class(&sc.pod), "BestEffort");
        let q = |s: &str| podlife_spec::parse_quantity(s).unwrap();
        let r = &mut sc.pod.spec.containers[0].resources;
        r.requests.insert("memory".into(), q("64Mi"));
        assert_eq!(qos_class(&sc.pod), "Burstable");
        let r = &mut sc.pod.spec.containers[0].resources;
        for (k, v) in [("cpu", "500m"), ("memory", "64Mi")] {
            r.limits.insert(k.into(), q(v));
            r.requests.insert(k.into(), q(v));
        }
        assert_eq!(qos_class(&sc.pod), "Guaranteed");
    }
}
