//! The PDF flowchart: layout alone, and layout plus drawing and writing the bytes
//! (font subsetting included), for the Orange County protocol (one page; target:
//! under 20 ms) and for examples that run over several pages (the time should grow
//! at most linearly with the pages).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use protocolc::emit::pdf::{self, Paper};

/// Each chart benched: its name, and its protocol file (none of them a variant,
/// so each compiles on its own).
const CHARTS: [(&str, &str); 3] = [
    ("orange-county", "protocols/orange-county/csec-educators.protocol"),
    (
        "suicide-triage",
        "protocols/examples/suicide-triage/suicide-risk-triage.protocol",
    ),
    (
        "exploitation-screening",
        "protocols/examples/exploitation-screening/exploitation-screening.protocol",
    ),
];

fn bench_pdf(c: &mut Criterion) {
    for (name, file) in CHARTS {
        let text = std::fs::read_to_string(file).unwrap();
        let (_, compiled) = protocolc::compile_text(file, &text);
        let model = compiled.model.expect("the protocol compiles");
        let pages = pdf::to_layout(&model, Paper::Letter).unwrap().pages.len();
        c.bench_function(&format!("pdf/layout {name} ({pages} pages)"), |b| {
            b.iter(|| pdf::to_layout(&model, Paper::Letter).unwrap())
        });
        c.bench_function(&format!("pdf/layout+write {name} ({pages} pages)"), |b| {
            b.iter(|| pdf::to_pdf(&model, Paper::Letter).unwrap())
        });
    }
}

criterion_group!(benches, bench_pdf);
criterion_main!(benches);
