//! What a handout template sees: the validated model as plain, serializable data.
//!
//! Every text field is plain text (the template engine escapes it for the target).
//! Fields ending in `_md` are ready-made Markdown (already escaped) and are marked
//! safe, for the Markdown template. A criteria group's part is built in `criteria`.

use super::criteria::{criteria, Criteria};
use super::markdown;
use crate::model::{self, Condition, Model, Trigger};
use minijinja::Value;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct HandoutContext {
    pub protocol: Protocol,
    pub legal: Option<Legal>,
    pub definitions: Vec<Definition>,
    pub criteria: Vec<Criteria>,
    pub signals: Vec<Signal>,
    pub tracks: Vec<Track>,
    pub resources: Vec<Resource>,
    pub contacts: Vec<Contact>,
    /// The number to report to, for the box under the title (none when no
    /// contact has a phone).
    pub hotline: Option<Hotline>,
    /// The protocol's own file.
    pub source: Source,
    /// The bases it extends, nearest first (empty for a protocol that extends none).
    pub bases: Vec<Source>,
    /// The language of the text, as BCP 47 writes it (`en`, `es`, `zh-hant`).
    pub lang: String,
    /// The fixed phrases in that language, by key (`labels.definitions`, …).
    pub labels: std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
pub(crate) struct Protocol {
    pub id: String,
    pub title: String,
    pub jurisdiction: String,
    pub audience: String,
    pub version: Option<String>,
    pub effective: Option<String>,
    pub summary: Option<String>,
    /// Document control, in words: "draft", "in review", "approved", "retired".
    pub status: Option<String>,
    /// Not yet approved for use: the status is draft or in review. The handout
    /// says so in a banner under the title and on every printed page.
    pub draft: bool,
    /// Some scored group has a graded item, so the handout has grade tables to style.
    pub grade_tables: bool,
    pub approved: Option<String>,
    pub approved_by: Option<String>,
    pub written: Option<String>,
    pub last_reviewed: Option<String>,
    pub next_review: Option<String>,
    pub revisions: Vec<RevisionLine>,
    /// "Source: [Title](<url>) (Publisher, 2019-09, Version 3)", one line (Markdown)
    /// per document the protocol is written from.
    pub source_documents_md: Vec<Value>,
}

#[derive(Serialize)]
pub(crate) struct RevisionLine {
    pub date: String,
    pub text: String,
}

#[derive(Serialize)]
pub(crate) struct Legal {
    pub statement: Option<String>,
    /// "Education Code (EC) 51934, 51950", …
    pub citations: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Definition {
    pub id: String,
    pub term: String,
    pub text: String,
}

#[derive(Serialize)]
pub(crate) struct Signal {
    pub id: String,
    pub text: String,
}

#[derive(Serialize)]
pub(crate) struct Track {
    pub id: String,
    pub title: String,
    /// When the track applies, in words, after `when_lead`.
    pub when: String,
    /// "When", or "Unless" when `when` says when the track does not apply.
    pub when_lead: String,
    /// The titles of `precedes` as one list: "“A”, “B” or “C”".
    pub precedes_list: String,
    /// The titles of `supersedes` as one list: "“A”, “B” and “C”".
    pub supersedes_list: String,
    /// Titles of the tracks this one is followed instead of: those it supersedes
    /// directly or through a chain, highest precedence first.
    pub supersedes: Vec<String>,
    /// Titles of the tracks followed after this one.
    pub precedes: Vec<String>,
    /// Standing rules that hold throughout the track.
    pub rules: Vec<String>,
    pub steps: Vec<Step>,
    /// A county's approved change to its base's track (`approval "…"`).
    pub approval: Option<String>,
    /// What the county changed in its base's track, in words.
    pub county_changes: Vec<String>,
}

/// Where a question's answers lead, in words.
#[derive(Serialize)]
pub(crate) struct Routes {
    pub yes: String,
    pub no: String,
    /// "as yes" / "as no", or that staff wait for a clear answer (none for a
    /// select-all question, whose answer is worked out).
    pub unclear: Option<String>,
}

/// A select-all question's list: the group's factors staff tick, and when the
/// answer is yes, in the group's threshold words.
#[derive(Serialize)]
pub(crate) struct Ticks {
    pub group: String,
    pub factors: Vec<super::criteria::Factor>,
    /// "at least two of these factors are present" (the group's own wording when it has one).
    pub yes_when: String,
}

/// One choice of a question answered by picking one, and where it leads, in words.
#[derive(Serialize)]
pub(crate) struct ChoiceRoute {
    pub id: String,
    pub title: String,
    pub leads_to: String,
}

#[derive(Serialize)]
pub(crate) struct Step {
    pub id: String,
    pub number: usize,
    pub condition: Option<String>,
    /// Contact fields filled in.
    pub text: String,
    /// The text as Markdown: websites linked, phone numbers in bold.
    pub text_md: Value,
    /// The text as Markdown, as it reads after its `condition` ("If appropriate,
    /// inform …"): its first letter in lower case unless it is a name.
    pub text_after_condition_md: Value,
    /// Every contact the step involves.
    pub contacts: Vec<Contact>,
    /// The contacts the text does not already name (to write out after it).
    pub other_contacts: Vec<Contact>,
    /// The source's own name for the step ("Step 5").
    pub label: Option<String>,
    /// Who does it ("A or B" when either may), who backs them up (in order), when,
    /// and the form to complete.
    pub role: Option<String>,
    pub backups: Vec<String>,
    /// Things to ask or record within the step.
    pub checklist: Vec<String>,
    pub deadline: Option<String>,
    /// How long the step goes on, in words ("at least 90 days").
    pub lasts: Option<String>,
    /// The form's name and code, e.g. "Suspected Child Abuse Report (SS 8572)".
    pub form: Option<String>,
    /// A step to consider rather than one staff must take.
    pub optional: bool,
    /// Set on a yes/no question: where each answer leads.
    pub routes: Option<Routes>,
    /// A question answered by picking one: each choice and where it leads (empty otherwise).
    pub choices: Vec<ChoiceRoute>,
    /// A select-all question: the factors to tick and when the answer is yes.
    pub ticks: Option<Ticks>,
    /// When the step is skipped, in words.
    pub skip_when: Option<String>,
    /// The only case in which the step is taken, in words.
    pub only_when: Option<String>,
    /// The steps that come before this one, e.g. "step 1 (Stay with the student)".
    pub after: Vec<String>,
    /// The protocol ends after this step, with this outcome.
    pub end: Option<String>,
    /// The walk through this track ends after this step, with this outcome.
    pub end_track: Option<String>,
    /// The protocol file staff go on with.
    pub handoff: Option<String>,
    /// A document staff go on with that is not a protocol file, linked (Markdown).
    pub handoff_document_md: Option<Value>,
    /// Why the step is required by law or policy (`required "…"`), if it is.
    pub required: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Resource {
    pub id: String,
    pub text: String,
    /// The text as Markdown, linked to `url` when there is one.
    pub text_md: Value,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Contact {
    pub id: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub note: Option<String>,
    /// When the contact can be reached, e.g. "24 hours a day".
    pub hours: Option<String>,
    /// The contact's other numbers, each with what it is for.
    pub numbers: Vec<NumberLine>,
    /// Name, phone, email and website as one line of Markdown.
    pub line_md: Value,
}

/// Another number of a contact: "Out of state", "TDD" …
#[derive(Serialize, Clone)]
pub(crate) struct NumberLine {
    pub label: String,
    pub phone: String,
    /// The number as Markdown: bold, and a `tel:` link.
    pub phone_md: Value,
    pub hours: Option<String>,
}

/// The protocol's main contact ([`Model::main_contact`], the number the flowchart
/// prints large): the box under the handout's title.
#[derive(Serialize)]
pub(crate) struct Hotline {
    /// The number to call, as written.
    pub phone: String,
    /// The number as Markdown: bold, and a `tel:` link.
    pub phone_md: Value,
    /// The contact, as listed under `contacts`.
    pub contact: Contact,
}

#[derive(Serialize)]
pub(crate) struct Source {
    pub file: String,
    pub sha256: String,
    /// The first 12 hex digits of the hash, for a printed footer.
    pub short_hash: String,
}

pub(crate) fn build(model: &Model) -> HandoutContext {
    let m = &model.metadata;
    let labels = &model.labels;
    let contacts: Vec<Contact> = model
        .contacts
        .iter()
        .map(|c| {
            let mut out = contact(c);
            let mut line = out.line_md.to_string();
            for (other, when) in &c.instead_of {
                let name = model.contact_by(*other).map_or("", |o| o.name.as_str());
                line.push_str(&format!(
                    " — {} {} {} {}",
                    markdown::escape(labels.get("call_instead_of")),
                    markdown::escape(&model.name_mid_sentence(name)),
                    markdown::escape(labels.get("call_instead_when")),
                    markdown::escape(&model.mid_sentence(when))
                ));
            }
            out.line_md = Value::from_safe_string(line);
            out
        })
        .collect();
    let contact_at = |i: model::ContactIdx| contacts.get(i.0).cloned();
    let title_of = |t: &model::TrackIdx| model.track_by(*t).map(|t| t.title.clone());
    let source = model.sources.first();
    HandoutContext {
        protocol: Protocol {
            id: m.id.clone(),
            title: m.title.clone(),
            jurisdiction: m.jurisdiction.clone(),
            audience: m.audience.clone(),
            version: m.version.clone(),
            effective: m.effective.clone(),
            summary: m.summary.clone(),
            status: m.document.status.map(|s| labels.status(s).to_string()),
            grade_tables: model.inputs().iter().any(|i| i.graded.is_some()),
            draft: matches!(
                m.document.status,
                Some(model::Status::Draft | model::Status::InReview)
            ),
            approved: m.document.approved.clone(),
            approved_by: m.document.approved_by.clone(),
            written: m.document.written.clone(),
            last_reviewed: m.document.reviewed.clone(),
            next_review: m.document.next_review.clone(),
            revisions: m
                .document
                .revisions
                .iter()
                .map(|r| RevisionLine {
                    date: r.date.clone(),
                    text: r.text.clone(),
                })
                .collect(),
            source_documents_md: m
                .source_documents
                .iter()
                .map(|d| Value::from_safe_string(source_document_line(d, labels)))
                .collect(),
        },
        legal: model.legal.as_ref().map(|l| Legal {
            statement: l.statement.clone(),
            citations: l.laws.iter().map(model::Law::citation).collect(),
        }),
        definitions: model
            .definitions
            .iter()
            .map(|d| Definition {
                id: d.id.clone(),
                term: d.term.clone(),
                text: d.text.clone(),
            })
            .collect(),
        criteria: model.criteria.iter().map(|c| criteria(model, c)).collect(),
        signals: model
            .signals
            .iter()
            .map(|s| Signal {
                id: s.id.clone(),
                text: s.text.clone(),
            })
            .collect(),
        tracks: model
            .tracks
            .iter()
            .enumerate()
            .map(|(ti, t)| Track {
                id: t.id.clone(),
                title: t.title.clone(),
                when: when_words(model, &t.trigger).text,
                when_lead: when_lead(model, &t.trigger),
                supersedes_list: titles_list(model, &model.superseded_through(model::TrackIdx(ti)), "and"),
                precedes_list: titles_list(model, &t.precedes, "or"),
                supersedes: model
                    .superseded_through(model::TrackIdx(ti))
                    .iter()
                    .filter_map(title_of)
                    .collect(),
                precedes: t.precedes.iter().filter_map(title_of).collect(),
                rules: t.rules.clone(),
                approval: t.approval.clone(),
                county_changes: t.county_changes.iter().map(|c| c.words(labels, None)).collect(),
                steps: t
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let named: Vec<model::ContactIdx> = s
                            .text
                            .parts
                            .iter()
                            .filter_map(|p| match p {
                                model::TextPart::Field { contact, .. } => Some(*contact),
                                model::TextPart::Literal(_) => None,
                            })
                            .collect();
                        Step {
                            id: s.id.clone(),
                            number: i + 1,
                            condition: s.condition.clone(),
                            text: s.text.text.clone(),
                            text_md: Value::from_safe_string(markdown::linked(&s.text)),
                            text_after_condition_md: Value::from_safe_string(markdown::linked(
                                &model.linked_mid_sentence(&s.text),
                            )),
                            contacts: s.text.contacts.iter().filter_map(|c| contact_at(*c)).collect(),
                            other_contacts: s
                                .text
                                .contacts
                                .iter()
                                .filter(|c| !named.contains(c))
                                .filter_map(|c| contact_at(*c))
                                .collect(),
                            label: s.label.clone(),
                            role: s.who(labels),
                            backups: s.backups.clone(),
                            checklist: s.checklist.clone(),
                            deadline: deadline_words(model, s),
                            lasts: s.lasts.as_ref().map(|l| l.text.clone()),
                            form: s.form.as_ref().map(|f| match &f.code {
                                Some(code) => format!("{} ({code})", f.name),
                                None => f.name.clone(),
                            }),
                            optional: s.optional,
                            routes: match &s.question {
                                Some(model::Question::YesNo(q)) => Some(Routes {
                                    yes: route_words(model, t, i, &q.yes),
                                    no: route_words(model, t, i, &q.no),
                                    unclear: match (q.select_all, q.unclear_counts_as) {
                                        (Some(_), _) => None,
                                        (None, Some(a)) => Some(labels.counts_as(a).to_string()),
                                        (None, None) => Some(labels.get("ask_again").to_string()),
                                    },
                                }),
                                _ => None,
                            },
                            ticks: s
                                .question
                                .as_ref()
                                .and_then(model::Question::select_all)
                                .and_then(|g| model.criteria_by(g))
                                .map(|g| {
                                    let group = criteria(model, g);
                                    Ticks {
                                        group: group.title,
                                        factors: group.factors,
                                        yes_when: g.threshold_sentence(labels, true),
                                    }
                                }),
                            choices: s
                                .question
                                .iter()
                                .flat_map(model::Question::choices)
                                .map(|c| ChoiceRoute {
                                    id: c.id.clone(),
                                    title: c.title.clone(),
                                    leads_to: route_words(model, t, i, &c.route),
                                })
                                .collect(),
                            skip_when: guard(model, s, "skip_when"),
                            only_when: guard(model, s, "only_when"),
                            after: s.after.iter().map(|a| step_words(model, t, *a)).collect(),
                            end: s.end.clone().filter(|_| !s.ends_track),
                            end_track: s.end.clone().filter(|_| s.ends_track),
                            handoff: s.handoff.clone(),
                            handoff_document_md: s
                                .handoff_document
                                .as_ref()
                                .map(|d| Value::from_safe_string(markdown::link(&d.title, &d.url))),
                            required: s.required.clone(),
                        }
                    })
                    .collect(),
            })
            .collect(),
        resources: model
            .resources
            .iter()
            .map(|r| {
                let text_md = match &r.url {
                    Some(url) => markdown::link(&r.text.text, url),
                    None => markdown::linked(&r.text),
                };
                Resource {
                    id: r.id.clone(),
                    text: r.text.text.clone(),
                    text_md: Value::from_safe_string(text_md),
                    url: r.url.clone(),
                    note: r.note.clone(),
                }
            })
            .collect(),
        hotline: model.main_contact().and_then(|(at, phone)| {
            Some(Hotline {
                phone_md: Value::from_safe_string(markdown::phone(&phone)),
                phone,
                contact: contact_at(at)?,
            })
        }),
        contacts,
        source: source.map(source_of).unwrap_or(Source {
            file: String::new(),
            sha256: String::new(),
            short_hash: String::new(),
        }),
        bases: model.sources.iter().skip(1).map(source_of).collect(),
        lang: model.language.bcp47(),
        labels: labels
            .all()
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    }
}

/// A document the protocol is written from, as one Markdown line: its title
/// (linked when it has a web address), then what else it states, in brackets.
fn source_document_line(d: &model::SourceDocument, labels: &crate::labels::Labels) -> String {
    let title = match &d.url {
        Some(url) => markdown::link(&d.title, url),
        None => format!("*{}*", markdown::escape(&d.title)),
    };
    let version = d
        .version
        .as_ref()
        .map(|v| format!("{} {v}", labels.get("version")));
    let details: Vec<String> = [d.publisher.clone(), d.date.clone(), version]
        .into_iter()
        .flatten()
        .map(|detail| markdown::escape(&detail))
        .collect();
    let mut line = format!("{}: {title}", markdown::escape(labels.get("source")));
    if !details.is_empty() {
        line.push_str(&format!(" ({})", details.join(", ")));
    }
    line
}

fn source_of(s: &model::SourceRecord) -> Source {
    Source {
        file: s.file.clone(),
        sha256: s.sha256.clone(),
        short_hash: s.sha256.chars().take(12).collect(),
    }
}

fn contact(c: &model::Contact) -> Contact {
    let mut line = format!("**{}**", markdown::escape(&c.name));
    if let Some(phone) = &c.phone {
        line.push_str(&format!(" — {}", markdown::phone(phone)));
    }
    if let Some(email) = &c.email {
        line.push_str(&format!(
            " — {}",
            markdown::link(email, &format!("mailto:{email}"))
        ));
    }
    if let Some(website) = &c.website {
        line.push_str(&format!(" — {}", markdown::link(website, website)));
    }
    if let Some(hours) = &c.hours {
        line.push_str(&format!(" ({})", markdown::escape(hours)));
    }
    let numbers: Vec<NumberLine> = c
        .numbers
        .iter()
        .map(|n| NumberLine {
            label: n.label.clone(),
            phone: n.phone.clone(),
            phone_md: Value::from_safe_string(markdown::phone(&n.phone)),
            hours: n.hours.clone(),
        })
        .collect();
    for n in &numbers {
        line.push_str(&format!(" — {}: {}", markdown::escape(&n.label), n.phone_md));
        if let Some(hours) = &n.hours {
            line.push_str(&format!(" ({})", markdown::escape(hours)));
        }
    }
    Contact {
        id: c.id.clone(),
        name: c.name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        website: c.website.clone(),
        note: c.note.clone(),
        hours: c.hours.clone(),
        numbers,
        line_md: Value::from_safe_string(line),
    }
}

/// "step 3 (Refer to the school counselor)", or the step's own label for the
/// number ("Step 5 (…)")
fn step_words(model: &Model, track: &model::Track, at: usize) -> String {
    match track.steps.get(at) {
        // The step's text is quoted inside a sentence: without its own full stop.
        Some(s) => format!(
            "{} ({})",
            match &s.label {
                Some(label) => label.clone(),
                None => format!("{} {}", model.labels.get("step"), at + 1),
            },
            s.text.text.strip_suffix('.').unwrap_or(&s.text.text)
        ),
        None => model.labels.get("end_of_track").to_string(),
    }
}

/// Where an answer to the question at `at` leads, in words.
fn route_words(model: &Model, track: &model::Track, at: usize, route: &model::Route) -> String {
    let labels = &model.labels;
    match route {
        model::Route::Next if at + 1 >= track.steps.len() => labels.get("track_done").to_string(),
        model::Route::Next => format!("{} {}", labels.get("go_on_to"), step_words(model, track, at + 1)),
        model::Route::Goto(j) => format!("{} {}", labels.get("go_to"), step_words(model, track, *j)),
        model::Route::Track(t) => format!(
            "{} “{}”",
            labels.get("continue_with"),
            model.track_by(*t).map_or("?", |t| t.title.as_str())
        ),
        model::Route::End(outcome) => format!("{}: {outcome}", labels.get("stop_here")),
        model::Route::EndTrack(outcome) => format!("{}: {outcome}", labels.get("track_done")),
    }
}

/// A step's time limit in words: each conditional deadline with its case, then
/// the one for every other case.
pub(crate) fn deadline_words(model: &Model, step: &model::Step) -> Option<String> {
    let labels = &model.labels;
    let mut parts: Vec<String> = step
        .deadlines_when
        .iter()
        .map(|d| {
            let case = when_words(model, &d.when);
            let lead = labels.get(if case.negated { "unless" } else { "case_when" });
            format!("{} ({lead}: {})", d.text, case.text)
        })
        .collect();
    match (&step.deadline, parts.is_empty()) {
        (Some(d), true) => return Some(d.clone()),
        (Some(d), false) => parts.push(format!("{} {d}", labels.get("otherwise"))),
        (None, _) => {}
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A trigger in the handout's words: "“At Risk Factors - Criteria 1” is met or CSEC is suspected".
pub(super) fn when_words(model: &Model, trigger: &Trigger) -> Condition {
    model.condition(trigger)
}

/// "When" before a track's trigger in words, or "Unless" when they say when it fails.
fn when_lead(model: &Model, trigger: &Trigger) -> String {
    let negated = when_words(model, trigger).negated;
    model
        .labels
        .get(if negated { "unless_lead" } else { "when" })
        .to_string()
}

/// A step's guard in words when it is said after `key` (`skip_when` or `only_when`):
/// a guard that reads best negated is said as the other ([`Model::guard`]).
fn guard(model: &Model, step: &model::Step, key: &str) -> Option<String> {
    model
        .guard(step)
        .and_then(|(k, words)| (k == key).then_some(words))
}

/// Tracks' titles in quotes as one list, `last` (a label key) joining the last two.
fn titles_list(model: &Model, tracks: &[model::TrackIdx], last: &str) -> String {
    let titles: Vec<String> = tracks
        .iter()
        .filter_map(|t| model.track_by(*t).map(|t| t.title.clone()))
        .collect();
    crate::sentence::quoted_list(&titles, model.labels.get(last))
}
