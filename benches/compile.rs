//! How long protocolc takes: parse + check + JSON for the Orange County protocol,
//! two of the example protocols (a scored screening tool with inputs and levels,
//! and a triage with questions, routes and a handoff), and generated protocols of
//! 1,000 and 10,000 factors-plus-steps; and how long the evaluator takes to
//! assess a student.
//!
//! Run with `cargo bench --bench compile`.

// Test code: a failed unwrap or index is a failed test (clippy.toml allows these
// only inside #[test] functions; helpers here are test code too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use protocolc::emit::json;
use protocolc::evaluate::{self, Observations};
use protocolc::model::{FactorIdx, Model, SignalIdx};
use std::time::Duration;

/// The Orange County protocol: a variant, compiled with its base (read from disk, as a build does).
const ORANGE_COUNTY: &str = "protocols/orange-county/csec-educators.protocol";

/// Example protocols that use issue 8's constructs.
const SCREENING: &str = "protocols/examples/exploitation-screening/exploitation-screening.protocol";
const TRIAGE: &str = "protocols/examples/suicide-triage/suicide-risk-triage.protocol";

fn orange_county() -> String {
    read(ORANGE_COUNTY)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).expect("run from the repository root")
}

/// The inputs: a name, the file name to compile it under, and the text.
fn inputs() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("orange_county", ORANGE_COUNTY, orange_county()),
        ("example_screening", SCREENING, read(SCREENING)),
        ("example_triage", TRIAGE, read(TRIAGE)),
        (
            "generated_1k",
            "bench.protocol",
            support::generate_protocol(500, 500),
        ),
        (
            "generated_10k",
            "bench.protocol",
            support::generate_protocol(5_000, 5_000),
        ),
    ]
}

fn compile_model(name: &str, text: &str) -> Model {
    let (_, compiled) = protocolc::compile_text(name, text);
    assert!(
        compiled.diagnostics.is_empty(),
        "{name} should check clean: {:?}",
        compiled.diagnostics.first()
    );
    compiled.model.expect("no errors, so a model")
}

/// Parse + check + JSON, as `protocolc build --format json` does (without the disk).
fn compile_to_json(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile_to_json");
    group.sample_size(20).measurement_time(Duration::from_secs(10));
    for (name, file, text) in inputs() {
        // Make sure each input is valid before timing it.
        compile_model(file, &text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter(|| {
                let (_, compiled) = protocolc::compile_text(file, black_box(text));
                let model = compiled.model.expect("valid");
                black_box(json::to_json(&model))
            })
        });
    }
    group.finish();
}

/// The stages on their own, for a protocol of 1,000 and one of 10,000 factors and
/// steps, and one of 1,000 using issue 14's constructs: where the time goes, and what
/// `check` alone costs.
fn stages(c: &mut Criterion) {
    for (name, text) in [
        ("stages_1k", support::generate_protocol(500, 500)),
        ("stages_10k", support::generate_protocol(5_000, 5_000)),
        // Issue 14's constructs: scales, scored groups with a rule-only level, choice
        // questions read by later tracks, times, labels, checklists, either-or roles.
        ("stages_rich_1k", support::rich::generate_rich_protocol(500, 500)),
    ] {
        let mut group = c.benchmark_group(name);
        group.sample_size(20).measurement_time(Duration::from_secs(10));
        group.bench_function("parse", |b| {
            b.iter(|| protocolc::syntax::parse(0, black_box(&text)))
        });
        group.bench_function("parse_and_check", |b| {
            b.iter(|| protocolc::compile_text("bench.protocol", black_box(&text)))
        });
        let model = compile_model(name, &text);
        group.bench_function("to_json", |b| b.iter(|| json::to_json(black_box(&model))));
        group.finish();
    }
}

/// Observations with every `step`-th factor present and every signal.
fn observations(model: &Model, step: usize) -> Observations {
    let mut o = Observations::none(model);
    for f in (0..model.factors().len()).step_by(step) {
        o = o.with_factor(FactorIdx(f));
    }
    for s in 0..model.signals().len() {
        o = o.with_signal(SignalIdx(s));
    }
    o
}

/// Assessing one student: nothing observed, some factors, and everything.
fn assess(c: &mut Criterion) {
    let mut group = c.benchmark_group("assess");
    for (name, file, text) in inputs() {
        let model = compile_model(file, &text);
        let cases = [
            ("none", Observations::none(&model)),
            ("some", observations(&model, 7)),
            ("all", observations(&model, 1)),
        ];
        for (case, obs) in cases {
            group.bench_with_input(BenchmarkId::new(name, case), &obs, |b, obs| {
                b.iter(|| evaluate::assess(&model, black_box(obs)))
            });
        }
    }
    // Every one of the 512 input combinations of the Orange County protocol.
    let model = compile_model(ORANGE_COUNTY, &orange_county());
    let all: Vec<Observations> = (0u32..512)
        .map(|bits| {
            let mut o = Observations::none(&model);
            for f in 0..8 {
                if bits >> f & 1 == 1 {
                    o = o.with_factor(FactorIdx(f));
                }
            }
            if bits >> 8 & 1 == 1 {
                o = o.with_signal(SignalIdx(0));
            }
            o
        })
        .collect();
    group.bench_function("orange_county/all_512_combinations", |b| {
        b.iter(|| {
            for o in &all {
                black_box(evaluate::assess(&model, o));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, compile_to_json, stages, assess);
criterion_main!(benches);
