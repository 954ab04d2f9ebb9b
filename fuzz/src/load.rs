//! Feeds arbitrary bytes to the loader; whatever loads is played a few steps. A crash or a hang
//! here is a bug: bad input must only ever produce diagnostics.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let checked = frontdesk::scenario::check_bytes(data);
        if let Some(s) = checked.scenario.map(std::sync::Arc::new) {
            let mut run =
                frontdesk::engine::Run::new(std::sync::Arc::clone(&s), Default::default());
            for step in 0..64 {
                if run.is_over() || run.offered().is_empty() {
                    break;
                }
                let n = run.offered().len();
                let _ = run.choose(step % n);
            }
            let _ = frontdesk::authoring::stats::stats(&s);
            let _ = frontdesk::authoring::graph::render(&s, Default::default());
        }
    });
}
