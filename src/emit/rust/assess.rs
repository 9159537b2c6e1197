//! `Assessment` and `assess`: each criteria group's verdict (counts, or scores with
//! their levels and `alone`, `floor` and `force` rules, in dependency order), then
//! which tracks are triggered, applied and superseded, with precedence and `supersedes`
//! chains as constant sets. Triggers become Rust conditions here.

use super::code::{comment_lines, condition, expand, pad, Value, WIDTH};
use super::Generator;
use crate::evaluate;
use crate::model::{
    Alone, Answer, CompareOp, Criteria, CriteriaIdx, Leaf, Threshold, TrackIdx, Trigger, TriggerWords,
};
use std::fmt::Write;

impl Generator<'_> {
    /// The `Assessment` type and its methods.
    pub(super) fn assessment(&mut self) {
        let m = self.model;
        let (nt, nc) = (m.tracks.len(), m.criteria.len());
        line!(
            self,
            "/// Which criteria are met and which tracks apply, for one student."
        );
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        line!(self, "pub struct Assessment {{");
        line!(self, "    /// The criteria groups that are met.");
        line!(self, "    pub criteria_met: CriteriaSet,");
        if self.extended {
            line!(
                self,
                "    /// The factors answered yes or worked out true (so [`Assessment::matched`] can"
            );
            line!(self, "    /// list a group's).");
            line!(self, "    pub factors: FactorSet,");
            line!(
                self,
                "    /// The factors answered \"possible\" (never one worked out from inputs)."
            );
            line!(self, "    pub possible: FactorSet,");
            line!(
                self,
                "    /// The criteria groups whose `applies_when` holds (every group without one)."
            );
            line!(self, "    pub applies: CriteriaSet,");
        } else {
            line!(
                self,
                "    /// The factors present (so [`Assessment::matched`] can list a group's)."
            );
            line!(self, "    pub factors: FactorSet,");
        }
        line!(self, "    /// The tracks to follow.");
        line!(self, "    pub applied: TrackSet,");
        line!(
            self,
            "    /// Tracks whose trigger held but that an applied track supersedes."
        );
        line!(self, "    pub superseded: TrackSet,");
        line!(self, "    superseded_by: [TrackSet; {nt}],");
        if self.extended {
            line!(self, "    totals: [u32; {nc}],");
        }
        if !self.level_names.is_empty() {
            line!(self, "    levels: [Option<Level>; {nc}],");
        }
        line!(self, "}}");
        line!(self, "");
        let levels_arg = if self.level_names.is_empty() {
            ""
        } else {
            ", &self.levels"
        };
        let walk = format!("        let (path, end) = walk(o, self.criteria_met{levels_arg}, self.applied);");
        let mut methods: Vec<(&str, &str, Vec<&str>)> = vec![
            (
                "The tracks to follow, highest precedence first.",
                "fn applied(&self) -> impl Iterator<Item = Track> + '_",
                vec!["Track::PRECEDENCE.into_iter().filter(|t| self.applied.contains(*t))"],
            ),
            (
                "The superseded tracks in precedence order, each with the tracks that supersede it.",
                "fn superseded(&self) -> impl Iterator<Item = (Track, TrackSet)> + '_",
                vec![
                    "Track::PRECEDENCE",
                    "    .into_iter()",
                    "    .filter(|t| self.superseded.contains(*t))",
                    "    .map(|t| (t, self.superseded_by[t.index()]))",
                ],
            ),
            (
                "The walk through the applied tracks' steps with the answers in `o` (the observations \
                 this assessment was made from). Worked out only when asked for, so deciding which \
                 tracks apply stays cheap.",
                "fn walk(&self, o: &Observations) -> Walk",
                vec![walk.trim_start(), "Walk { path, end }"],
            ),
            (
                "Whether a criteria group is met.",
                "fn is_met(&self, criteria: Criteria) -> bool",
                vec!["self.criteria_met.contains(criteria)"],
            ),
            (
                "The factors present that belong to a criteria group.",
                "fn matched(&self, criteria: Criteria) -> FactorSet",
                vec!["self.factors.and(CRITERIA_FACTORS[criteria.index()])"],
            ),
        ];
        if self.extended {
            methods.extend([
                (
                    "The factors of a criteria group answered \"possible\".",
                    "const fn possible(&self, criteria: Criteria) -> FactorSet",
                    vec!["self.possible.and(CRITERIA_FACTORS[criteria.index()])"],
                ),
                (
                    "Whether a criteria group's `applies_when` holds for this student (true for a \
                     group without one).",
                    "fn applies(&self, criteria: Criteria) -> bool",
                    vec!["self.applies.contains(criteria)"],
                ),
                (
                    "A criteria group's total: points (a scored group) or factors counted, worked \
                     out even where it does not apply.",
                    "const fn total(&self, criteria: Criteria) -> u32",
                    vec!["self.totals[criteria.index()]"],
                ),
            ]);
        }
        if !self.level_names.is_empty() {
            methods.push((
                "A scored group's level (`None` for a group that counts factors, outside its \
                 `applies_when`, or for a total between two ranges).",
                "const fn level(&self, criteria: Criteria) -> Option<Level>",
                vec!["self.levels[criteria.index()]"],
            ));
        }
        line!(self, "impl Assessment {{");
        for (i, (doc, signature, body)) in methods.into_iter().enumerate() {
            if i > 0 {
                line!(self, "");
            }
            for text in comment_lines(doc, 4) {
                line!(self, "{text}");
            }
            line!(self, "    pub {signature} {{");
            for text in body {
                line!(self, "        {text}");
            }
            line!(self, "    }}");
        }
        line!(self, "}}");
        line!(self, "");
    }

    /// The constant sets `assess` reads, and `assess`.
    pub(super) fn assess(&mut self) {
        let m = self.model;
        let nt = m.tracks.len();
        let indices = |set: &str, members: Vec<usize>| {
            if members.is_empty() {
                Value::code(format!("{set}::EMPTY"))
            } else {
                let members = members.iter().map(|i| Value::code(i.to_string()));
                Value::list(format!("{set}::from_indices(&["), members, "])")
            }
        };
        line!(
            self,
            "/// Each criteria group's factors, in the order of [`Criteria::ALL`]."
        );
        let start = format!("const CRITERIA_FACTORS: [FactorSet; {}] = ", m.criteria.len());
        let groups = m
            .criteria
            .iter()
            .map(|c| indices("FactorSet", c.factors.iter().map(|f| f.0).collect()));
        line!(
            self,
            "{start}{};",
            Value::list("[", groups, "]").render(start.len(), 0, 1)
        );
        line!(self, "");
        if self.extended {
            line!(
                self,
                "/// The factors staff answer (every factor not worked out from inputs)."
            );
            let ticked = m.factors.iter().enumerate().filter(|(_, f)| f.derived.is_none());
            let start = "const TICKED: FactorSet = ";
            let set = indices("FactorSet", ticked.map(|(i, _)| i).collect());
            line!(self, "{start}{};", set.render(start.len(), 0, 1));
            line!(self, "");
        }
        line!(
            self,
            "/// For each track, the tracks that supersede it, directly or through a chain."
        );
        let start = format!("const SUPERSEDED_BY: [TrackSet; {nt}] = ");
        let above = (0..nt).map(|below| {
            let above =
                (0..nt).filter(|&a| a != below && evaluate::supersedes(m, TrackIdx(a), TrackIdx(below)));
            indices("TrackSet", above.collect())
        });
        line!(
            self,
            "{start}{};",
            Value::list("[", above, "]").render(start.len(), 0, 1)
        );
        line!(self, "");
        for text in [
            "/// Decides which criteria are met and which tracks apply.",
            "///",
            "/// A track is triggered when its `when` holds. Going down the precedence order, a",
            "/// triggered track is superseded when a triggered track above supersedes it",
            "/// (directly or through a chain); otherwise it applies. This is protocolc's own",
            "/// evaluator, compiled.",
        ] {
            line!(self, "{text}");
        }
        if self.extended {
            for text in [
                "///",
                "/// Criteria groups are worked out first, each after the groups its rules read. A",
                "/// factor with a `when` is worked out from it (what staff answered for it is",
                "/// ignored). A group's total adds each factor's points for its answer (saturating);",
                "/// outside its `applies_when` a group is not met and has no level. A scored group's",
                "/// level holds its total, raised by `alone` factors and `floor` rules; the highest",
                "/// `force` rule that holds sets it whatever else.",
            ] {
                line!(self, "{text}");
            }
            if self.has_only_when() {
                line!(self, "///");
                line!(
                    self,
                    "/// A factor whose `only_when` does not hold is not applicable: it counts nothing."
                );
            }
            for text in [
                // `age >= 0` reads as the protocol says, though a `u32` decides it.
                "#[allow(unused_variables, unused_mut, unused_comparisons)]",
                "#[allow(clippy::absurd_extreme_comparisons)]",
            ] {
                line!(self, "{text}");
            }
        } else {
            line!(self, "#[allow(unused_variables, unused_mut)]");
        }
        line!(self, "pub fn assess(o: &Observations) -> Assessment {{");
        if self.extended {
            self.scores();
        } else {
            self.counts();
        }
        self.tracks_applied();
    }

    /// Whether a factor of the protocol counts only where its `only_when` holds.
    fn has_only_when(&self) -> bool {
        self.model.factors.iter().any(|f| f.only_when.is_some())
    }

    /// Every criteria group in dependency order: derived factors, total, `applies_when`,
    /// level and verdict, as [`evaluate::decide`] works them out.
    fn scores(&mut self) {
        let m = self.model;
        let nc = m.criteria.len();
        line!(
            self,
            "    // Answers: yes (factors worked out from inputs are added below) and \"possible\"."
        );
        line!(self, "    let mut yes = o.factors.and(TICKED);");
        // Mutable only where a factor's `only_when` may take an answer away.
        let mutable = if self.has_only_when() { "mut " } else { "" };
        line!(
            self,
            "    let {mutable}possible = o.possible.and(TICKED).minus(o.factors);"
        );
        line!(self, "    let mut met = CriteriaSet::EMPTY;");
        line!(self, "    let mut applies = CriteriaSet::EMPTY;");
        line!(self, "    let mut totals = [0u32; {nc}];");
        if !self.level_names.is_empty() {
            line!(self, "    let mut levels: [Option<Level>; {nc}] = [None; {nc}];");
        }
        for &c in &m.criteria_order {
            if let Some(group) = m.criteria_by(c) {
                self.group(c, group);
            }
        }
    }

    /// One group's block in `assess`.
    fn group(&mut self, c: CriteriaIdx, group: &Criteria) {
        let m = self.model;
        let name = Self::path("Criteria", &self.criteria_names, c.0);
        let factor_names = self.factor_names.clone();
        let factor = |f: usize| Self::path("Factor", &factor_names, f);
        // Whether a factor counts as present: yes, or "possible" where that counts as yes.
        let counts = |f: usize, derived: bool| {
            if group.possible_counts_as_yes && !derived {
                format!("yes.contains({0}) || possible.contains({0})", factor(f))
            } else {
                format!("yes.contains({})", factor(f))
            }
        };
        line!(self, "    // {name}");
        line!(self, "    {{");
        let factors: Vec<(usize, &crate::model::Factor)> = group
            .factors
            .iter()
            .filter_map(|&f| m.factor_by(f).map(|x| (f.0, x)))
            .collect();
        for (f, factor_) in &factors {
            if let Some(when) = &factor_.derived {
                self.open_if(8, "if", when);
                line!(self, "            yes.insert({});", factor(*f));
                line!(self, "        }}");
            }
            // Not applicable: whatever was answered or worked out counts nothing.
            if let Some(when) = &factor_.only_when {
                self.open_if(8, "if", &Trigger::Not(Box::new(when.clone())));
                for set in ["yes", "possible"] {
                    line!(
                        self,
                        "            {set} = {set}.without_index({}.index());",
                        factor(*f)
                    );
                }
                line!(self, "        }}");
            }
        }
        line!(self, "        let mut total: u32 = 0;");
        for (f, factor_) in &factors {
            let (points, possible) = match &group.scoring {
                Some(_) => (
                    factor_.points,
                    factor_.possible_points(group.possible_counts_as_yes),
                ),
                None => (1, u32::from(group.possible_counts_as_yes)),
            };
            // Worked out from inputs: yes or no, never "possible".
            let possible = if factor_.derived.is_some() { 0 } else { possible };
            for (set, n) in [("yes", points), ("possible", possible)] {
                if n > 0 {
                    line!(self, "        if {set}.contains({}) {{", factor(*f));
                    line!(self, "            total = total.saturating_add({n});");
                    line!(self, "        }}");
                }
            }
        }
        line!(self, "        totals[{name}.index()] = total;");
        let indent = match &group.applies_when {
            Some(when) => {
                self.open_if(8, "if", when);
                12
            }
            None => 8,
        };
        let pad = pad(indent);
        line!(self, "{pad}applies.insert({name});");
        match &group.scoring {
            Some(scoring) => {
                line!(self, "{pad}let mut level = {name}.level_of_total(total);");
                let raise = factors.iter().filter_map(|(f, x)| match x.alone {
                    Some(Alone::AtLeast(l)) => Some((Err(counts(*f, x.derived.is_some())), l)),
                    _ => None,
                });
                let floors = scoring
                    .overrides
                    .iter()
                    .filter(|r| !r.force)
                    .map(|r| (Ok(&r.when), r.level));
                for (when, l) in raise.chain(floors).collect::<Vec<_>>() {
                    let level = self.level_name(c, l).to_string();
                    match when {
                        Ok(trigger) => self.open_if(indent, "if", trigger),
                        Err(present) => line!(self, "{pad}if {present} {{"),
                    }
                    line!(self, "{pad}    level = level.max(Some(Level::{level}));");
                    line!(self, "{pad}}}");
                }
                // The highest forced level that holds wins: test them highest first.
                let mut forces: Vec<_> = scoring.overrides.iter().filter(|r| r.force).collect();
                forces.sort_by_key(|r| std::cmp::Reverse(r.level));
                for (i, rule) in forces.iter().enumerate() {
                    let keyword = if i == 0 { "if" } else { "} else if" };
                    self.open_if(indent, keyword, &rule.when);
                    let level = self.level_name(c, rule.level).to_string();
                    line!(self, "{pad}    level = Some(Level::{level});");
                }
                if !forces.is_empty() {
                    line!(self, "{pad}}}");
                }
                line!(self, "{pad}levels[{name}.index()] = level;");
                match group.threshold {
                    Threshold::AtLeastLevel(needed) => {
                        let needed = self.level_name(c, needed).to_string();
                        line!(self, "{pad}if level >= Some(Level::{needed}) {{")
                    }
                    Threshold::AtLeast(n) => line!(self, "{pad}if total >= {n} {{"),
                }
                line!(self, "{pad}    met.insert({name});");
                line!(self, "{pad}}}");
            }
            None => {
                if let Threshold::AtLeast(n) = group.threshold {
                    let mut enough: Vec<String> = Vec::new();
                    if n > 0 {
                        enough.push(format!("total >= {n}"));
                    }
                    enough.extend(
                        factors
                            .iter()
                            .filter(|(_, x)| x.alone == Some(Alone::Meets))
                            .map(|(f, x)| counts(*f, x.derived.is_some())),
                    );
                    if n == 0 {
                        line!(self, "{pad}met.insert({name});");
                    } else {
                        line!(self, "{}", condition(indent, "if", &enough, "||"));
                        line!(self, "{pad}    met.insert({name});");
                        line!(self, "{pad}}}");
                    }
                }
            }
        }
        if group.applies_when.is_some() {
            line!(self, "        }}");
        }
        line!(self, "    }}");
    }

    /// Count groups only: each is met when enough of its factors are present.
    fn counts(&mut self) {
        let m = self.model;
        line!(
            self,
            "    let present = |criteria: Criteria| o.factors.and(CRITERIA_FACTORS[criteria.index()]);"
        );
        line!(self, "    let mut met = CriteriaSet::EMPTY;");
        for (c, name) in m.criteria.iter().zip(&self.criteria_names) {
            let Threshold::AtLeast(n) = c.threshold else {
                continue;
            };
            // Clippy prefers `!is_empty()` to `len() >= 1` in code that includes this module.
            if n == 1 {
                line!(self, "    if !present(Criteria::{name}).is_empty() {{");
            } else {
                line!(self, "    if present(Criteria::{name}).len() >= {n} {{");
            }
            line!(self, "        met.insert(Criteria::{name});");
            line!(self, "    }}");
        }
    }

    /// Which tracks are triggered, applied and superseded; the end of `assess`.
    fn tracks_applied(&mut self) {
        let m = self.model;
        let nt = m.tracks.len();
        line!(self, "    let mut triggered = TrackSet::EMPTY;");
        for (t, name) in m.tracks.iter().zip(self.track_names.clone()) {
            self.open_if(4, "if", &t.trigger);
            line!(self, "        triggered.insert(Track::{name});");
            line!(self, "    }}");
        }
        for text in [
            "    let mut applied = TrackSet::EMPTY;",
            "    let mut superseded = TrackSet::EMPTY;",
            &format!("    let mut superseded_by = [TrackSet::EMPTY; {nt}];"),
            "    for t in Track::PRECEDENCE {",
            "        if !triggered.contains(t) {",
            "            continue;",
            "        }",
            "        let by = triggered.and(SUPERSEDED_BY[t.index()]);",
            "        if by.is_empty() {",
            "            applied.insert(t);",
            "        } else {",
            "            let by_applied = by.and(applied);",
            "            superseded.insert(t);",
            "            superseded_by[t.index()] = if by_applied.is_empty() { by } else { by_applied };",
            "        }",
            "    }",
        ] {
            line!(self, "{text}");
        }
        let fields: &[&str] = if self.extended {
            &["criteria_met: met", "factors: yes", "possible", "applies"]
        } else {
            &["criteria_met: met", "factors: o.factors"]
        };
        let mut fields: Vec<&str> = fields.to_vec();
        fields.extend(["applied", "superseded", "superseded_by"]);
        if self.extended {
            fields.push("totals");
        }
        if !self.level_names.is_empty() {
            fields.push("levels");
        }
        let one = format!("    Assessment {{ {} }}", fields.join(", "));
        if one.chars().count() <= super::code::WIDTH {
            line!(self, "{one}");
        } else {
            line!(self, "    Assessment {{");
            for field in fields {
                line!(self, "        {field},");
            }
            line!(self, "    }}");
        }
        line!(self, "}}");
        line!(self, "");
    }

    /// `keyword trigger {` at `indent`: on one line when it fits, else broken before
    /// its `||` and `&&` (and inside a long `matches!`), with `{` on a line of its own.
    pub(super) fn open_if(&mut self, indent: usize, keyword: &str, t: &Trigger) {
        let start = format!("{}{keyword} ", pad(indent));
        let body = self.layout(t, start.chars().count(), indent + 4, 0, 2);
        // A `matches!` broken over lines ends in `)`, which the `{` follows as rustfmt writes it.
        let ends_in_parenthesis = body.lines().last().map(str::trim) == Some(")");
        if body.contains('\n') && !ends_in_parenthesis {
            line!(self, "{start}{body}\n{}{{", pad(indent));
        } else {
            line!(self, "{start}{body} {{");
        }
    }

    /// A trigger starting at `column`, its continued lines indented by `indent`, inside
    /// an operator of binding strength `parent` (0 none, 1 `||`, 2 `&&`, 3 `!`), with
    /// `reserve` columns after it.
    fn layout(&self, t: &Trigger, column: usize, indent: usize, parent: u8, reserve: usize) -> String {
        let (own, operator) = match t {
            Trigger::Any(_) => (1, "||"),
            Trigger::All(_) => (2, "&&"),
            _ => (3, ""),
        };
        let (open, close) = if own < parent { ("(", ")") } else { ("", "") };
        let flat = format!("{open}{}{close}", self.trigger(t));
        if column + flat.chars().count() + reserve <= WIDTH {
            return flat;
        }
        match t {
            Trigger::Any(items) | Trigger::All(items) => {
                let inner = if open.is_empty() { indent } else { indent + 4 };
                let mut out = open.to_string();
                let last = items.len().saturating_sub(1);
                for (i, item) in items.iter().enumerate() {
                    let reserve = if i == last { reserve + close.len() } else { 0 };
                    if i == 0 {
                        out.push_str(&self.layout(item, column + open.len(), inner, own, reserve));
                    } else {
                        let _ = write!(out, "\n{}{operator} ", pad(inner));
                        out.push_str(&self.layout(item, inner + 3, inner + 4, own, reserve));
                    }
                }
                format!("{out}{close}")
            }
            Trigger::Not(item) => format!("!{}", self.layout(item, column + 1, indent, 3, reserve)),
            _ => expand(&flat, column, indent.saturating_sub(4), reserve),
        }
    }

    /// A trigger as a Rust condition on one line, with only the parentheses it needs.
    pub(super) fn trigger(&self, t: &Trigger) -> String {
        let words = TriggerWords {
            and: " && ",
            or: " || ",
            not: "!",
        };
        t.write(&words, &|leaf| match leaf {
            Leaf::Criteria(c) => format!(
                "met.contains({})",
                Self::path("Criteria", &self.criteria_names, c.0)
            ),
            Leaf::Signal(s) => format!(
                "o.signals.contains({})",
                Self::path("Signal", &self.signal_names, s.0)
            ),
            // `matches!` keeps each leaf one operand (`!` applies to all of it), and is
            // false when the input has no value or the group no level.
            Leaf::Compare { input, op, value } => {
                let read = format!("o.value({})", Self::path("Input", &self.input_names, input.0));
                match op {
                    CompareOp::Equal => format!("matches!({read}, Some({value}))"),
                    _ => format!("matches!({read}, Some(v) if v {} {value})", op.symbol()),
                }
            }
            Leaf::Level {
                criteria,
                at_least,
                level,
            } => {
                let mut names = self.levels_of(criteria, level);
                if !at_least {
                    names.truncate(1);
                }
                let names: Vec<String> = names.iter().map(|l| format!("Level::{l}")).collect();
                format!(
                    "matches!(levels[{}.index()], Some({}))",
                    Self::path("Criteria", &self.criteria_names, criteria.0),
                    names.join(" | ")
                )
            }
            // False when the question has no answer; "unclear" where it counts as this answer.
            Leaf::Answer {
                question,
                answer,
                unclear_too,
            } => {
                let mut accepted = answer_code(answer);
                if unclear_too {
                    accepted.push_str(" | Answer::Unclear");
                }
                format!(
                    "matches!(o.answers[{}.index()], Some({accepted}))",
                    Self::path("Question", &self.question_names, question.0)
                )
            }
        })
    }
}

/// An answer as the generated `Answer` enum writes it.
fn answer_code(answer: Answer) -> String {
    match answer {
        Answer::Yes => "Answer::Yes".to_string(),
        Answer::No => "Answer::No".to_string(),
        Answer::Unclear => "Answer::Unclear".to_string(),
        Answer::Choice(at) => format!("Answer::Choice({at})"),
    }
}
