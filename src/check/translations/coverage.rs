//! What a translation leaves in the protocol's own words: the items its lines do
//! not translate (P0315, or P0146 where a translation must be complete), and the
//! labels left in English for a language without built-in labels (P0316).

use super::keyed::{written_line, KeyedText};
use super::{
    deadlines_when, is_language_tag, levels_of, rules_of, scale_of, steps_of, target::Part, tiers_of,
};
use crate::check::{Checker, Declarations};
use crate::diagnostic::{Code, Diagnostic};
use crate::labels;
use crate::source::Span;
use crate::syntax::ast::{self, keyword, TranslationKind as K};
use std::collections::BTreeMap;

/// Every key a translation of `step` (in `track`) can have, as its lines write them.
fn step_keys(track: &str, step: &ast::StepDecl) -> Vec<(K, String)> {
    let path = format!("{track}.{}", step.id.name);
    let kind = match step.kind {
        ast::StepKind::Question => K::Question,
        ast::StepKind::Step => K::Step,
    };
    let mut keys = vec![(kind, kind.key(&path))];
    if step.fields.iter().any(|f| f.as_condition().is_some()) {
        keys.push((K::Condition, K::Condition.key(&path)));
    }
    let parts = [
        (Part::Role, K::Role, path.clone()),
        (Part::Deadline, K::Deadline, path.clone()),
        (Part::End, K::End, path.clone()),
        (Part::YesEnd, K::End, format!("{path}.{}", keyword::YES)),
        (Part::NoEnd, K::End, format!("{path}.{}", keyword::NO)),
    ];
    for (part, kind, at) in parts {
        if part.text(step).is_some() {
            keys.push((kind, kind.key(&at)));
        }
    }
    keys.extend(
        deadlines_when(step)
            .iter()
            .enumerate()
            .filter(|(_, words)| words.is_some())
            .map(|(n, _)| (K::Deadline, K::Deadline.key(&format!("{path}.{}", n + 1)))),
    );
    keys
}

/// Every key a translation of the protocol can have, each with its kind and where
/// its text is written, in the order a reader meets them.
fn every_key(
    decls: &Declarations<'_>,
    factors: &[&ast::FactorDecl],
    keyed: &[KeyedText<'_>],
) -> Vec<(K, String, Span)> {
    let mut all: Vec<(K, String, Span)> = Vec::new();
    if let Some(protocol) = decls.protocols.first() {
        for kind in [K::Title, K::Audience, K::Jurisdiction, K::Summary] {
            let text = protocol.fields.iter().find_map(|f| match (kind, f) {
                (K::Title, ast::ProtocolField::Title(x))
                | (K::Audience, ast::ProtocolField::Audience(x))
                | (K::Jurisdiction, ast::ProtocolField::Jurisdiction(x))
                | (K::Summary, ast::ProtocolField::Summary(x)) => Some(&x.value),
                _ => None,
            });
            if let Some(text) = text {
                all.push((kind, kind.key(""), text.span));
            }
        }
        // A protocol that names its own subject ("child") has it in a label that a
        // translation gives in its language (`label subject "el niño"`), or the
        // translated sentences say the built-in "student".
        if let Some(subject) = protocol.fields.iter().find_map(ast::ProtocolField::as_subject) {
            all.push((K::Label, K::Label.key("subject"), subject.value.span));
        }
    }
    all.extend(
        decls
            .definitions
            .iter()
            .map(|d| (K::Definition, K::Definition.key(&d.id.name), d.id.span)),
    );
    all.extend(
        decls
            .signals
            .iter()
            .map(|d| (K::Signal, K::Signal.key(&d.id.name), d.id.span)),
    );
    for c in &decls.criteria {
        let kind = if c.outcome { K::Outcome } else { K::Criteria };
        all.push((kind, kind.key(&c.id.name), c.id.span));
        if let Some(noun) = c.fields.iter().find_map(ast::CriteriaField::as_items_called) {
            all.push((K::ItemsCalled, K::ItemsCalled.key(&c.id.name), noun.keyword));
        }
    }
    for c in &decls.criteria {
        all.extend(tiers_of(c).iter().enumerate().map(|(n, tier)| {
            (
                K::Tier,
                K::Tier.key(&format!("{}.{}", c.id.name, n + 1)),
                tier.title.span,
            )
        }));
    }
    for c in &decls.criteria {
        // An outcome's values are translated as `value OUTCOME.VALUE`.
        let kind = if c.outcome { K::Value } else { K::Level };
        all.extend(
            levels_of(c)
                .iter()
                .map(|l| (kind, kind.key(&format!("{}.{}", c.id.name, l.id.name)), l.id.span)),
        );
    }
    all.extend(
        factors
            .iter()
            // A grade's factor (`ITEM.GRADE`) is translated as its item's value.
            .filter(|f| !f.id.name.contains('.'))
            .map(|f| (K::Factor, K::Factor.key(&f.id.name), f.id.span)),
    );
    all.extend(
        decls
            .inputs
            .iter()
            .map(|d| (K::Input, K::Input.key(&d.id.name), d.id.span)),
    );
    for i in &decls.inputs {
        all.extend(scale_of(i).iter().map(|v| {
            (
                K::Value,
                K::Value.key(&format!("{}.{}", i.id.name, v.id.name)),
                v.id.span,
            )
        }));
    }
    for t in &decls.tracks {
        all.push((K::Track, K::Track.key(&t.id.name), t.id.span));
        all.extend(
            rules_of(t)
                .iter()
                .enumerate()
                .map(|(n, r)| (K::Rule, K::Rule.key(&format!("{}.{}", t.id.name, n + 1)), r.span)),
        );
        for s in steps_of(t) {
            all.extend(
                step_keys(&t.id.name, s)
                    .into_iter()
                    .map(|(kind, k)| (kind, k, s.id.span)),
            );
        }
    }
    all.extend(
        decls
            .resources
            .iter()
            .map(|d| (K::Resource, K::Resource.key(&d.id.name), d.id.span)),
    );
    all.extend(keyed.iter().map(|k| (k.kind, k.key.clone(), k.original.span)));
    all
}

impl Checker {
    /// What a translation leaves untranslated: a warning once per language (P0315),
    /// or, when the translation must be complete (`required`: `--require-translations`,
    /// or an `approved` protocol), an error at each text left out (P0146).
    pub(super) fn untranslated(
        &mut self,
        decl: &ast::TranslationDecl,
        decls: &Declarations<'_>,
        keys: &BTreeMap<String, Span>,
        factors: &[&ast::FactorDecl],
        keyed: &[KeyedText<'_>],
    ) {
        let all = every_key(decls, factors, keyed);
        let total = all.len();
        let missing: Vec<(K, String, Span)> = all
            .into_iter()
            .filter(|(_, k, _)| !keys.contains_key(k))
            .collect();
        if missing.is_empty() {
            return;
        }
        if let Some(why) = self.translations_required {
            let lang = &decl.lang.name;
            for (kind, key, at) in missing {
                self.report(
                    Diagnostic::error(
                        Code::IncompleteTranslation,
                        format!("`{key}` is not translated into `{lang}`"),
                    )
                    .at(at, format!("left in the protocol's own words in `{lang}`"))
                    .also(decl.lang.span, format!("the `{lang}` translation"))
                    .help(format!(
                        "{}; add a line `{} \"…\"` to the `translation {lang}` block",
                        why.reason(),
                        written_line(kind, &key)
                    )),
                );
            }
            return;
        }
        let n = missing.len();
        let listed: Vec<String> = missing.iter().map(|(_, k, _)| format!("`{k}`")).collect();
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
            .help(format!("translate {}", listed.join(", "))),
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
