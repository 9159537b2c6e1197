//! `translation` declarations: one line per translated text, its kind read
//! from its keywords.

use super::{children, is_keyword, Converter, Result};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Converter<'_> {
    /// `translation LANG "name" { … }`
    pub(super) fn translation_decl(&mut self, pair: Pair<'_, Rule>) -> Result<TranslationDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let lang = self.next_ident(&outer, &mut it)?;
        let name = self.next_text(&outer, &mut it)?;
        let entries = it.filter_map(|e| self.translation_entry(e).ok()).collect();
        Ok(TranslationDecl {
            keyword,
            lang,
            name,
            entries,
        })
    }

    /// One line of a translation block. Its kind is read from its keywords.
    fn translation_entry(&mut self, pair: Pair<'_, Rule>) -> Result<TranslationEntry> {
        use TranslationKind as K;
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let keywords: Vec<Rule> = pair
            .clone()
            .into_inner()
            .map(|p| p.as_rule())
            .filter(|r| is_keyword(*r))
            .collect();
        let kind = match keywords.as_slice() {
            [Rule::kw_title] => K::Title,
            [Rule::kw_summary] => K::Summary,
            [Rule::kw_audience] => K::Audience,
            [Rule::kw_jurisdiction] => K::Jurisdiction,
            [Rule::kw_definition] => K::Definition,
            [Rule::kw_signal] => K::Signal,
            [Rule::kw_criteria] => K::Criteria,
            [Rule::kw_factor] => K::Factor,
            [Rule::kw_track] => K::Track,
            [Rule::kw_resource] => K::Resource,
            [Rule::kw_step] => K::Step,
            [Rule::kw_condition] => K::Condition,
            [Rule::kw_contact, Rule::kw_note] => K::ContactNote,
            [Rule::kw_contact, Rule::kw_hours] => K::ContactHours,
            [Rule::kw_label] => K::Label,
            [Rule::kw_input] => K::Input,
            [Rule::kw_level] => K::Level,
            [Rule::kw_value] => K::Value,
            [Rule::kw_question] => K::Question,
            [Rule::kw_rule] => K::Rule,
            [Rule::kw_role] => K::Role,
            [Rule::kw_end] => K::End,
            [Rule::kw_deadline] => K::Deadline,
            [Rule::kw_approved_by] => K::ApprovedBy,
            [Rule::kw_revision] => K::Revision,
            [Rule::kw_statement] => K::Statement,
            [Rule::kw_law] => K::Law,
            [Rule::kw_source_document] => K::SourceDocument,
            [Rule::kw_publisher] => K::Publisher,
            [Rule::kw_contact, Rule::kw_name] => K::ContactName,
            [Rule::kw_contact, Rule::kw_number] => K::ContactNumber,
            [Rule::kw_contact, Rule::kw_instead_of] => K::ContactInsteadOf,
            [Rule::kw_resource, Rule::kw_note] => K::ResourceNote,
            [Rule::kw_criteria, Rule::kw_source] => K::CriteriaSource,
            [Rule::kw_criteria, Rule::kw_approval] => K::CriteriaApproval,
            [Rule::kw_criteria, Rule::kw_met_when] => K::CriteriaThreshold,
            [Rule::kw_checklist] => K::Checklist,
            [Rule::kw_track, Rule::kw_approval] => K::TrackApproval,
            [Rule::kw_required] => K::Required,
            [Rule::kw_backup] => K::Backup,
            [Rule::kw_form] => K::Form,
            [Rule::kw_handoff] => K::Handoff,
            [Rule::kw_deadline, Rule::kw_from] => K::DeadlineFrom,
            [Rule::kw_lasts] => K::LastsUntil,
            [Rule::kw_choice] => K::Choice,
            [Rule::kw_items_called] => K::ItemsCalled,
            [Rule::kw_outcome] => K::Outcome,
            [Rule::kw_tier] => K::Tier,
            _ => {
                self.bug(&outer);
                return Err(());
            }
        };
        let mut ids = Vec::new();
        let mut texts = Vec::new();
        let mut gender = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::noun_gender => {
                    gender = Some(Spanned {
                        value: child.clone().into_inner().next().map(|g| g.as_rule())
                            == Some(Rule::kw_feminine),
                        span: self.span(&child),
                    })
                }
                Rule::ident => ids.push(self.ident(child)),
                Rule::step_path | Rule::outcome_path => ids.extend(child.into_inner().map(|p| self.ident(p))),
                Rule::string => texts.push(self.text(child)),
                _ => {
                    self.bug(&child);
                    return Err(());
                }
            }
        }
        // `label` and `role` name a step's own label and its other roles by the
        // step's path (`label t.s`, `role t.s.2`); with fewer names, the fixed phrase
        // (`label steps`) and the step's first role (`role t.s`).
        let kind = match (kind, ids.len()) {
            (K::Label, 2) => K::StepLabel,
            (K::Role, 3) => K::RoleAlternative,
            (kind, _) => kind,
        };
        Ok(TranslationEntry {
            keyword,
            kind,
            ids,
            texts,
            gender,
        })
    }
}
