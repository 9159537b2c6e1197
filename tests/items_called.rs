//! A criteria group's own word for its items (`items_called "indicator" "indicators"`):
//! said instead of "factor" in the handout, the chart, the screening page, a county's
//! changes and the JSON, in the protocol's language and in each translation's, with
//! the gender a Spanish word agrees with.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::emit::handout::{self, TemplateSet};
use protocolc::emit::{js, json, pdf, screen};
use protocolc::model::Model;

const PROTOCOL: &str = r#"
protocol demo {
  title        "Demo protocol"
  jurisdiction "Demo County"
  audience     "School staff"
  version      "1"
  effective    2024-08-01
}

criteria warning_signs "Warning signs" {
  items_called "indicator" "indicators"
  met_when at_least 2
  factor withdrawn "Withdrawn from friends"
  factor missing   "Often missing from school"
  factor gifts     "Has gifts they cannot explain"
}

criteria one_sign "A sign on its own" {
  items_called "concern" "concerns"
  met_when at_least 1
  factor disclosed "Told staff someone hurts them"
}

criteria scored "Scored concerns" {
  items_called "concern" "concerns"
  level low  "Low"  from 0 to 2
  level high "High" from 3
  met_when at_least high
  factor threats "Threatened by an adult" points 3
  factor money   "Needs money urgently" points 1
}

track act "Act" {
  when warning_signs or one_sign or scored
  step report "Tell the support team."
}

translation es "Español" {
  items_called warning_signs "señal" "señales" feminine
  items_called one_sign "preocupación" "preocupaciones" feminine
  items_called scored "indicador" "indicadores" masculine
}
"#;

fn model() -> Model {
    let (_, compiled) = protocolc::compile_text("demo.protocol", PROTOCOL);
    // The translation gives only the words for items: the rest is left untranslated (P0315).
    let problems: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() != "P0315")
        .map(|d| d.message.clone())
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    compiled.model.unwrap()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every word the chart prints, in order, with runs joined by spaces.
fn chart_text(model: &Model) -> String {
    let chart = pdf::to_layout(model, pdf::Paper::Letter).unwrap();
    let runs: Vec<&str> = chart
        .pages
        .iter()
        .flat_map(|p| &p.texts)
        .map(|t| t.text.as_str())
        .collect();
    squash(&runs.join(" "))
}

#[test]
fn the_handout_says_the_groups_own_word() {
    let md = squash(&handout::to_markdown(&model(), &TemplateSet::builtin()).unwrap());
    assert!(
        md.contains("**at least two** of the following indicators are present"),
        "{md}"
    );
    assert!(md.contains("the following concern is present"), "{md}");
    assert!(md.contains("Answer each concern yes, possible or no"), "{md}");
    assert!(!md.contains("factor"), "{md}");
}

#[test]
fn a_translation_says_its_own_word_and_agrees_with_its_gender() {
    let spanish = model().translated("es").unwrap();
    let md = squash(&handout::to_markdown(&spanish, &TemplateSet::builtin()).unwrap());
    assert!(
        md.contains("**al menos dos** de las siguientes señales están presentes"),
        "{md}"
    );
    assert!(md.contains("la siguiente preocupación está presente"), "{md}");
    assert!(md.contains("Responda cada indicador con sí"), "{md}");
    assert!(md.contains("suma los puntos del indicador"), "{md}");
    assert!(!md.contains('{') && !md.contains("factor"), "{md}");
}

#[test]
fn the_chart_and_the_screening_page_say_it_too() {
    let m = model();
    let chart = chart_text(&m);
    assert!(
        chart.contains("at least two of these indicators are present"),
        "{chart}"
    );
    assert!(chart.contains("this concern is present"), "{chart}");
    assert!(
        chart.contains("Answer each concern and add up its points"),
        "{chart}"
    );
    let spanish = m.translated("es").unwrap();
    let chart = chart_text(&spanish);
    assert!(
        chart.contains("al menos dos de estas señales están presentes"),
        "{chart}"
    );
    assert!(
        chart.contains("Responda cada indicador y sume sus puntos"),
        "{chart}"
    );
    let module = js::to_module(&m);
    let page = screen::to_screen(&m, &module, &TemplateSet::builtin()).unwrap();
    assert!(
        squash(&page).contains("at least two of the following indicators are present"),
        "the screening page"
    );
}

#[test]
fn the_json_carries_the_word_and_each_translations() {
    let m = model();
    let doc: serde_json::Value = serde_json::from_str(&json::to_json(&m)).unwrap();
    let group = &doc["criteria"][0];
    assert_eq!(group["items_called"]["one"], "indicator");
    assert_eq!(group["items_called"]["many"], "indicators");
    assert!(group["items_called"].get("feminine").is_none());
    assert!(doc["criteria"][2]["items_called"].is_object());
    let texts = &doc["translations"][0]["texts"];
    assert_eq!(texts["items_called warning_signs.one"], "señal");
    assert_eq!(texts["items_called warning_signs.many"], "señales");
    assert_eq!(texts["items_called warning_signs.gender"], "feminine");
    assert_eq!(texts["items_called scored.gender"], "masculine");
    // A group that does not say keeps the key out.
    let plain = PROTOCOL.replace("  items_called \"indicator\" \"indicators\"\n", "");
    let plain = plain.replace(
        "  items_called warning_signs \"señal\" \"señales\" feminine\n",
        "",
    );
    let (_, compiled) = protocolc::compile_text("demo.protocol", &plain);
    let doc: serde_json::Value = serde_json::from_str(&json::to_json(&compiled.model.unwrap())).unwrap();
    assert!(doc["criteria"][0].get("items_called").is_none());
}

#[test]
fn the_formatter_keeps_the_line() {
    let formatted = protocolc::format::format(PROTOCOL, 0).unwrap();
    assert!(
        formatted.contains("  items_called \"indicator\" \"indicators\"\n"),
        "{formatted}"
    );
    assert!(
        formatted.contains("  items_called warning_signs \"señal\" \"señales\" feminine\n"),
        "{formatted}"
    );
    assert_eq!(protocolc::format::format(&formatted, 0).unwrap(), formatted);
}

#[test]
fn a_word_with_markup_comes_out_literally() {
    let text = PROTOCOL.replace(
        "items_called \"indicator\" \"indicators\"",
        "items_called \"*sign*\" \"</script> *signs* | \\\"#\"",
    );
    let (_, compiled) = protocolc::compile_text("demo.protocol", &text);
    let m = compiled.model.unwrap();
    let md = handout::to_markdown(&m, &TemplateSet::builtin()).unwrap();
    assert!(
        md.contains(r##"of the following \</script\> \*signs\* \| "\# are present"##),
        "{md}"
    );
    let html = handout::to_html(&m, &TemplateSet::builtin()).unwrap();
    assert!(
        html.contains(r##"of the following &lt;/script&gt; *signs* | "# are present"##),
        "{html}"
    );
    let page = screen::to_screen(&m, &js::to_module(&m), &TemplateSet::builtin()).unwrap();
    assert!(!page.contains("</script> *signs*"), "the screening page");
}
