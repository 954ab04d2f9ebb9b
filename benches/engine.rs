//! Loading, checking and playing a 10,000-node scenario, and the whole `frontdesk list` process.
//! Figures go to docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::engine::{Run, RunOptions};
use frontdesk::scenario::{check_str, synthetic};
use std::hint::black_box;

const NODES: usize = 10_000;

fn loading(c: &mut Criterion) {
    let text = synthetic::yaml(NODES);
    eprintln!("synthetic scenario: {NODES} nodes, {} bytes", text.len());
    let mut g = c.benchmark_group("load_10k_nodes");
    g.sample_size(20);
    // The floor: serde_yaml parsing the same text into a generic Value.
    g.bench_function("serde_yaml_value", |b| {
        b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&text)).unwrap())
    });
    g.bench_function("frontdesk_check", |b| {
        b.iter(|| {
            let c = check_str(black_box(&text));
            assert!(c.scenario.is_some());
            c
        })
    });
    g.finish();
}

fn playing(c: &mut Criterion) {
    let text = synthetic::yaml(NODES);
    let scenario = std::sync::Arc::new(check_str(&text).scenario.expect("valid"));
    let mut g = c.benchmark_group("play_10k_nodes");
    g.sample_size(20);
    g.bench_function("1000_seeded_runs", |b| {
        b.iter(|| {
            let mut decisions = 0;
            for seed in 0..1000u64 {
                let mut run = Run::new(
                    std::sync::Arc::clone(&scenario),
                    RunOptions {
                        seed,
                        shuffle: true,
                    },
                );
                let mut pick = seed;
                while !run.is_over() {
                    pick = pick
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let n = run.offered().len();
                    run.choose((pick >> 33) as usize % n).unwrap();
                }
                decisions += run.decisions().len();
            }
            decisions
        })
    });
    g.finish();
}

/// Whole processes, wall time from spawn to exit: `list`, and the trainer up to its first
/// frame of Home in a pseudo-terminal (`FRONTDESK_EXIT_AFTER_FIRST_FRAME` ends it there).
fn start_up(c: &mut Criterion) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let exe = env!("CARGO_BIN_EXE_frontdesk");
    let data = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("process");
    g.sample_size(30);
    g.bench_function("frontdesk_list", |b| {
        b.iter(|| {
            let out = std::process::Command::new(exe)
                .arg("list")
                .output()
                .unwrap();
            assert!(out.status.success());
        })
    });
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    // Drain the terminal's output so the trainer never blocks writing its frame.
    let mut reader = pty.master.try_clone_reader().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while matches!(std::io::Read::read(&mut reader, &mut buf), Ok(n) if n > 0) {}
    });
    g.bench_function("trainer_first_frame", |b| {
        b.iter(|| {
            let mut cmd = CommandBuilder::new(exe);
            cmd.env("TERM", "xterm-256color");
            cmd.env("FRONTDESK_DATA_DIR", data.path());
            cmd.env("FRONTDESK_EXIT_AFTER_FIRST_FRAME", "1");
            let mut child = pty.slave.spawn_command(cmd).unwrap();
            assert!(child.wait().unwrap().success());
        })
    });
    g.finish();
}

fn rendering(c: &mut Criterion) {
    use frontdesk::tui::keys::Action;
    use frontdesk::tui::theme::{Theme, ThemeName};
    use frontdesk::tui::{App, Seeding};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    let lib = frontdesk::scenario::Library::bundled();
    let mut app = App::new(
        &lib,
        frontdesk::i18n::Lang::EN,
        frontdesk::engine::Mode::Practice,
        Theme::new(ThemeName::Dark, true),
        Seeding {
            seed: Some(2),
            shuffle: true,
        },
    );
    let pos = app
        .scenarios()
        .iter()
        .position(|s| s.id.0 == "child-patient")
        .unwrap();
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
    // Four replies in: a transcript long enough to need wrapping and clipping.
    for _ in 0..4 {
        app.update(Action::Pick(0));
        app.update(Action::Confirm);
    }
    let area = Rect::new(0, 0, 200, 60);
    let mut g = c.benchmark_group("render");
    g.bench_function("conversation_frame_200x60", |b| {
        b.iter(|| {
            let mut buf = Buffer::empty(area);
            (&app).render(area, &mut buf);
            buf
        })
    });
    // The projector's big text: a 40-character patient line, wrapped over big lines, per frame.
    let big = frontdesk::tui::bigtext::BigText::new("Здравствуйте, чем я могу вам помочь? Да!")
        .alignment(ratatui::layout::Alignment::Center);
    let area = Rect::new(0, 0, 160, 45);
    g.bench_function("bigtext_40_chars_160x45", |b| {
        // Into a blank buffer, as ratatui gives each frame: reset (timed too), then drawn.
        let mut buf = Buffer::empty(area);
        b.iter(|| {
            buf.reset();
            (&big).render(area, &mut buf);
        })
    });
    g.finish();
}

criterion_group!(benches, loading, playing, start_up, rendering);
criterion_main!(benches);
