//! What a translation leaves in the protocol's own words: the items its lines do
//! not translate (P0315), and the labels left in English for a language without
//! built-in labels (P0316).

use super::{deadlines_when, is_language_tag, levels_of, rules_of, steps_of, target::Part};
use crate::check::{Checker, Declarations};
use crate::diagnostic::{Code, Diagnostic};
use crate::labels;
use crate::source::Span;
use crate::syntax::ast::{self, keyword, TranslationKind as K};
use std::collections::BTreeMap;

/// Every key a translation of `step` (in `track`) can have, as its lines write them.
fn step_keys(track: &str, step: &ast::StepDecl) -> Vec<String> {
    let path = format!("{track}.{}", step.id.name);
    let kind = match step.kind {
        ast::StepKind::Question => K::Question,
        ast::StepKind::Step => K::Step,
    };
    let mut keys = vec![kind.key(&path)];
    if step.fields.iter().any(|f| f.as_condition().is_some()) {
        keys.push(K::Condition.key(&path));
    }
    let parts = [
        (Part::Role, K::Role.key(&path)),
        (Part::Deadline, K::Deadline.key(&path)),
        (Part::End, K::End.key(&path)),
        (Part::YesEnd, K::End.key(&format!("{path}.{}", keyword::YES))),
        (Part::NoEnd, K::End.key(&format!("{path}.{}", keyword::NO))),
    ];
    for (part, key) in parts {
        if part.text(step).is_some() {
            keys.push(key);
        }
    }
    keys.extend((1..=deadlines_when(step).len()).map(|n| K::Deadline.key(&format!("{path}.{n}"))));
    keys
}

impl Checker {
    /// Warns, once per language, about the items its block leaves untranslated.
    pub(super) fn untranslated(
        &mut self,
        decl: &ast::TranslationDecl,
        decls: &Declarations<'_>,
        keys: &BTreeMap<String, Span>,
        factors: &[&ast::FactorDecl],
    ) {
        let mut all: Vec<String> = [K::Title, K::Audience, K::Jurisdiction]
            .iter()
            .map(|k| k.key(""))
            .collect();
        let protocol = decls.protocols.first();
        if protocol.is_some_and(|p| p.fields.iter().any(|f| f.as_summary().is_some())) {
            all.push(K::Summary.key(""));
        }
        all.extend(decls.definitions.iter().map(|d| K::Definition.key(&d.id.name)));
        all.extend(decls.signals.iter().map(|d| K::Signal.key(&d.id.name)));
        for c in &decls.criteria {
            all.push(K::Criteria.key(&c.id.name));
        }
        for c in &decls.criteria {
            all.extend(
                levels_of(c)
                    .iter()
                    .map(|l| K::Level.key(&format!("{}.{}", c.id.name, l.id.name))),
            );
        }
        all.extend(factors.iter().map(|f| K::Factor.key(&f.id.name)));
        all.extend(decls.inputs.iter().map(|d| K::Input.key(&d.id.name)));
        for t in &decls.tracks {
            all.push(K::Track.key(&t.id.name));
            all.extend((1..=rules_of(t).len()).map(|n| K::Rule.key(&format!("{}.{n}", t.id.name))));
            for s in steps_of(t) {
                all.extend(step_keys(&t.id.name, s));
            }
        }
        all.extend(decls.resources.iter().map(|d| K::Resource.key(&d.id.name)));
        let total = all.len();
        let missing: Vec<String> = all
            .into_iter()
            .filter(|k| !keys.contains_key(k))
            .map(|k| format!("`{k}`"))
            .collect();
        if missing.is_empty() {
            return;
        }
        let n = missing.len();
        self.report(
            Diagnostic::warning(
                Code::Untranslated,
                format!(
                    "the `{}` translation leaves {n} of {total} {} untranslated",
                    decl.lang.name,
                    if total == 1 { "item" } else { "items" }
                ),
            )
            .at(decl.lang.span, format!("{n} shown in the protocol's own words"))
            .help(format!("translate {}", missing.join(", "))),
        );
    }

    /// Warns when a language has no built-in labels (`without_builtin`) and its block
    /// leaves some of them, besides those in `labelled`, in English.
    pub(super) fn labels_left_in_english(
        &mut self,
        decl: &ast::TranslationDecl,
        labelled: &[&str],
        without_builtin: bool,
    ) {
        if !without_builtin || !is_language_tag(&decl.lang.name) {
            return;
        }
        let missing: Vec<String> = labels::LABELS
            .iter()
            .filter(|l| !labelled.contains(&l.key))
            .map(|l| format!("`{}`", l.key))
            .collect();
        if !missing.is_empty() {
            self.report(
                Diagnostic::warning(
                    Code::LabelsFallBack,
                    format!(
                        "protocolc has no built-in labels in `{}`, and this translation leaves {} of {} in English",
                        decl.lang.name,
                        missing.len(),
                        labels::LABELS.len()
                    ),
                )
                .at(decl.lang.span, "the handout's and flowchart's fixed phrases are partly in English")
                .help(format!(
                    "add a `label KEY \"…\"` line for each of {} (`protocolc explain P0316` lists them in English)",
                    missing.join(", ")
                )),
            );
        }
    }
}
