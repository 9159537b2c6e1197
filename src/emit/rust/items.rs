//! The protocol's items as enums named from their ids (`Factor`, `Signal`, `Criteria`,
//! `Level`, `Input`, `Track`, `Question`, `Contact`), each with one `impl` holding its
//! data as `const fn`s, and the static tables of steps and contacts' numbers.

use super::code::{comment_lines, doc_lines, pad, Value};
use super::Generator;
use crate::model::{Criteria, CriteriaIdx, LevelIdx, LevelRange, StepRef, Threshold, TrackIdx};
use std::fmt::Write;

/// One item of an enum's `impl` after the common ones (`ALL`, `index`, `id`, `text`).
enum ImplItem {
    /// A documented `pub const fn` whose body matches `self` to one value per variant.
    Match {
        doc: &'static str,
        signature: &'static str,
        values: Vec<Value>,
    },
    /// Lines written as they are (indented), after a blank line.
    Code(Vec<String>),
}

/// An enum to write: its name, its doc, and each variant's name, id and text.
struct Enum<'a> {
    name: &'static str,
    doc: &'static str,
    variants: Vec<String>,
    ids: Vec<&'a str>,
    texts: Vec<&'a str>,
    /// Whether ids are unique, so `from_id` can find a value.
    by_id: bool,
    /// Whether the bit sets hold it (`impl Member`).
    in_sets: bool,
}

impl Generator<'_> {
    /// Every enum, each with its data.
    pub(super) fn enums(&mut self) {
        let m = self.model;
        let factors = Enum {
            name: "Factor",
            doc: "A factor staff can observe.",
            variants: self.factor_names.clone(),
            ids: m.factors.iter().map(|f| f.id.as_str()).collect(),
            texts: m.factors.iter().map(|f| f.text.as_str()).collect(),
            by_id: true,
            in_sets: true,
        };
        let members = self.factor_members();
        self.enumeration(&factors, members);
        let signals = Enum {
            name: "Signal",
            doc: "A judgement staff make (an input to the triggers, not a factor).",
            variants: self.signal_names.clone(),
            ids: m.signals.iter().map(|s| s.id.as_str()).collect(),
            texts: m.signals.iter().map(|s| s.text.as_str()).collect(),
            by_id: true,
            in_sets: true,
        };
        self.enumeration(&signals, Vec::new());
        let criteria = Enum {
            name: "Criteria",
            doc: "A group of factors with a threshold.",
            variants: self.criteria_names.clone(),
            ids: m.criteria.iter().map(|c| c.id.as_str()).collect(),
            texts: m.criteria.iter().map(|c| c.title.as_str()).collect(),
            by_id: true,
            in_sets: true,
        };
        let members = self.criteria_members();
        self.enumeration(&criteria, members);
        self.inputs_and_levels();
        self.tracks();
        self.questions();
        self.contacts();
    }

    /// One enum with its `impl`: variants with doc text, `ALL`, `index()`, `id()`,
    /// `text()`, `from_id()` when ids are unique, then `members`.
    fn enumeration(&mut self, e: &Enum, members: Vec<ImplItem>) {
        let name = e.name;
        let n = e.variants.len();
        for text in comment_lines(e.doc, 0) {
            line!(self, "{text}");
        }
        line!(
            self,
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]"
        );
        if n == 0 {
            line!(self, "pub enum {name} {{}}");
        } else {
            line!(self, "pub enum {name} {{");
            for (i, (variant, text)) in e.variants.iter().zip(&e.texts).enumerate() {
                for doc in doc_lines(text, 4) {
                    line!(self, "{doc}");
                }
                line!(self, "    {variant} = {i},");
            }
            line!(self, "}}");
        }
        line!(self, "");
        line!(self, "impl {name} {{");
        line!(self, "    /// Every value, in file order.");
        let start = format!("    pub const ALL: [{name}; {n}] = ");
        let all = Value::list(
            "[",
            e.variants.iter().map(|v| Value::code(format!("{name}::{v}"))),
            "]",
        );
        line!(self, "{start}{};", all.render(start.len(), 4, 1));
        line!(self, "");
        line!(self, "    /// Its position in [`Self::ALL`].");
        line!(self, "    pub const fn index(self) -> usize {{");
        // A cast of an enum without variants does not compile; a match does.
        line!(
            self,
            "        {}",
            if n == 0 { "match self {}" } else { "self as usize" }
        );
        line!(self, "    }}");
        let ids = e.ids.iter().map(|id| Value::text(id)).collect();
        let texts = e.texts.iter().map(|text| Value::text(text)).collect();
        let mut all_members = vec![
            ImplItem::Match {
                doc: "The id used in the protocol file and its JSON.",
                signature: "id(self) -> &'static str",
                values: ids,
            },
            ImplItem::Match {
                doc: "Its text, word for word.",
                signature: "text(self) -> &'static str",
                values: texts,
            },
        ];
        if e.by_id {
            all_members.push(ImplItem::Code(vec![
                "/// The value with this id.".to_string(),
                format!("pub fn from_id(id: &str) -> Option<{name}> {{"),
                "    Self::ALL.iter().copied().find(|v| v.id() == id)".to_string(),
                "}".to_string(),
            ]));
        }
        all_members.extend(members);
        for member in all_members {
            line!(self, "");
            match member {
                ImplItem::Match {
                    doc,
                    signature,
                    values,
                } => self.method(name, &e.variants, doc, signature, &values),
                ImplItem::Code(lines) => {
                    for text in lines {
                        line!(self, "    {text}");
                    }
                }
            }
        }
        line!(self, "}}");
        line!(self, "");
        if e.in_sets {
            line!(self, "impl Member for {name} {{");
            line!(self, "    const ALL: &'static [{name}] = &{name}::ALL;");
            line!(self, "");
            line!(self, "    fn index(self) -> usize {{");
            line!(self, "        {name}::index(self)");
            line!(self, "    }}");
            line!(self, "}}");
            line!(self, "");
        }
    }

    /// A documented `pub const fn` whose body matches `self` to `values`.
    fn method(&mut self, name: &str, variants: &[String], doc: &str, signature: &str, values: &[Value]) {
        for text in comment_lines(doc, 4) {
            line!(self, "{text}");
        }
        line!(self, "    pub const fn {signature} {{");
        if variants.is_empty() {
            line!(self, "        match self {{}}");
        } else {
            line!(self, "        match self {{");
            for (variant, value) in variants.iter().zip(values) {
                let pattern = format!("            {name}::{variant} => ");
                line!(self, "{pattern}{},", value.render(pattern.len(), 12, 1));
            }
            line!(self, "        }}");
        }
        line!(self, "    }}");
    }

    /// A factor's group; its points and whether it is worked out from inputs (extended protocols).
    fn factor_members(&self) -> Vec<ImplItem> {
        let m = self.model;
        let criteria = m
            .factors
            .iter()
            .map(|f| Value::code(Self::path("Criteria", &self.criteria_names, f.criteria.0)))
            .collect();
        let mut members = vec![ImplItem::Match {
            doc: "The criteria group this factor belongs to.",
            signature: "criteria(self) -> Criteria",
            values: criteria,
        }];
        if !self.extended {
            return members;
        }
        let group = |f: &crate::model::Factor| m.criteria_by(f.criteria);
        let points = m
            .factors
            .iter()
            .map(|f| match group(f).and_then(|c| c.scoring.as_ref()) {
                Some(_) => f.points,
                None => 1,
            });
        let possible = m.factors.iter().map(|f| {
            let counts = group(f).is_some_and(|c| c.possible_counts_as_yes);
            match group(f).and_then(|c| c.scoring.as_ref()) {
                _ if f.derived.is_some() => 0,
                Some(_) => f.possible_points(counts),
                None => u32::from(counts),
            }
        });
        let derived = m.factors.iter().map(|f| f.derived.is_some());
        members.extend([
            ImplItem::Match {
                doc: "What a yes adds to its group's total (points in a scored group, 1 in a group \
                      that counts factors).",
                signature: "points(self) -> u32",
                values: points.map(|p| Value::code(p.to_string())).collect(),
            },
            ImplItem::Match {
                doc: "What a \"possible\" answer adds to its group's total.",
                signature: "possible_points(self) -> u32",
                values: possible.map(|p| Value::code(p.to_string())).collect(),
            },
            ImplItem::Match {
                doc: "Whether it is worked out from the inputs (its `when`) rather than answered by \
                      staff; answers given for it are ignored.",
                signature: "is_derived(self) -> bool",
                values: derived.map(|d| Value::code(d.to_string())).collect(),
            },
        ]);
        members
    }

    /// A group's threshold, source and factors; its levels (protocols with scored groups).
    fn criteria_members(&self) -> Vec<ImplItem> {
        let m = self.model;
        let thresholds = m.criteria.iter().map(|c| match c.threshold {
            Threshold::AtLeast(n) => format!("Some({n})"),
            Threshold::AtLeastLevel(_) => "None".to_string(),
        });
        let factors = m.criteria.iter().map(|c| {
            Value::slice(
                c.factors
                    .iter()
                    .map(|f| Self::path("Factor", &self.factor_names, f.0)),
            )
        });
        let mut members = vec![
            ImplItem::Match {
                doc: "How many of its factors must be present for the group to be met; `None` for \
                      a scored group, which is met at a level, not by a count.",
                signature: "threshold(self) -> Option<u32>",
                values: thresholds.map(Value::code).collect(),
            },
            ImplItem::Match {
                doc: "Who set these criteria.",
                signature: "source(self) -> Option<&'static str>",
                values: m
                    .criteria
                    .iter()
                    .map(|c| Value::optional_text(c.source.as_deref()))
                    .collect(),
            },
            ImplItem::Match {
                doc: "Its factors, in file order.",
                signature: "factors(self) -> &'static [Factor]",
                values: factors.collect(),
            },
        ];
        if self.level_names.is_empty() {
            return members;
        }
        let levels = (0..m.criteria.len()).map(|c| {
            Value::slice(
                self.levels_of(CriteriaIdx(c), LevelIdx(0))
                    .iter()
                    .map(|l| format!("Level::{l}")),
            )
        });
        let thresholds = m
            .criteria
            .iter()
            .enumerate()
            .map(|(c, group)| match group.threshold {
                Threshold::AtLeastLevel(l) => {
                    Value::code(format!("Some(Level::{})", self.level_name(CriteriaIdx(c), l)))
                }
                Threshold::AtLeast(_) => Value::code("None"),
            });
        let of_total = m
            .criteria
            .iter()
            .enumerate()
            .map(|(c, group)| Value::Code(self.level_of_total(CriteriaIdx(c), group)));
        members.extend([
            ImplItem::Match {
                doc: "Its levels, lowest first (none for a group that counts factors).",
                signature: "levels(self) -> &'static [Level]",
                values: levels.collect(),
            },
            ImplItem::Match {
                doc: "For a scored group, the lowest level that meets it (`met_when at_least LEVEL`).",
                signature: "threshold_level(self) -> Option<Level>",
                values: thresholds.collect(),
            },
            ImplItem::Match {
                doc: "The level whose range holds `total`, before any `alone`, `floor` or `force` \
                      rule (`None`: a group that counts factors, or a total between two ranges).",
                signature: "level_of_total(self, total: u32) -> Option<Level>",
                values: of_total.collect(),
            },
            ImplItem::Code(vec![
                "/// Its level with this id.".to_string(),
                "pub fn level_named(self, id: &str) -> Option<Level> {".to_string(),
                "    self.levels().iter().copied().find(|l| l.id() == id)".to_string(),
                "}".to_string(),
            ]),
        ]);
        members
    }

    /// `match total { 0..=2 => Some(Level::…), …, _ => None }` for a group (`None` unless
    /// scored), as a match arm's value.
    fn level_of_total(&self, c: CriteriaIdx, group: &Criteria) -> String {
        let Some(scoring) = &group.scoring else {
            return "None".to_string();
        };
        let mut arms = Vec::new();
        // The lowest total no range holds yet, while the ranges (in order, never
        // overlapping) hold every total from 0; when they hold every `u32`, a `_` arm
        // would be unreachable.
        let past_top = u64::from(u32::MAX) + 1;
        let mut next = Some(0u64);
        for (i, level) in scoring.levels.iter().enumerate() {
            // A level without a range is set only by a rule: no total's arm.
            let Some(LevelRange { from, to }) = level.range else {
                continue;
            };
            let pattern = match to {
                Some(to) if to == from => to.to_string(),
                Some(to) => format!("{from}..={to}"),
                None => format!("{from}.."),
            };
            next = next
                .filter(|&n| n == u64::from(from))
                .map(|_| to.map_or(past_top, |to| u64::from(to) + 1));
            arms.push(format!(
                "{pattern} => Some(Level::{})",
                self.level_name(c, LevelIdx(i))
            ));
        }
        if next != Some(past_top) {
            arms.push("_ => None".to_string());
        }
        let mut out = String::from("match total {\n");
        for arm in arms {
            let _ = writeln!(out, "{}{arm},", pad(16));
        }
        format!("{out}{}}}", pad(12))
    }

    /// The `Input` enum (a protocol with inputs) and the `Level` enum (one with scored groups).
    fn inputs_and_levels(&mut self) {
        let m = self.model;
        if !m.inputs.is_empty() {
            let ranges = m.inputs.iter().map(|i| {
                Value::code(
                    i.range
                        .map_or("None".to_string(), |(a, b)| format!("Some(({a}, {b}))")),
                )
            });
            let mut members = vec![ImplItem::Match {
                doc: "The values it may take, both ends included, if the protocol says.",
                signature: "range(self) -> Option<(u32, u32)>",
                values: ranges.collect(),
            }];
            if m.inputs.iter().any(|i| !i.scale.is_empty()) {
                let scales = m.inputs.iter().map(|i| {
                    let ids: Vec<String> = i.scale.iter().map(|v| format!("{:?}", v.id)).collect();
                    Value::code(format!("&[{}]", ids.join(", ")))
                });
                members.push(ImplItem::Match {
                    doc: "A scale's value ids, lowest first: its value is a position in this list (empty for a number).",
                    signature: "scale(self) -> &'static [&'static str]",
                    values: scales.collect(),
                });
            }
            let inputs = Enum {
                name: "Input",
                doc: "A whole number staff enter (an age, a count), compared in triggers.",
                variants: self.input_names.clone(),
                ids: m.inputs.iter().map(|i| i.id.as_str()).collect(),
                texts: m.inputs.iter().map(|i| i.text.as_str()).collect(),
                by_id: true,
                in_sets: false,
            };
            self.enumeration(&inputs, members);
        }
        if self.level_names.is_empty() {
            return;
        }
        let levels = super::all_levels(m);
        let groups = levels
            .iter()
            .map(|(c, _)| Value::code(Self::path("Criteria", &self.criteria_names, *c)));
        let ranges = levels.iter().map(|(_, l)| {
            Value::code(match l.range {
                Some(LevelRange { from, to }) => {
                    let to = to.map_or("None".to_string(), |t| format!("Some({t})"));
                    format!("Some(({from}, {to}))")
                }
                None => "None".to_string(),
            })
        });
        let members = vec![
            ImplItem::Match {
                doc: "The scored criteria group it is a level of.",
                signature: "criteria(self) -> Criteria",
                values: groups.collect(),
            },
            ImplItem::Match {
                doc: "The totals it holds: from, and to (both included; `None`: no upper end); `None` for a level no total reaches, which only a rule sets.",
                signature: "range(self) -> Option<(u32, Option<u32>)>",
                values: ranges.collect(),
            },
        ];
        let level_enum = Enum {
            name: "Level",
            doc: "A level of a scored criteria group: its ordered tiers, lowest first (within a group, \
                  a higher level compares greater).",
            variants: self.level_names.clone(),
            ids: levels.iter().map(|(_, l)| l.id.as_str()).collect(),
            texts: levels.iter().map(|(_, l)| l.title.as_str()).collect(),
            by_id: false,
            in_sets: false,
        };
        self.enumeration(&level_enum, members);
    }

    /// The `Track` enum with its steps, rules and precedence, and the `Step` table's type.
    fn tracks(&mut self) {
        let m = self.model;
        let steps = m.tracks.iter().enumerate().map(|(t, track)| {
            let steps = track.steps.iter().enumerate().map(|(i, s)| {
                let at = StepRef {
                    track: TrackIdx(t),
                    step: i,
                };
                let question = self
                    .question_variant(at)
                    .map_or("None".to_string(), |q| format!("Some(Question::{q})"));
                let form = match &s.form {
                    Some(f) => Value::list(
                        "Some((",
                        vec![Value::text(&f.name), Value::optional_text(f.code.as_deref())],
                        "))",
                    ),
                    None => Value::code("None"),
                };
                let handoff_document = match &s.handoff_document {
                    Some(d) => Value::list("Some((", vec![Value::text(&d.title), Value::text(&d.url)], "))"),
                    None => Value::code("None"),
                };
                let contacts = s
                    .text
                    .contacts
                    .iter()
                    .map(|c| Self::path("Contact", &self.contact_names, c.0));
                Value::Struct(
                    "Step",
                    vec![
                        ("id", Value::text(&s.id)),
                        ("number", Value::code((i + 1).to_string())),
                        ("condition", Value::optional_text(s.condition.as_deref())),
                        ("text", Value::text(&s.text.text)),
                        ("contacts", Value::slice(contacts)),
                        ("label", Value::optional_text(s.label.as_deref())),
                        ("role", Value::optional_text(s.role.as_deref())),
                        ("role_alternatives", Self::texts(&s.role_alternatives)),
                        ("backups", Self::texts(&s.backups)),
                        ("checklist", Self::texts(&s.checklist)),
                        (
                            "deadline",
                            deadline(s.deadline.as_deref(), s.deadline_time.as_ref()),
                        ),
                        ("lasts", lasts(s.lasts.as_ref())),
                        ("form", form),
                        ("optional", Value::code(s.optional.to_string())),
                        ("question", Value::code(question)),
                        // An `end track` is in `item`: `end` here ends the protocol.
                        (
                            "end",
                            Value::optional_text(s.end.as_deref().filter(|_| !s.ends_track)),
                        ),
                        ("handoff", Value::optional_text(s.handoff.as_deref())),
                        ("handoff_document", handoff_document),
                    ],
                )
            });
            Value::list("&[", steps, "]")
        });
        let rules = m
            .tracks
            .iter()
            .map(|t| Value::list("&[", t.rules.iter().map(|r| Value::text(r)), "]"));
        let order = m
            .precedence
            .iter()
            .map(|t| Value::code(Self::path("Track", &self.track_names, t.0)));
        let start = format!("pub const PRECEDENCE: [Track; {}] = ", m.precedence.len());
        let precedence = Value::list("[", order, "]").render(start.len() + 4, 4, 1);
        let members = vec![
            ImplItem::Match {
                doc: "Its steps, in order.",
                signature: "steps(self) -> &'static [Step]",
                values: steps.collect(),
            },
            ImplItem::Match {
                doc: "Standing rules that hold throughout the track.",
                signature: "rules(self) -> &'static [&'static str]",
                values: rules.collect(),
            },
            ImplItem::Code(vec![
                "/// The tracks in precedence order, highest first.".to_string(),
                format!("{start}{precedence};"),
            ]),
        ];
        let tracks = Enum {
            name: "Track",
            doc: "A protocol to follow, with its steps.",
            variants: self.track_names.clone(),
            ids: m.tracks.iter().map(|t| t.id.as_str()).collect(),
            texts: m.tracks.iter().map(|t| t.title.as_str()).collect(),
            by_id: true,
            in_sets: true,
        };
        self.enumeration(&tracks, members);
        for text in STEP.lines() {
            line!(self, "{text}");
        }
        line!(self, "");
    }

    /// The `Question` enum.
    fn questions(&mut self) {
        let m = self.model;
        let questions: Vec<&crate::model::Step> = m.questions.iter().filter_map(|q| m.step_by(*q)).collect();
        let e = Enum {
            name: "Question",
            doc: "A question staff answer, which routes the walk through the steps.",
            variants: self.question_names.clone(),
            ids: questions.iter().map(|s| s.id.as_str()).collect(),
            texts: questions.iter().map(|s| s.text.text.as_str()).collect(),
            by_id: true,
            in_sets: false,
        };
        let mut members = Vec::new();
        if self.has_choices() {
            let choices = questions.iter().map(|s| {
                let ids: Vec<String> = s
                    .question
                    .iter()
                    .flat_map(|q| q.choices())
                    .map(|c| c.id.clone())
                    .collect();
                Self::texts(&ids)
            });
            members.push(ImplItem::Match {
                doc: "The ids of its choices, in order, when staff answer it by picking one (`Answer::Choice(k)` picks the k-th); empty for a yes/no question.",
                signature: "choices(self) -> &'static [&'static str]",
                values: choices.collect(),
            });
        }
        self.enumeration(&e, members);
    }

    /// The `Contact` enum with its details, and the type of its other numbers.
    fn contacts(&mut self) {
        let m = self.model;
        let numbers = m.contacts.iter().map(|c| {
            let numbers = c.numbers.iter().map(|n| {
                Value::Struct(
                    "ContactNumber",
                    vec![
                        ("label", Value::text(&n.label)),
                        ("phone", Value::text(&n.phone)),
                        ("hours", Value::optional_text(n.hours.as_deref())),
                    ],
                )
            });
            Value::list("&[", numbers, "]")
        });
        let mut members = vec![ImplItem::Match {
            doc: "Its other numbers: what each is for, the number, and when it answers.",
            signature: "numbers(self) -> &'static [ContactNumber]",
            values: numbers.collect(),
        }];
        for (field, doc) in [
            ("phone", "Its phone number."),
            ("email", "Its email address."),
            ("website", "Its website."),
            ("note", "A note about it."),
            ("hours", "When it can be reached."),
        ] {
            let values = m.contacts.iter().map(|c| {
                let value = match field {
                    "phone" => &c.phone,
                    "email" => &c.email,
                    "website" => &c.website,
                    "hours" => &c.hours,
                    _ => &c.note,
                };
                Value::optional_text(value.as_deref())
            });
            let signature = match field {
                "phone" => "phone(self) -> Option<&'static str>",
                "email" => "email(self) -> Option<&'static str>",
                "website" => "website(self) -> Option<&'static str>",
                "hours" => "hours(self) -> Option<&'static str>",
                _ => "note(self) -> Option<&'static str>",
            };
            members.push(ImplItem::Match {
                doc,
                signature,
                values: values.collect(),
            });
        }
        let e = Enum {
            name: "Contact",
            doc: "Someone staff call or visit.",
            variants: self.contact_names.clone(),
            ids: m.contacts.iter().map(|c| c.id.as_str()).collect(),
            texts: m.contacts.iter().map(|c| c.name.as_str()).collect(),
            by_id: true,
            in_sets: false,
        };
        self.enumeration(&e, members);
        for text in CONTACT_NUMBER.lines() {
            line!(self, "{text}");
        }
        line!(self, "");
    }
}

/// The type of [`Track::steps`]' entries.
const STEP: &str = "/// One step of a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Stable within its track.
    pub id: &'static str,
    /// 1-based position in the track.
    pub number: u32,
    /// Said before the text, e.g. \"If appropriate, …\".
    pub condition: Option<&'static str>,
    /// The step, contact fields filled in.
    pub text: &'static str,
    /// The contacts the step involves.
    pub contacts: &'static [Contact],
    /// The source's own name for the step (\"Step 5\", \"3a\"), if it gives one.
    pub label: Option<&'static str>,
    /// Who does the step, if the protocol says.
    pub role: Option<&'static str>,
    /// Others who may do it instead of `role`: any one of them, not an order.
    pub role_alternatives: &'static [&'static str],
    /// Who does it when the role cannot, in order.
    pub backups: &'static [&'static str],
    /// Things to ask or record within the step, in order.
    pub checklist: &'static [&'static str],
    /// When it must be done when no deadline of a case holds: in words (\"within 36
    /// hours\") and, when the protocol writes it as one, as a time.
    pub deadline: Option<Deadline>,
    /// How long the step goes on, if the protocol says.
    pub lasts: Option<Lasts>,
    /// A form to complete: its name and, if it has one, its code.
    pub form: Option<(&'static str, Option<&'static str>)>,
    /// A step to consider, not one staff must take.
    pub optional: bool,
    /// Set when this is a question staff answer, not a step they take.
    pub question: Option<Question>,
    /// The protocol ends after this step, with this outcome.
    pub end: Option<&'static str>,
    /// Another protocol file staff go on with.
    pub handoff: Option<&'static str>,
    /// A document staff go on with that is not a protocol file: its title and web address.
    pub handoff_document: Option<(&'static str, &'static str)>,
}";

/// The type of [`Contact::numbers`]' entries.
const CONTACT_NUMBER: &str = "/// Another number of a contact: \"Out of state\", \"TDD\", \"Fax\" …
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContactNumber {
    /// What the number is for.
    pub label: &'static str,
    /// The number.
    pub phone: &'static str,
    /// When it answers, if the protocol says.
    pub hours: Option<&'static str>,
}";

/// `TimeUnit::Hours`: a unit as the generated code names it.
fn time_unit(unit: crate::model::TimeUnit) -> String {
    use crate::model::TimeUnit;
    let name = match unit {
        TimeUnit::Minutes => "Minutes",
        TimeUnit::Hours => "Hours",
        TimeUnit::Days => "Days",
        TimeUnit::WorkingDays => "WorkingDays",
    };
    format!("TimeUnit::{name}")
}

/// `Some(Lasts { text: "…", lasting: Lasting::AtLeast { … } })`, or `None`.
fn lasts(lasts: Option<&crate::model::Lasts>) -> Value {
    use crate::model::Duration;
    let Some(lasts) = lasts else {
        return Value::code("None");
    };
    let lasting = match &lasts.duration {
        Duration::Until(event) => Value::text_in("Lasting::Until(", event, ")"),
        Duration::AtLeast(a) => Value::Struct(
            "Lasting::AtLeast",
            vec![
                ("amount", Value::code(a.amount.to_string())),
                ("unit", Value::code(time_unit(a.unit))),
            ],
        ),
    };
    let value = Value::Struct(
        "Lasts",
        vec![("text", Value::text(&lasts.text)), ("lasting", lasting)],
    );
    Value::list("Some(", [value], ")")
}

/// `Some(Deadline { text: "…", time: Some(Time::Within { … }) })`, or `None`.
pub(super) fn deadline(text: Option<&str>, time: Option<&crate::model::Time>) -> Value {
    use crate::model::Time;
    let Some(text) = text else {
        return Value::code("None");
    };
    let time = match time {
        None => Value::code("None"),
        Some(Time::Immediately) => Value::code("Some(Time::Immediately)"),
        Some(Time::EndOfDay) => Value::code("Some(Time::EndOfDay)"),
        Some(Time::Within { amount, from }) => {
            let within = Value::Struct(
                "Time::Within",
                vec![
                    ("amount", Value::code(amount.amount.to_string())),
                    ("unit", Value::code(time_unit(amount.unit))),
                    ("from", Value::optional_text(from.as_deref())),
                ],
            );
            Value::list("Some(", [within], ")")
        }
    };
    let deadline = Value::Struct("Deadline", vec![("text", Value::text(text)), ("time", time)]);
    Value::list("Some(", [deadline], ")")
}
