//! `scenario` declarations: a case with given facts, answers and what to expect.

use super::{children, Converter, Result};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Converter<'_> {
    /// `scenario ID "title" { … }`
    pub(super) fn scenario_decl(&mut self, pair: Pair<'_, Rule>) -> Result<ScenarioDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let title = self.next_text(&outer, &mut it)?;
        let mut fields = Vec::new();
        for f in it {
            if let Ok(field) = self.scenario_field(f) {
                fields.push(field);
            }
        }
        Ok(ScenarioDecl {
            keyword,
            id,
            title,
            fields,
        })
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
                            let value = self.next(&outer, &mut it)?;
                            Given::Value(name, self.input_value(&value))
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
                if rule == Rule::expect_level || rule == Rule::expect_outcome {
                    let level_outer = what.clone();
                    let mut it = children(what);
                    let group = self.next_ident(&level_outer, &mut it)?;
                    let level = self.next_ident(&level_outer, &mut it)?;
                    let value = if rule == Rule::expect_outcome {
                        Expectation::Outcome(group, level)
                    } else {
                        Expectation::Level(group, level)
                    };
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
}
