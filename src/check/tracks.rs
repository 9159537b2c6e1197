//! Tracks and their steps: the `when` trigger, `supersedes`/`precedes` references,
//! standing rules, each step's fields (its branching ones in `branching.rs`), and
//! trigger expressions resolved to the criteria, signals and inputs they name.

use super::{answers, branching, Checker};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::resolve::Kind;
use crate::source::Span;
use crate::syntax::ast::{self, keyword, Field, Ident};
use std::collections::BTreeMap;

impl Checker {
    pub(super) fn track(&mut self, decl: &ast::TrackDecl) -> Option<Track> {
        use ast::TrackField as F;
        let owner = format!("track `{}`", decl.id.name);
        let example = self.trigger_example.clone();
        self.reading_at = Some(answers::Place {
            track: decl.id.name.clone(),
            position: 0,
            reader: format!("the `when` of {owner}"),
        });
        let trigger = self
            .required(
                decl.fields.iter().filter_map(F::as_when),
                keyword::WHEN,
                &owner,
                decl.id.span,
                &example,
            )
            .and_then(|f| match &f.value {
                Some(expr) => self.trigger(expr),
                // Could not be read: already reported.
                None => None,
            });
        let supersedes = self.track_refs(decl, F::as_supersedes, keyword::SUPERSEDES);
        let precedes = self.track_refs(decl, F::as_precedes, keyword::PRECEDES);
        let mut steps = Vec::new();
        let mut step_names: BTreeMap<&str, (Span, &str)> = BTreeMap::new();
        let scope = branching::TrackScope::of(decl);
        let rules = decl
            .fields
            .iter()
            .filter_map(F::as_rule)
            .map(|f| self.plain(&f.value))
            .collect();
        for field in &decl.fields {
            if let F::Step(step) = field {
                let noun = ast::StepKind::keyword(step.kind);
                if let Some((first, first_noun)) = step_names.get(step.id.name.as_str()) {
                    let both = if *first_noun == noun {
                        format!("two {noun}s")
                    } else {
                        "a step and a question".to_string()
                    };
                    self.report(
                        Diagnostic::error(
                            Code::DuplicateName,
                            format!("{owner} has {both} named `{}`", step.id.name),
                        )
                        .at(step.id.span, format!("a second {noun} with this name"))
                        .also(*first, format!("the first {first_noun} with this name"))
                        .help("give every step and question of a track its own name"),
                    );
                } else {
                    step_names.insert(&step.id.name, (step.id.span, noun));
                }
                self.reading_at = Some(answers::Place {
                    track: decl.id.name.clone(),
                    position: steps.len(),
                    reader: branching::owner(step),
                });
                let step = self.step(step, steps.len(), &scope);
                steps.push(step);
            }
        }
        self.reading_at = None;
        self.flow(&scope, &steps);
        if steps.is_empty() {
            self.report(
                Diagnostic::error(Code::EmptyTrack, format!("{owner} has no steps"))
                    .at(decl.id.span, "no `step` lines inside")
                    .help(
                        "add the steps staff should take, e.g. `step report \"Submit a mandated report …\"`; \
                         a track that only names a result (a disposition, a response level) is a value of an \
                         `outcome` instead, which tracks then read (`protocolc explain P0204`)",
                    ),
            );
        }
        Some(Track {
            id: decl.id.name.clone(),
            title: self.plain(&decl.title),
            trigger: trigger?,
            supersedes: supersedes?,
            precedes: precedes?,
            superseded_by: Vec::new(),
            rules,
            steps,
            approval: decl.approval.as_ref().map(|a| self.plain(a)),
            county_changes: self.county_changes(&decl.county_changes, None),
        })
    }

    pub(super) fn track_refs(
        &mut self,
        decl: &ast::TrackDecl,
        pick: fn(&ast::TrackField) -> Option<&Field<Vec<Ident>>>,
        keyword: &str,
    ) -> Option<Vec<TrackIdx>> {
        let mut out = Vec::new();
        let mut ok = true;
        for field in decl.fields.iter().filter_map(pick) {
            for ident in &field.value {
                if ident.name == decl.id.name {
                    self.report(
                        Diagnostic::error(
                            Code::PrecedenceCycle,
                            format!("track `{}` {keyword} itself", ident.name),
                        )
                        .at(ident.span, "the track's own name")
                        .help(format!("`{keyword}` names another track")),
                    );
                    ok = false;
                    continue;
                }
                match self
                    .names
                    .lookup(ident, &[Kind::Track], &format!("`{keyword}` takes"))
                {
                    Ok(symbol) => out.push(TrackIdx(symbol.index)),
                    Err(d) => {
                        self.report(d);
                        ok = false;
                    }
                }
            }
        }
        ok.then_some(out)
    }

    pub(super) fn trigger(&mut self, expr: &ast::Expr) -> Option<Trigger> {
        match expr {
            ast::Expr::Ref(ident) if self.question_read(ident).is_some() => {
                self.bare_question(ident);
                None
            }
            ast::Expr::Ref(ident) => {
                match self
                    .names
                    .lookup(ident, &[Kind::Criteria, Kind::Signal], "a trigger takes")
                {
                    Ok(symbol) => {
                        self.used.insert(ident.name.clone());
                        Some(match symbol.kind {
                            Kind::Signal => Trigger::Signal(SignalIdx(symbol.index)),
                            _ => Trigger::Criteria(CriteriaIdx(symbol.index)),
                        })
                    }
                    Err(d) => {
                        let symbol = self.names.get(&ident.name);
                        let scale = symbol
                            .filter(|s| s.kind == Kind::Input)
                            .and_then(|s| self.inputs.get(s.index))
                            .and_then(|i| i.scale.last());
                        let d = match (symbol.map(|s| s.kind), scale) {
                            (Some(Kind::Input), Some(top)) => d.help(format!(
                                "a scale is compared with one of its values, e.g. `{} at_least {}`",
                                ident.name, top.id
                            )),
                            (Some(Kind::Input), None) => d.help(format!(
                                "an input is a number: compare it, e.g. `{} < 13`",
                                ident.name
                            )),
                            _ => d,
                        };
                        self.report(d);
                        None
                    }
                }
            }
            ast::Expr::Compare { input, op, value } => self.compare(input, op, value),
            ast::Expr::Level {
                group,
                at_least,
                level,
            } => match self.question_read(group) {
                Some(entry) => self.answer_test(group, &entry, *at_least, level),
                // `safety is high`, `safety at_least high`: a scale's value, as `=` and `>=`.
                None if self.names.get(&group.name).is_some_and(|s| s.kind == Kind::Input) => {
                    let op = if *at_least {
                        CompareOp::GreaterOrEqual
                    } else {
                        CompareOp::Equal
                    };
                    let value = ast::InputValue::Name(level.name.clone());
                    self.compare(
                        group,
                        &ast::Spanned {
                            value: op,
                            span: group.span.to(level.span),
                        },
                        &ast::Spanned {
                            value,
                            span: level.span,
                        },
                    )
                }
                None => self.level_test(group, *at_least, level),
            },
            ast::Expr::Not(inner, _) => self.trigger(inner).map(|t| Trigger::Not(Box::new(t))),
            ast::Expr::And(items, _) | ast::Expr::Or(items, _) => {
                // Check every operand, so every unknown name is reported.
                let parts: Vec<Option<Trigger>> = items.iter().map(|e| self.trigger(e)).collect();
                let parts: Option<Vec<Trigger>> = parts.into_iter().collect();
                let parts = parts?;
                Some(if matches!(expr, ast::Expr::And(..)) {
                    Trigger::All(parts)
                } else {
                    Trigger::Any(parts)
                })
            }
        }
    }

    pub(super) fn step(
        &mut self,
        decl: &ast::StepDecl,
        at: usize,
        scope: &branching::TrackScope<'_>,
    ) -> Step {
        use ast::StepField as S;
        let fields = || decl.fields.iter();
        let contacts: Vec<&Ident> = fields().filter_map(S::as_contact).map(|f| &f.value).collect();
        let owner = branching::owner(decl);
        let condition = self
            .single(fields().filter_map(S::as_condition), keyword::CONDITION, &owner)
            .map(|f| self.plain(&f.value));
        let required = self
            .single(fields().filter_map(S::as_required), keyword::REQUIRED, &owner)
            .map(|f| self.plain(&f.value));
        let (role, role_alternatives) =
            match self.single(fields().filter_map(S::as_role), keyword::ROLE, &owner) {
                Some(f) => (
                    Some(self.plain(&f.value.role)),
                    f.value.or.iter().map(|t| self.plain(t)).collect(),
                ),
                None => (None, Vec::new()),
            };
        let label = self
            .single(fields().filter_map(S::as_label), keyword::LABEL, &owner)
            .map(|f| self.plain(&f.value));
        let checklist = self
            .single(fields().filter_map(S::as_checklist), keyword::CHECKLIST, &owner)
            .map(|f| f.value.iter().map(|t| self.plain(t)).collect())
            .unwrap_or_default();
        let (deadline, deadline_time, deadlines_when) = self.deadlines(decl, &owner);
        let lasts = self.lasts(decl, &owner);
        let backups = self
            .single(fields().filter_map(S::as_backup), keyword::BACKUP, &owner)
            .map(|f| f.value.iter().map(|t| self.plain(t)).collect())
            .unwrap_or_default();
        let form = self
            .single(fields().filter_map(S::as_form), keyword::FORM, &owner)
            .map(|f| Form {
                name: self.plain(&f.value.name),
                code: f.value.code.as_ref().map(|c| self.plain(c)),
            });
        let optional = self
            .single(fields().filter_map(S::as_optional), keyword::OPTIONAL, &owner)
            .is_some();
        if optional && required.is_some() {
            self.report(
                Diagnostic::error(
                    Code::DuplicateField,
                    format!("{owner} is both `required` and `optional`"),
                )
                .at(decl.id.span, "a step is one or the other")
                .help("delete `optional`: a step required by law or policy is not optional"),
            );
        }
        let flow = self.step_flow(decl, at, scope);
        Step {
            id: decl.id.name.clone(),
            text: self.link(&decl.text, &contacts),
            condition,
            required,
            label,
            role,
            role_alternatives,
            backups,
            checklist,
            deadline,
            deadline_time,
            deadlines_when,
            lasts,
            form,
            optional,
            skip_when: flow.skip_when,
            only_when: flow.only_when,
            after: flow.after,
            end: flow.end,
            ends_track: flow.ends_track,
            handoff: flow.handoff,
            handoff_document: flow.handoff_document,
            question: flow.question,
        }
    }
}
