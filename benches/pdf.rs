//! The PDF flowchart of the Orange County protocol: layout alone, and layout plus
//! drawing and writing the bytes (font subsetting included). Target: under 20 ms.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use protocolc::emit::pdf::{self, Paper};

const OC: &str = "protocols/orange-county/csec-educators.protocol";

fn bench_pdf(c: &mut Criterion) {
    let text = std::fs::read_to_string(OC).unwrap();
    let (_, compiled) = protocolc::compile_text(OC, &text);
    let model = compiled.model.expect("the Orange County protocol compiles");
    c.bench_function("pdf/layout orange-county", |b| {
        b.iter(|| pdf::to_layout(&model, Paper::Letter).unwrap())
    });
    c.bench_function("pdf/layout+write orange-county", |b| {
        b.iter(|| pdf::to_pdf(&model, Paper::Letter).unwrap())
    });
}

criterion_group!(benches, bench_pdf);
criterion_main!(benches);
