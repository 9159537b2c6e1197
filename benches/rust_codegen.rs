//! Assessments per second: the generated Rust rule code for the Orange County
//! protocol against the library's evaluator, over the same random observations.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use protocolc::evaluate::{self, Observations};
use protocolc::model::{FactorIdx, SignalIdx};

#[allow(dead_code)] // only part of the generated API is used here
#[allow(unreachable_pub)] // the generated module is public API where it is used; here a private module
mod oc {
    include!("../out/orange-county/csec-educators.rs");
}

/// 1,024 fixed pseudo-random observation masks (xorshift64): one bit per factor, then the signal.
fn masks() -> Vec<u32> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state & 0x1ff) as u32
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let path = "protocols/orange-county/csec-educators.protocol";
    let (_, compiled) = protocolc::compile_text(path, &std::fs::read_to_string(path).unwrap());
    let model = compiled.model.unwrap();
    let masks = masks();
    let nf = oc::Factor::ALL.len();
    let generated: Vec<oc::Observations> = masks
        .iter()
        .map(|m| {
            let mut o = oc::Observations::new();
            for (i, f) in oc::Factor::ALL.iter().enumerate() {
                if m >> i & 1 == 1 {
                    o = o.with_factor(*f);
                }
            }
            if m >> nf & 1 == 1 {
                o = o.with_signal(oc::Signal::CsecSuspected);
            }
            o
        })
        .collect();
    let library: Vec<Observations> = masks
        .iter()
        .map(|m| {
            let mut o = Observations::none(&model);
            for i in 0..nf {
                if m >> i & 1 == 1 {
                    o = o.with_factor(FactorIdx(i));
                }
            }
            if m >> nf & 1 == 1 {
                o = o.with_signal(SignalIdx(0));
            }
            o
        })
        .collect();

    let mut group = c.benchmark_group("assess_orange_county_1024");
    group.throughput(Throughput::Elements(masks.len() as u64));
    group.bench_function("generated_rust", |b| {
        b.iter(|| {
            for o in &generated {
                black_box(oc::assess(black_box(o)));
            }
        })
    });
    group.bench_function("library_decide", |b| {
        b.iter(|| {
            for o in &library {
                black_box(evaluate::decide(&model, black_box(o)));
            }
        })
    });
    group.bench_function("library_assess_with_text", |b| {
        b.iter(|| {
            for o in &library {
                black_box(evaluate::assess(&model, black_box(o)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
