//! Translations end to end: the translated view of a model, a county variant's
//! inherited translation, the handouts in each language (text, labels, `lang`),
//! and the files `protocolc build` writes next to the English ones.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use protocolc::diagnostic::Code;
use protocolc::emit::handout::{self, TemplateSet};
use protocolc::model::Model;
use std::process::Command;

const TRILINGUAL: &str = "tests/fixtures/translations/trilingual.protocol";
const VARIANT: &str = "tests/cases/ok/translation_variant/input.protocol";
/// Every kind of text, every one translated into Spanish.
const COMPLETE: &str = "tests/fixtures/translations/complete.protocol";

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
        "Presente un informe obligatorio a Servicios de Protección Infantil del Condado de Demo (800-555-0100).",
        "the contact's name in Spanish, as the translation gives it"
    );
    assert_eq!(
        es.contacts()[0].name,
        "Servicios de Protección Infantil del Condado de Demo"
    );
    assert_eq!(
        es.criteria()[0].source.as_deref(),
        Some("Departamento de Servicios Sociales de California")
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
            "Llame a Servicios de Protección Infantil del Condado de Demo al 800-555-0100.",
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
        "Presente un informe obligatorio a Servicios de Protección Infantil del Condado de Demo (800-555-0100)."
    );
    assert_eq!(
        es["texts"]["name cps"],
        "Servicios de Protección Infantil del Condado de Demo"
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
        "Responda cada elemento y sume sus puntos (no: 0) Sí Posible",
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

/// The words of the protocol's own text that say something in English: the
/// lowercase words of five letters or more in its string literals before the
/// `translation` block, less those its Spanish lines use too.
fn english_words(protocol: &str) -> std::collections::BTreeSet<String> {
    let (english, spanish) = protocol.split_once("\ntranslation ").unwrap();
    let words_of = |text: &str| -> Vec<String> {
        // Only what is inside quotes: the protocol's text, not its keywords and names.
        text.split('"')
            .skip(1)
            .step_by(2)
            .filter(|literal| !literal.contains("://"))
            .flat_map(|literal| literal.split(|c: char| !c.is_alphabetic()))
            .filter(|w| w.chars().count() >= 5)
            .map(str::to_lowercase)
            .collect()
    };
    let spanish: std::collections::BTreeSet<String> = words_of(spanish).into_iter().collect();
    words_of(english)
        .into_iter()
        .filter(|w| !spanish.contains(w))
        .collect()
}

/// The English words of `words` that `text` holds, as whole words (web addresses,
/// which are the same in every language, left out).
fn english_in(text: &str, words: &std::collections::BTreeSet<String>) -> Vec<String> {
    let found: std::collections::BTreeSet<String> = text
        .split_whitespace()
        .map(|token| token.split("http").next().unwrap_or(""))
        .flat_map(|token| token.split(|c: char| !c.is_alphabetic()))
        .map(str::to_lowercase)
        .filter(|w| words.contains(w))
        .collect();
    found.into_iter().collect()
}

/// The text of an HTML page without its tags and style sheet (ids, classes and the
/// style sheet's comments are not read).
fn without_tags(html: &str) -> String {
    let (before, rest) = html.split_once("<style").unwrap_or((html, ""));
    let after = rest.split_once("</style>").map_or("", |(_, after)| after);
    let mut out = String::new();
    let mut in_tag = false;
    for c in before.chars().chain(after.chars()) {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn a_complete_translation_leaves_no_english_in_the_spanish_handout_and_chart() {
    let protocol = std::fs::read_to_string(COMPLETE).unwrap();
    let words = english_words(&protocol);
    assert!(
        [
            "bullying",
            "teachers",
            "guardian",
            "helpline",
            "midnight",
            "procedure"
        ]
        .iter()
        .all(|w| words.contains(*w)),
        "the English words to look for: {words:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .args([
            "build",
            COMPLETE,
            "--require-translations",
            "--format",
            "md,html,pdf",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "a complete translation warns of nothing: {stderr}"
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    // The English handout has them all: the words are there to be found.
    let english = read("complete.md");
    assert_eq!(english_in(&english, &words).len(), words.len(), "{english}");
    let spanish = [
        ("complete.es.md", read("complete.es.md")),
        ("complete.es.html", without_tags(&read("complete.es.html"))),
        (
            "complete.es.pdf",
            support::pdf_text(&dir.path().join("complete.es.pdf"), false),
        ),
    ];
    for (name, text) in spanish {
        assert!(text.contains("Acoso"), "{name} is the Spanish one:\n{text}");
        let left = english_in(&text, &words);
        assert!(
            left.is_empty(),
            "{name} holds English words of the protocol {left:?}:\n{text}"
        );
    }
}

#[test]
fn a_partial_translation_fails_under_require_translations() {
    let dir = tempfile::tempdir().unwrap();
    let protocol = std::fs::read_to_string(COMPLETE)
        .unwrap()
        .replace("  status       approved\n", "")
        .replace(
            "  contact office note \"Pida hablar con la coordinadora de bienestar\"\n",
            "",
        );
    let note_line = protocol
        .lines()
        .position(|l| l.contains("Ask for the wellbeing"))
        .unwrap()
        + 1;
    let path = dir.path().join("partial.protocol");
    std::fs::write(&path, protocol).unwrap();
    let run = |require: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_protocolc"));
        command
            .arg("build")
            .arg(&path)
            .args(["--format", "json", "--out"])
            .arg(dir.path().join("out"));
        if require {
            command.arg("--require-translations");
        }
        command.env("NO_COLOR", "1").output().unwrap()
    };
    let lenient = run(false);
    assert!(lenient.status.success());
    assert!(String::from_utf8_lossy(&lenient.stderr).contains("warning[P0315]"));
    let strict = run(true);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[P0146]: `note office` is not translated into `es`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("partial.protocol:{note_line}:")),
        "located at the note: {stderr}"
    );
    assert!(
        stderr.contains("add a line `contact office note \"…\"`"),
        "{stderr}"
    );
}

/// A protocol written in Spanish (`language es`) prints Spanish fixed phrases in
/// its own handout, chart and screening page, and its English translation gives
/// English views beside them.
#[test]
fn a_spanish_first_protocol_has_spanish_outputs_and_english_views() {
    let path = "tests/cases/ok/spanish_first/input.protocol";
    let (m, codes) = compile(path);
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(
        (m.language().tag.as_str(), m.language().name.as_str()),
        ("es", "Español")
    );
    assert_eq!(m.labels().get("definitions"), "Definiciones");
    let en = m.translated("en").unwrap();
    assert_eq!(en.labels().get("definitions"), "Definitions");
    let dir = build(path);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let spanish = read("input.md");
    for expected in [
        "## Definiciones",
        "**Para reportar, llame al**",
        "**Cuando:** se sospecha explotación.",
    ] {
        assert!(spanish.contains(expected), "lacks {expected:?}:\n{spanish}");
    }
    let english = read("input.en.md");
    for expected in [
        "## Definitions",
        "**To report, call**",
        "**When:** exploitation is suspected.",
    ] {
        assert!(english.contains(expected), "lacks {expected:?}:\n{english}");
    }
    assert!(read("input.html").contains("<html lang=\"es\""));
    assert!(read("input.screen.html").contains("<html lang=\"es\""));
    assert!(read("input.en.html").contains("<html lang=\"en\""));
    let chart = support::pdf_text(&dir.path().join("input.pdf"), false);
    assert!(chart.contains("Para reportar, llame al"), "{chart}");
    let english_chart = support::pdf_text(&dir.path().join("input.en.pdf"), false);
    assert!(english_chart.contains("To report, call"), "{english_chart}");
}
