//! Fifty-eight county variants of the California base, every format: the work
//! `protocolc build` does for a whole state (compile with the base, then JSON,
//! Markdown, HTML, PDF and Rust), in one process, without the file writes.
//! Target: under one second on the 2-core machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use protocolc::emit::{handout, json, pdf, rust};

const COUNTIES: usize = 58;

/// Writes the base and 58 variants into `dir`; returns the variants' paths.
fn counties(dir: &std::path::Path) -> Vec<String> {
    let base = std::fs::read_to_string("protocols/california/csec-educators.protocol").unwrap();
    std::fs::create_dir_all(dir.join("california")).unwrap();
    std::fs::write(dir.join("california/csec-educators.protocol"), base).unwrap();
    (0..COUNTIES)
        .map(|n| {
            let folder = dir.join(format!("county-{n:02}"));
            std::fs::create_dir_all(&folder).unwrap();
            let path = folder.join("csec-educators.protocol");
            let text = format!(
                "protocol csec_educators_{n} extends \"../california/csec-educators.protocol\" {{\n  \
                 title \"CSEC Protocol for County {n} Educators\"\n  jurisdiction \"County {n}, California\"\n}}\n\n\
                 contact cps {{\n  name \"County {n} Child Protective Services\"\n  phone \"800-555-{:04}\"\n}}\n\n\
                 contact task_force {{\n  name \"County {n} Human Trafficking Task Force\"\n  website \"https://county{n}.example.org\"\n}}\n\n\
                 resource task_force_site \"Learn more at {{task_force.website}}\"\n",
                100 + n
            );
            std::fs::write(&path, text).unwrap();
            path.to_string_lossy().into_owned()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(String, String)> = counties(dir.path())
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    let templates = handout::TemplateSet::builtin();
    let mut group = c.benchmark_group("variants");
    group.sample_size(10);
    group.bench_function("58 counties, all formats", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for (path, text) in &files {
                let (_, compiled) = protocolc::compile_text(path, text);
                let model = compiled.model.expect("each generated county compiles");
                bytes += json::to_json(&model).len();
                bytes += handout::to_markdown(&model, &templates).unwrap().len();
                bytes += handout::to_html(&model, &templates).unwrap().len();
                bytes += pdf::to_pdf(&model, pdf::Paper::Letter).unwrap().len();
                bytes += rust::to_rust(&model).len();
            }
            bytes
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
