//! The pest parser for grammar/protocol.pest and the conversion of its parse tree into the AST.
//!
//! pest types stay in this file. Conversion never panics: a parse tree of an
//! unexpected shape (which would be a bug in the grammar) becomes a diagnostic.

use super::ast::*;
use super::text::{cook, Quotes};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::iterators::Pair;
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "grammar/protocol.pest"]
pub(super) struct ProtocolParser;

/// How deeply trigger expressions may nest; deeper ones are reported, not followed.
pub const MAX_EXPR_DEPTH: usize = 64;

/// Converts pest pairs of one file into AST nodes, collecting problems.
pub(super) struct Converter<'d> {
    pub file: FileId,
    /// Added to every pest position: the byte offset where the parsed text starts in the file.
    pub offset: usize,
    pub diagnostics: &'d mut Vec<Diagnostic>,
}

type Result<T> = std::result::Result<T, ()>;

fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

/// The children of a pair, without keyword and brace tokens.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| !is_keyword(p.as_rule()) && !matches!(p.as_rule(), Rule::open_brace | Rule::close_brace))
}

impl Converter<'_> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start()..self.offset + s.end())
    }

    /// The span of a pair's leading keyword (or of the pair when it has none).
    fn keyword_span(&self, pair: &Pair<'_, Rule>) -> Span {
        pair.clone()
            .into_inner()
            .find(|p| is_keyword(p.as_rule()))
            .map_or_else(|| self.span(pair), |k| self.span(&k))
    }

    fn bug(&mut self, pair: &Pair<'_, Rule>) {
        let span = self.span(pair);
        self.diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                format!(
                    "protocolc did not expect `{:?}` here (this is a bug in protocolc)",
                    pair.as_rule()
                ),
            )
            .at(span, "here")
            .help("please report this file to the protocolc maintainers"),
        );
    }

    fn next<'i>(
        &mut self,
        parent: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Pair<'i, Rule>> {
        match it.next() {
            Some(p) => Ok(p),
            None => {
                self.bug(parent);
                Err(())
            }
        }
    }

    /// The next child, a name.
    fn next_ident<'i>(
        &mut self,
        parent: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Ident> {
        let pair = self.next(parent, it)?;
        Ok(self.ident(pair))
    }

    /// The next child, a piece of text.
    fn next_text<'i>(
        &mut self,
        parent: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Text> {
        let pair = self.next(parent, it)?;
        Ok(self.text(pair))
    }

    pub(super) fn file(&mut self, pair: Pair<'_, Rule>) -> File {
        let mut declarations = Vec::new();
        for decl in children(pair) {
            if decl.as_rule() == Rule::EOI {
                continue;
            }
            if let Ok(d) = self.declaration(decl) {
                declarations.push(d);
            }
        }
        File { declarations }
    }

    fn declaration(&mut self, pair: Pair<'_, Rule>) -> Result<Declaration> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        Ok(match outer.as_rule() {
            Rule::protocol_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let mut extends = None;
                let mut fields = Vec::new();
                for f in it {
                    if f.as_rule() == Rule::extends_clause {
                        let clause = f.clone();
                        let path = self.next(&clause, &mut children(f))?;
                        extends = Some(self.text(path));
                    } else if let Ok(field) = self.protocol_field(f) {
                        fields.push(field);
                    }
                }
                Declaration::Protocol(ProtocolDecl {
                    keyword,
                    id,
                    extends,
                    fields,
                })
            }
            Rule::scenario_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let title = self.next_text(&outer, &mut it)?;
                let mut fields = Vec::new();
                for f in it {
                    if let Ok(field) = self.scenario_field(f) {
                        fields.push(field);
                    }
                }
                Declaration::Scenario(ScenarioDecl {
                    keyword,
                    id,
                    title,
                    fields,
                })
            }
            Rule::translation_decl => {
                let lang = self.next_ident(&outer, &mut it)?;
                let name = self.next_text(&outer, &mut it)?;
                let entries = it.filter_map(|e| self.translation_entry(e).ok()).collect();
                Declaration::Translation(TranslationDecl {
                    keyword,
                    lang,
                    name,
                    entries,
                })
            }
            Rule::change_decl => {
                let target = self.next(&outer, &mut it)?;
                Declaration::Change(ChangeDecl {
                    keyword,
                    target: self.change_target(target)?,
                })
            }
            Rule::legal_decl => {
                let fields = it.filter_map(|f| self.legal_field(f).ok()).collect();
                Declaration::Legal(LegalDecl { keyword, fields })
            }
            Rule::definition_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let term = self.next_text(&outer, &mut it)?;
                let text = self.next_text(&outer, &mut it)?;
                Declaration::Definition(DefinitionDecl { id, term, text })
            }
            Rule::contact_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let fields = it.filter_map(|f| self.contact_field(f).ok()).collect();
                Declaration::Contact(ContactDecl { keyword, id, fields })
            }
            Rule::resource_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let text = self.next_text(&outer, &mut it)?;
                let fields = it.filter_map(|f| self.resource_field(f).ok()).collect();
                Declaration::Resource(ResourceDecl { id, text, fields })
            }
            Rule::signal_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let text = self.next_text(&outer, &mut it)?;
                Declaration::Signal(SignalDecl { id, text })
            }
            Rule::input_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let text = self.next_text(&outer, &mut it)?;
                let range = match it.next() {
                    Some(range) => {
                        let span = self.span(&range);
                        let bounds: Vec<Spanned<Option<u32>>> =
                            children(range).map(|n| self.number(&n)).collect();
                        let mut bounds = bounds.into_iter().map(|b| b.value);
                        Some(Spanned {
                            value: (bounds.next().flatten(), bounds.next().flatten()),
                            span,
                        })
                    }
                    None => None,
                };
                Declaration::Input(InputDecl {
                    keyword,
                    id,
                    text,
                    range,
                })
            }
            Rule::criteria_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let title = self.next_text(&outer, &mut it)?;
                let fields = it.filter_map(|f| self.criteria_field(f).ok()).collect();
                Declaration::Criteria(CriteriaDecl {
                    keyword,
                    id,
                    title,
                    fields,
                })
            }
            Rule::track_decl => {
                let id = self.next_ident(&outer, &mut it)?;
                let title = self.next_text(&outer, &mut it)?;
                let fields = it.filter_map(|f| self.track_field(f).ok()).collect();
                Declaration::Track(TrackDecl {
                    keyword,
                    id,
                    title,
                    fields,
                })
            }
            _ => {
                self.bug(&outer);
                return Err(());
            }
        })
    }

    /// A field whose value is its one child text.
    fn text_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Text>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let value = self.next_text(&outer, &mut it)?;
        Ok(Field { keyword, value })
    }

    /// A field whose value is a date, e.g. `effective 2024-08-01`.
    fn date_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Spanned<String>>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let date = self.next(&outer, &mut children(pair))?;
        Ok(Field {
            keyword,
            value: Spanned {
                value: date.as_str().to_string(),
                span: self.span(&date),
            },
        })
    }

    fn ident_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Ident>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let value = self.next_ident(&outer, &mut it)?;
        Ok(Field { keyword, value })
    }

    fn ident_list_field(&mut self, pair: Pair<'_, Rule>) -> Field<Vec<Ident>> {
        let keyword = self.keyword_span(&pair);
        let value = children(pair).map(|p| self.ident(p)).collect();
        Field { keyword, value }
    }

    fn protocol_field(&mut self, pair: Pair<'_, Rule>) -> Result<ProtocolField> {
        Ok(match pair.as_rule() {
            Rule::title_field => ProtocolField::Title(self.text_field(pair)?),
            Rule::jurisdiction_field => ProtocolField::Jurisdiction(self.text_field(pair)?),
            Rule::audience_field => ProtocolField::Audience(self.text_field(pair)?),
            Rule::version_field => ProtocolField::Version(self.text_field(pair)?),
            Rule::summary_field => ProtocolField::Summary(self.text_field(pair)?),
            Rule::base_field => ProtocolField::Base(self.text_field(pair)?),
            Rule::effective_field => ProtocolField::Effective(self.date_field(pair)?),
            Rule::approved_field => ProtocolField::Approved(self.date_field(pair)?),
            Rule::reviewed_field => ProtocolField::Reviewed(self.date_field(pair)?),
            Rule::next_review_field => ProtocolField::NextReview(self.date_field(pair)?),
            Rule::status_field => ProtocolField::Status(self.ident_field(pair)?),
            Rule::revision_field => {
                let keyword = self.keyword_span(&pair);
                let outer = pair.clone();
                let mut it = children(pair);
                let date = self.next(&outer, &mut it)?;
                let date = Spanned {
                    value: date.as_str().to_string(),
                    span: self.span(&date),
                };
                let text = self.next_text(&outer, &mut it)?;
                ProtocolField::Revision(Field {
                    keyword,
                    value: Revision { date, text },
                })
            }
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    fn legal_field(&mut self, pair: Pair<'_, Rule>) -> Result<LegalField> {
        Ok(match pair.as_rule() {
            Rule::statement_field => LegalField::Statement(self.text_field(pair)?),
            Rule::law_field => {
                let keyword = self.keyword_span(&pair);
                let outer = pair.clone();
                let mut it = children(pair);
                let code = self.next_text(&outer, &mut it)?;
                let sections = it.map(|p| self.text(p)).collect();
                LegalField::Law(Field {
                    keyword,
                    value: LawCitation { code, sections },
                })
            }
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    fn contact_field(&mut self, pair: Pair<'_, Rule>) -> Result<ContactField> {
        Ok(match pair.as_rule() {
            Rule::name_field => ContactField::Name(self.text_field(pair)?),
            Rule::phone_field => ContactField::Phone(self.text_field(pair)?),
            Rule::email_field => ContactField::Email(self.text_field(pair)?),
            Rule::website_field => ContactField::Website(self.text_field(pair)?),
            Rule::note_field => ContactField::Note(self.text_field(pair)?),
            Rule::parameter_field => ContactField::Parameter(self.text_field(pair)?),
            Rule::reviewed_field => ContactField::Reviewed(self.date_field(pair)?),
            Rule::next_review_field => ContactField::NextReview(self.date_field(pair)?),
            Rule::hours_field => ContactField::Hours(self.text_field(pair)?),
            Rule::number_field => {
                let keyword = self.keyword_span(&pair);
                let mut texts: Vec<Text> = children(pair).map(|p| self.text(p)).collect();
                let hours = if texts.len() > 2 { texts.pop() } else { None };
                let phone = texts.pop().ok_or(())?;
                let label = texts.pop().ok_or(())?;
                ContactField::Number(Field {
                    keyword,
                    value: NumberDecl { label, phone, hours },
                })
            }
            Rule::instead_of_field => {
                let keyword = self.keyword_span(&pair);
                let outer = pair.clone();
                let mut it = children(pair);
                let contact = self.next_ident(&outer, &mut it)?;
                let when = self.next_text(&outer, &mut it)?;
                ContactField::InsteadOf(Field {
                    keyword,
                    value: InsteadOf { contact, when },
                })
            }
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    fn resource_field(&mut self, pair: Pair<'_, Rule>) -> Result<ResourceField> {
        Ok(match pair.as_rule() {
            Rule::url_field => ResourceField::Url(self.text_field(pair)?),
            Rule::note_field => ResourceField::Note(self.text_field(pair)?),
            Rule::contact_ref => ResourceField::Contact(self.ident_field(pair)?),
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    fn criteria_field(&mut self, pair: Pair<'_, Rule>) -> Result<CriteriaField> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        Ok(match pair.as_rule() {
            Rule::source_field => CriteriaField::Source(self.text_field(pair)?),
            Rule::met_when_field => {
                let rule = self.next(&outer, &mut children(pair))?;
                let threshold = match rule.as_rule() {
                    Rule::at_least => {
                        let rule_outer = rule.clone();
                        let number = self.next(&rule_outer, &mut children(rule))?;
                        Threshold::AtLeast(self.number(&number))
                    }
                    Rule::at_least_level => {
                        let rule_outer = rule.clone();
                        Threshold::AtLeastLevel(self.next_ident(&rule_outer, &mut children(rule))?)
                    }
                    _ => {
                        self.bug(&rule);
                        return Err(());
                    }
                };
                CriteriaField::MetWhen(Field {
                    keyword,
                    value: threshold,
                })
            }
            Rule::factor_decl => {
                let mut it = children(pair);
                let id = self.next_ident(&outer, &mut it)?;
                let text = self.next_text(&outer, &mut it)?;
                let options = it.filter_map(|o| self.factor_option(o).ok()).collect();
                CriteriaField::Factor(FactorDecl { id, text, options })
            }
            Rule::applies_when_field => CriteriaField::AppliesWhen(self.expr_field(pair)?),
            Rule::possible_counts_as_field => {
                let answer = pair.into_inner().nth(1);
                let yes = answer.as_ref().map(|a| a.as_rule()) == Some(Rule::kw_yes);
                let span = answer.map_or(keyword, |a| self.span(&a));
                CriteriaField::PossibleCountsAs(Field {
                    keyword,
                    value: Spanned { value: yes, span },
                })
            }
            Rule::level_decl => {
                let mut it = children(pair);
                let id = self.next_ident(&outer, &mut it)?;
                let title = self.next_text(&outer, &mut it)?;
                let from = self.next(&outer, &mut it)?;
                let from = self.number(&from);
                let to = it.next().map(|n| self.number(&n));
                CriteriaField::Level(LevelDecl {
                    keyword,
                    id,
                    title,
                    from,
                    to,
                })
            }
            Rule::allow_gaps_field => CriteriaField::AllowGaps(Field { keyword, value: () }),
            Rule::floor_field | Rule::force_field => {
                let force = pair.as_rule() == Rule::force_field;
                let mut it = children(pair);
                let level = self.next_ident(&outer, &mut it)?;
                let expr = self.next(&outer, &mut it)?;
                CriteriaField::Override(Field {
                    keyword,
                    value: OverrideDecl {
                        force,
                        level,
                        when: self.expr(expr, 0).ok(),
                    },
                })
            }
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    fn factor_option(&mut self, pair: Pair<'_, Rule>) -> Result<FactorOption> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        Ok(match pair.as_rule() {
            Rule::points_option | Rule::possible_option => {
                let points = pair.as_rule() == Rule::points_option;
                let number = self.next(&outer, &mut children(pair))?;
                let value = self.number(&number);
                let field = Field { keyword, value };
                if points {
                    FactorOption::Points(field)
                } else {
                    FactorOption::Possible(field)
                }
            }
            Rule::alone_option => {
                let level = children(pair)
                    .next()
                    .and_then(|l| l.into_inner().next())
                    .map(|l| self.ident(l));
                FactorOption::Alone(Field {
                    keyword,
                    value: level,
                })
            }
            Rule::derived_option => FactorOption::Derived(self.expr_field(pair)?),
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    /// A field whose value is a trigger, e.g. `applies_when age >= 12`.
    fn expr_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Option<Expr>>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let expr = self.next(&outer, &mut children(pair))?;
        Ok(Field {
            keyword,
            value: self.expr(expr, 0).ok(),
        })
    }

    fn track_field(&mut self, pair: Pair<'_, Rule>) -> Result<TrackField> {
        Ok(match pair.as_rule() {
            Rule::when_field => TrackField::When(self.expr_field(pair)?),
            Rule::supersedes_field => TrackField::Supersedes(self.ident_list_field(pair)),
            Rule::precedes_field => TrackField::Precedes(self.ident_list_field(pair)),
            Rule::rule_field => TrackField::Rule(self.text_field(pair)?),
            Rule::step_decl | Rule::question_decl => TrackField::Step(self.step(pair)?),
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    /// A trigger expression. `depth` counts the `not`s and parenthesised groups
    /// around it; past [`MAX_EXPR_DEPTH`] the trigger is reported, not followed.
    /// `step ID "text" { … }`, also the tail of `insert step ID before X "text" { … }`.
    fn step(&mut self, pair: Pair<'_, Rule>) -> Result<StepDecl> {
        let keyword = self.keyword_span(&pair);
        let kind = if pair.as_rule() == Rule::question_decl {
            StepKind::Question
        } else {
            StepKind::Step
        };
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let text = self.next_text(&outer, &mut it)?;
        let fields = self.step_fields(it);
        Ok(StepDecl {
            keyword,
            kind,
            id,
            text,
            fields,
        })
    }

    /// A question's `yes ROUTE` / `no ROUTE`.
    fn route_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Route>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let route = self.next(&outer, &mut children(pair))?;
        let outer = route.clone();
        let way = self.next(&outer, &mut children(route))?;
        let value = match way.as_rule() {
            Rule::next_route => Route::Next,
            rule => {
                let outer = way.clone();
                let mut it = children(way);
                match rule {
                    Rule::goto_route => Route::Goto(self.next_ident(&outer, &mut it)?),
                    Rule::track_route => Route::Track(self.next_ident(&outer, &mut it)?),
                    Rule::end_route => Route::End(self.next_text(&outer, &mut it)?),
                    _ => {
                        self.bug(&outer);
                        return Err(());
                    }
                }
            }
        };
        Ok(Field { keyword, value })
    }

    /// `deadline "text" [when TRIGGER]`
    fn deadline_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<DeadlineDecl>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let text = self.next_text(&outer, &mut it)?;
        let when = match it.next() {
            Some(expr) => Some(self.expr(expr, 0)?),
            None => None,
        };
        Ok(Field {
            keyword,
            value: DeadlineDecl { text, when },
        })
    }

    fn step_fields<'i>(&mut self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<StepField> {
        let mut fields = Vec::new();
        for f in pairs {
            let field = match f.as_rule() {
                Rule::condition_field => self.text_field(f).map(StepField::Condition),
                Rule::required_field => self.text_field(f).map(StepField::Required),
                Rule::role_field => self.text_field(f).map(StepField::Role),
                Rule::deadline_field => self.deadline_field(f).map(StepField::Deadline),
                Rule::skip_when_field => {
                    let keyword = self.keyword_span(&f);
                    let outer = f.clone();
                    self.next(&outer, &mut children(f)).map(|expr| {
                        StepField::SkipWhen(Field {
                            keyword,
                            value: self.expr(expr, 0).ok(),
                        })
                    })
                }
                Rule::after_field => self.ident_field(f).map(StepField::After),
                Rule::end_field => self.text_field(f).map(StepField::End),
                Rule::handoff_field => self.text_field(f).map(StepField::Handoff),
                Rule::yes_field => self.route_field(f).map(StepField::Yes),
                Rule::no_field => self.route_field(f).map(StepField::No),
                Rule::unclear_field => self.ident_field(f).map(StepField::UnclearCountsAs),
                Rule::optional_field => Ok(StepField::Optional(Field {
                    keyword: self.keyword_span(&f),
                    value: (),
                })),
                Rule::backup_field => {
                    let keyword = self.keyword_span(&f);
                    let value = children(f).map(|p| self.text(p)).collect();
                    Ok(StepField::Backup(Field { keyword, value }))
                }
                Rule::form_field => {
                    let keyword = self.keyword_span(&f);
                    let mut texts: Vec<Text> = children(f).map(|p| self.text(p)).collect();
                    let code = if texts.len() > 1 { texts.pop() } else { None };
                    match texts.pop() {
                        Some(name) => Ok(StepField::Form(Field {
                            keyword,
                            value: FormRef { name, code },
                        })),
                        None => Err(()),
                    }
                }
                Rule::contact_ref => self.ident_field(f).map(StepField::Contact),
                _ => {
                    self.bug(&f);
                    Err(())
                }
            };
            fields.extend(field);
        }
        fields
    }

    fn scenario_field(&mut self, pair: Pair<'_, Rule>) -> Result<ScenarioField> {
        match pair.as_rule() {
            Rule::given_field => {
                let keyword = self.keyword_span(&pair);
                let mut value = Vec::new();
                for item in children(pair) {
                    let outer = item.clone();
                    value.push(match item.as_rule() {
                        Rule::ident => Given::Present(self.ident(item)),
                        Rule::given_possible => {
                            Given::Possible(self.next_ident(&outer, &mut children(item))?)
                        }
                        Rule::given_value => {
                            let mut it = children(item);
                            let name = self.next_ident(&outer, &mut it)?;
                            let number = self.next(&outer, &mut it)?;
                            Given::Value(name, self.number(&number))
                        }
                        _ => {
                            self.bug(&outer);
                            return Err(());
                        }
                    });
                }
                Ok(ScenarioField::Given(Field { keyword, value }))
            }
            Rule::answer_field => {
                let keyword = self.keyword_span(&pair);
                let outer = pair.clone();
                let mut it = children(pair);
                let question = self.next_ident(&outer, &mut it)?;
                let answer = self.next_ident(&outer, &mut it)?;
                Ok(ScenarioField::Answer(Field {
                    keyword,
                    value: (question, answer),
                }))
            }
            Rule::expect_field => {
                let keyword = self.keyword_span(&pair);
                let outer = pair.clone();
                let what = self.next(&outer, &mut children(pair))?;
                let rule = what.as_rule();
                if rule == Rule::expect_level {
                    let level_outer = what.clone();
                    let mut it = children(what);
                    let group = self.next_ident(&level_outer, &mut it)?;
                    let level = self.next_ident(&level_outer, &mut it)?;
                    let value = Expectation::Level(group, level);
                    return Ok(ScenarioField::Expect(Field { keyword, value }));
                }
                let names: Vec<Ident> = children(what).map(|p| self.ident(p)).collect();
                let value = match rule {
                    Rule::expect_nothing => Expectation::Nothing,
                    Rule::expect_tracks => Expectation::Tracks(names),
                    Rule::expect_not => Expectation::NotTracks(names),
                    Rule::expect_met => Expectation::Met(names),
                    Rule::expect_not_met => Expectation::NotMet(names),
                    Rule::expect_step => Expectation::Steps(names),
                    Rule::expect_not_step => Expectation::NotSteps(names),
                    Rule::expect_end => Expectation::End,
                    _ => {
                        self.bug(&outer);
                        return Err(());
                    }
                };
                Ok(ScenarioField::Expect(Field { keyword, value }))
            }
            _ => {
                self.bug(&pair);
                Err(())
            }
        }
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
            [Rule::kw_question] => K::Question,
            [Rule::kw_rule] => K::Rule,
            [Rule::kw_role] => K::Role,
            [Rule::kw_end] => K::End,
            [Rule::kw_deadline] => K::Deadline,
            _ => {
                self.bug(&outer);
                return Err(());
            }
        };
        let mut ids = Vec::new();
        let mut texts = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::ident => ids.push(self.ident(child)),
                Rule::step_path | Rule::outcome_path => ids.extend(child.into_inner().map(|p| self.ident(p))),
                Rule::string => texts.push(self.text(child)),
                _ => {
                    self.bug(&child);
                    return Err(());
                }
            }
        }
        Ok(TranslationEntry {
            keyword,
            kind,
            ids,
            texts,
        })
    }

    fn change_target(&mut self, pair: Pair<'_, Rule>) -> Result<ChangeTarget> {
        let outer = pair.clone();
        let rule = pair.as_rule();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        match rule {
            Rule::change_track => {
                let mut changes = Vec::new();
                for change in it {
                    if let Ok(c) = self.step_change(change) {
                        changes.push(c);
                    }
                }
                Ok(ChangeTarget::Track { id, changes })
            }
            Rule::change_criteria => {
                let fields = it.filter_map(|f| self.criteria_field(f).ok()).collect();
                Ok(ChangeTarget::Criteria { id, fields })
            }
            _ => {
                self.bug(&outer);
                Err(())
            }
        }
    }

    fn step_change(&mut self, pair: Pair<'_, Rule>) -> Result<StepChange> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let rule = pair.as_rule();
        let mut it = children(pair).peekable();
        let id = self.next_ident(&outer, &mut it)?;
        match rule {
            Rule::replace_step => {
                let text = match it.peek().map(Pair::as_rule) {
                    Some(Rule::string) => it.next().map(|p| self.text(p)),
                    _ => None,
                };
                let fields = self.step_fields(it);
                Ok(StepChange::Replace {
                    keyword,
                    id,
                    text,
                    fields,
                })
            }
            Rule::insert_step => {
                let position = self.next(&outer, &mut it)?;
                let before = position.as_str().trim() == "before";
                let anchor = self.next_ident(&outer, &mut it)?;
                let text = self.next_text(&outer, &mut it)?;
                let fields = self.step_fields(it);
                Ok(StepChange::Insert {
                    keyword,
                    step: StepDecl {
                        keyword,
                        kind: StepKind::Step,
                        id,
                        text,
                        fields,
                    },
                    before,
                    anchor,
                })
            }
            Rule::remove_step => Ok(StepChange::Remove { keyword, id }),
            _ => {
                self.bug(&outer);
                Err(())
            }
        }
    }

    fn expr(&mut self, pair: Pair<'_, Rule>, depth: usize) -> Result<Expr> {
        self.nested_expr(pair, depth, true)
    }

    /// [`Self::expr`]; `root` is set for the whole `when` expression, which is not
    /// a level of nesting itself.
    fn nested_expr(&mut self, pair: Pair<'_, Rule>, depth: usize, root: bool) -> Result<Expr> {
        let rule = pair.as_rule();
        let nests = matches!(rule, Rule::not_expr) || (rule == Rule::expr && !root);
        let depth = depth + usize::from(nests);
        if depth > MAX_EXPR_DEPTH {
            let span = self.span(&pair);
            self.diagnostics.push(
                Diagnostic::error(Code::TooDeep, "this trigger is nested too deeply")
                    .at(
                        span,
                        format!("more than {MAX_EXPR_DEPTH} levels of `not` or parentheses"),
                    )
                    .help("write the trigger more simply, e.g. with fewer parentheses"),
            );
            return Err(());
        }
        if matches!(rule, Rule::comparison | Rule::level_test) {
            return self.test_expr(pair);
        }
        let outer = pair.clone();
        let mut parts: Vec<Expr> = Vec::new();
        for child in children(pair) {
            parts.push(self.nested_expr(child, depth, false)?);
        }
        // The span of what was written, from the first part to the last (pest's
        // span of a repetition can include the line break after it).
        let span = match (parts.first(), parts.last()) {
            (Some(first), Some(last)) if rule != Rule::not_expr => first.span().to(last.span()),
            _ => self.span(&outer),
        };
        match rule {
            Rule::reference => parts.pop().ok_or(()),
            Rule::ident => Ok(Expr::Ref(self.ident(outer))),
            Rule::not_expr => match parts.pop() {
                Some(inner) => Ok(Expr::Not(Box::new(inner), span)),
                None => {
                    self.bug(&outer);
                    Err(())
                }
            },
            Rule::expr | Rule::and_expr => {
                if parts.len() == 1 {
                    parts.pop().ok_or(())
                } else if rule == Rule::expr {
                    Ok(Expr::Or(parts, span))
                } else {
                    Ok(Expr::And(parts, span))
                }
            }
            _ => {
                self.bug(&outer);
                Err(())
            }
        }
    }

    /// `age < 13` or `screening is high`: leaves with parts that are not triggers.
    fn test_expr(&mut self, outer: Pair<'_, Rule>) -> Result<Expr> {
        match outer.as_rule() {
            Rule::comparison => {
                let mut it = outer.clone().into_inner();
                let input = it
                    .next()
                    .and_then(|r| r.into_inner().next())
                    .map(|i| self.ident(i));
                let op = it.next();
                let number = it.next();
                match (input, op, number) {
                    (Some(input), Some(op), Some(number)) => {
                        let value = match op.as_str() {
                            "<" => CompareOp::Less,
                            "<=" => CompareOp::LessOrEqual,
                            ">" => CompareOp::Greater,
                            ">=" => CompareOp::GreaterOrEqual,
                            _ => CompareOp::Equal,
                        };
                        Ok(Expr::Compare {
                            input,
                            op: Spanned {
                                value,
                                span: self.span(&op),
                            },
                            value: self.number(&number),
                        })
                    }
                    _ => {
                        self.bug(&outer);
                        Err(())
                    }
                }
            }
            Rule::level_test => {
                let mut it = outer.clone().into_inner();
                let group = it
                    .next()
                    .and_then(|r| r.into_inner().next())
                    .map(|i| self.ident(i));
                let word = it.next();
                let level = it.next().map(|l| self.ident(l));
                match (group, word, level) {
                    (Some(group), Some(word), Some(level)) => Ok(Expr::Level {
                        group,
                        at_least: word.as_rule() == Rule::kw_at_least,
                        level,
                    }),
                    _ => {
                        self.bug(&outer);
                        Err(())
                    }
                }
            }
            _ => {
                self.bug(&outer);
                Err(())
            }
        }
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    /// A number; `None` (reported here) when it does not fit.
    fn number(&mut self, pair: &Pair<'_, Rule>) -> Spanned<Option<u32>> {
        let span = self.span(pair);
        let value = pair.as_str().parse::<u32>().ok();
        if value.is_none() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::NumberTooLarge,
                    format!("`{}` is too large a number", pair.as_str()),
                )
                .at(span, "protocolc counts up to 4294967295")
                .help("a threshold counts factors; use a number no larger than the number of factors"),
            );
        }
        Spanned { value, span }
    }

    fn text(&mut self, pair: Pair<'_, Rule>) -> Text {
        let span = self.span(&pair);
        // `string` holds one `line_string` or `triple_string`, which holds its body.
        let literal = pair.into_inner().next();
        let quotes = match literal.as_ref().map(|p| p.as_rule()) {
            Some(Rule::triple_string) => Quotes::Triple,
            _ => Quotes::Single,
        };
        let body = literal.and_then(|l| l.into_inner().next());
        match body {
            Some(body) => {
                let offset = self.offset + body.as_span().start();
                cook(body.as_str(), offset, self.file, span, quotes, self.diagnostics)
            }
            None => Text {
                segments: Vec::new(),
                span,
            },
        }
    }
}
