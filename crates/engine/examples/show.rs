//! Prints the timeline and views of the liveness-exec acceptance scenario (scripted runtime).
use podlife_engine::{testkit, text, views};
use podlife_spec::SimTime;

fn main() {
    let (sc, scripts) = testkit::liveness_exec();
    let tr = testkit::run_fake(&sc, &scripts);
    print!("{}", text::timeline(&tr));
    print!("{}", views::describe_pod(&tr, SimTime::from_secs(222)));
    print!("{}", views::get_pods(&tr, SimTime::from_secs(252)));
    print!("{}", views::get_pods_watch(&tr, SimTime::from_secs(300)));
    print!("{}", views::pod_yaml(&tr, SimTime::from_secs(252)));
}
