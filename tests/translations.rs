//! Translations end to end: the translated view of a model, a county variant's
//! inherited translation, the handouts in each language (text, labels, `lang`),
//! and the files `protocolc build` writes next to the English ones.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::diagnostic::Code;
use protocolc::emit::handout::{self, TemplateSet};
use protocolc::model::Model;
use std::process::Command;

const TRILINGUAL: &str = "tests/fixtures/translations/trilingual.protocol";
const VARIANT: &str = "tests/cases/ok/translation_variant/input.protocol";

fn compile(path: &str) -> (Model, Vec<Code>) {
    let text = std::fs::read_to_string(path).unwrap();
    let (_, compiled) = protocolc::compile_text(path, &text);
    let errors: Vec<_> = compiled.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{path} has errors: {errors:?}");
    let codes = compiled.diagnostics.iter().map(|d| d.code).collect();
    (compiled.model.unwrap(), codes)
}

/// Runs `protocolc build FILE` into a new temporary folder.
fn build(path: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .args(["build", path, "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

#[test]
fn the_translated_view_swaps_the_text_and_keeps_the_rest() {
    let (m, codes) = compile(TRILINGUAL);
    // Vietnamese leaves the summary and the definition in English and most labels too.
    assert_eq!(codes, [Code::Untranslated, Code::LabelsFallBack]);
    let es = m.translated("es").unwrap();
    assert_eq!(es.language().tag, "es");
    assert_eq!(es.metadata().title, "Protocolo de demostración para educadores");
    assert_eq!(es.factors()[0].text, "Antecedentes de fuga");
    assert_eq!(
        es.tracks()[0].steps[0].text.text,
        "Presente un informe obligatorio a Demo County Child Protective Services (800-555-0100)."
    );
    // The translated step involves the same contacts, so the handout still lists the police.
    assert_eq!(
        es.tracks()[0].steps[2].text.contacts,
        m.tracks()[0].steps[2].text.contacts
    );
    assert_eq!(es.labels().get("definitions"), "Definiciones");
    assert_eq!(es.labels().get("resources"), "Recursos útiles");
    // What decides is untouched.
    assert_eq!(es.tracks()[0].trigger, m.tracks()[0].trigger);
    assert_eq!(es.precedence(), m.precedence());
    assert!(es.translations().is_empty());
    let vi = m.translated("vi").unwrap();
    assert_eq!(vi.labels().get("definitions"), "Định nghĩa");
    assert_eq!(
        vi.labels().get("legal_basis"),
        "Legal basis",
        "falls back to English"
    );
    assert_eq!(
        vi.definitions()[0].term,
        "Survival sex",
        "untranslated: the protocol's words"
    );
    assert!(m.translated("fr").is_none());
}

#[test]
fn a_variant_inherits_its_bases_translation_and_adds_to_it() {
    let (m, codes) = compile(VARIANT);
    assert!(codes.is_empty(), "{codes:?}");
    let es = m.translated("es").unwrap();
    assert_eq!(
        es.metadata().title,
        "Protocolo del Condado de Demo",
        "the variant's line wins"
    );
    assert_eq!(es.signals()[0].text, "Se sospecha explotación", "from the base");
    let steps: Vec<&str> = es.tracks()[0]
        .steps
        .iter()
        .map(|s| s.text.text.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "Llame a Demo County Child Protective Services al 800-555-0100.",
            "Llame a la policía al 911.",
            "Ofrezca apoyo al estudiante."
        ]
    );
}

#[test]
fn handouts_are_written_in_each_language() {
    let (m, _) = compile(TRILINGUAL);
    let templates = TemplateSet::builtin();
    let es = m.translated("es").unwrap();
    let md = handout::to_markdown(&es, &templates).unwrap();
    for expected in [
        "# Protocolo de demostración para educadores",
        "· Para: Educadores",
        "## Definiciones",
        "El estudiante cumple con esta preocupación si **al menos dos** de los siguientes factores están presentes:",
        "**Cuando:** se sospecha explotación.",
        "2. *Si es apropiado, y en consulta con el estudiante,* informe al padre, madre o tutor.",
        "## Recursos útiles",
        "## Contactos",
        "(Las 24 horas del día) — Pida hablar con el trabajador de admisión",
        "Versión 1 · vigente desde 2024-08-01",
    ] {
        assert!(md.contains(expected), "lacks {expected:?}:\n{md}");
    }
    let html = handout::to_html(&es, &templates).unwrap();
    assert!(html.contains("<html lang=\"es\">"), "{html}");
    let vi = handout::to_html(&m.translated("vi").unwrap(), &templates).unwrap();
    assert!(vi.contains("<html lang=\"vi\">"));
    assert!(
        vi.contains("Học sinh thuộc diện này nếu có <strong>ít nhất hai</strong> trong số các yếu tố sau")
    );
    let english = handout::to_html(&m, &templates).unwrap();
    assert!(english.contains("<html lang=\"en\">"));
}

#[test]
fn build_writes_each_language_next_to_the_english_outputs() {
    let dir = build(TRILINGUAL);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "protocol.schema.json",
            "trilingual.d.mts",
            "trilingual.es.html",
            "trilingual.es.md",
            "trilingual.es.pdf",
            "trilingual.es.screen.html",
            "trilingual.html",
            "trilingual.json",
            "trilingual.md",
            "trilingual.mjs",
            "trilingual.pdf",
            "trilingual.rs",
            "trilingual.screen.html",
            "trilingual.vectors.json",
            "trilingual.vi.html",
            "trilingual.vi.md",
            "trilingual.vi.pdf",
            "trilingual.vi.screen.html",
            "vectors.schema.json",
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("trilingual.json")).unwrap()).unwrap();
    let es = &json["translations"][0];
    assert_eq!(es["language"], "es");
    assert_eq!(es["labels"]["definitions"], "Definiciones");
    assert_eq!(
        es["texts"]["step respond.report"],
        "Presente un informe obligatorio a Demo County Child Protective Services (800-555-0100)."
    );
    assert_eq!(
        es["texts"]["definition survival_sex.term"],
        "Sexo de supervivencia"
    );
}

/// The fixed phrases of scored groups and of the walk through the steps, in English.
const ENGLISH_PHRASES: &[&str] = &[
    "This applies only when",
    "Answer each item",
    "Add up the points",
    "The total gives",
    "Whatever the total",
    "Student meets",
    "Met when",
    "points or more",
    "to 5 points",
    "possible:",
    "on its own",
    "ticked when",
    "is under",
    "is over",
    "is at least",
    "or higher",
    "At all times",
    "Skip when",
    "Ask:",
    "If yes",
    "If no",
    "If unclear",
    "Unclear",
    "Yes →",
    "as no",
    "Only after",
    "go on to",
    "stop here",
    "end:",
    "(when:",
    "otherwise",
    "The protocol ends here",
    "step 3",
    "Only when",
    "Level from the total",
    "Possible",
    "(or unclear)",
    "Makes ",
    "Done",
];

#[test]
fn scored_groups_and_questions_print_wholly_in_spanish() {
    const SCORED: &str = "tests/cases/ok/translation_scores_and_questions/input.protocol";
    let dir = build(SCORED);
    let md = std::fs::read_to_string(dir.path().join("input.es.md")).unwrap();
    for expected in [
        "*Esto aplica solo cuando edad del estudiante en años es al menos 10.*",
        "Un **sí** suma los puntos del elemento; un **posible** suma solo los puntos indicados para él. Sume los puntos:",
        "— *3 puntos (posible: 1)*",
        "*3 puntos; por sí solo: al menos Preocupación alta*",
        "se marca cuando veces desaparecido en los últimos 12 meses es mayor que 4",
        "El total indica el nivel de preocupación:",
        "- **Preocupación media:** 3 a 5 puntos",
        "- **Preocupación alta:** 6 puntos o más",
        "Sea cual sea el total:",
        "- al menos Preocupación media cuando edad del estudiante en años es menor que 13",
        "El estudiante cumple con esta preocupación cuando el nivel es Preocupación media o superior.",
        "**Cuando:** “Evaluación de explotación” es Preocupación media o superior.",
        "> **En todo momento:**\n> - Nunca deje solo al estudiante",
        "**Quién:** El miembro del personal que está con el estudiante — **Plazo:** de inmediato",
        "2. **Pregunte:** ¿Es seguro que el estudiante vuelva a casa?",
        "**Si la respuesta es sí:** continúe con el paso 3 (Llame a la línea directa del condado).",
        "**Si la respuesta es no:** deténgase aquí: El estudiante queda al cuidado de los servicios de emergencia.",
        "**Si la respuesta no está clara:** como no.",
        "*Omita cuando:* edad del estudiante en años es al menos 18.",
        "en 1 hora (cuando: “Evaluación de explotación” es Preocupación alta); en los demás casos en 24 horas",
        "**Solo después de:** paso 1 (Quédese con el estudiante)",
        "**El protocolo termina aquí:** El caso queda cerrado",
    ] {
        assert!(md.contains(expected), "lacks {expected:?}:\n{md}");
    }
    for english in ENGLISH_PHRASES {
        assert!(!md.contains(english), "{english:?} is left in English:\n{md}");
    }
    // The English handout keeps its own words.
    let en = std::fs::read_to_string(dir.path().join("input.md")).unwrap();
    for english in [
        "Answer each item",
        "The total gives",
        "At all times",
        "**If yes:** go on to step 3",
    ] {
        assert!(
            en.contains(english),
            "the English handout lacks {english:?}:\n{en}"
        );
    }
    let Ok(text) = Command::new("pdftotext")
        .args(["-raw"])
        .arg(dir.path().join("input.es.pdf"))
        .arg("-")
        .output()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing in CI; .ci/run installs it"
        );
        eprintln!("skipped the PDF: poppler-utils is not installed");
        return;
    };
    let pdf = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Se cumple cuando el nivel es Preocupación media o superior.",
        "Solo cuando edad del estudiante en años es al menos 10",
        "Responda cada punto y sume sus puntos (no: 0) Sí Posible",
        "Nivel según el total: Preocupación baja 0–2",
        "En todo momento: Nunca deje solo al estudiante",
        // The question is a diamond; its answers label the arrows.
        "¿Es seguro que el estudiante vuelva a casa?",
        "No (o no está claro)",
        "Omita cuando: edad del estudiante en años es al menos 18",
        "en 24 horas en los demás casos",
        "El protocolo termina aquí: El caso queda cerrado",
    ] {
        assert!(
            pdf.contains(expected),
            "the Spanish PDF lacks {expected:?}:\n{pdf}"
        );
    }
    for english in ENGLISH_PHRASES {
        assert!(
            !pdf.contains(english),
            "{english:?} is left in English in the PDF:\n{pdf}"
        );
    }
}
