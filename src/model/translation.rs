//! The protocol in other languages: [`Language`], a [`Translation`] (lists
//! parallel to the model's items), [`StepParts`], and [`Model::translated`], the
//! model with the text swapped and the language's labels.

use super::{Labels, LinkedText, Model, Route, Step};
use crate::syntax::ast::TranslationKind as K;
use std::collections::BTreeMap;

/// A language: its tag (`es`, `zh_hant`) and its name for itself ("Español").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Language {
    pub tag: String,
    pub name: String,
}

impl Language {
    /// The language protocols are written in.
    pub fn english() -> Self {
        Language {
            tag: "en".into(),
            name: "English".into(),
        }
    }

    /// The tag as BCP 47 writes it, for `lang` attributes and file names: `zh-hant`.
    pub fn bcp47(&self) -> String {
        self.tag.replace('_', "-")
    }
}

/// `translation LANG "name" { … }`: the protocol's text in another language,
/// item by item (`None`: not translated, the protocol's own words are used).
/// Each list runs parallel to the model's list of the same items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub language: Language,
    /// Every label: the translation's, else the language's built-in ones, else English.
    pub labels: Labels,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub audience: Option<String>,
    pub jurisdiction: Option<String>,
    /// Term and meaning.
    pub definitions: Vec<Option<(String, String)>>,
    pub signals: Vec<Option<String>>,
    pub criteria: Vec<Option<String>>,
    /// Per criteria group: what it calls its items in this language.
    pub nouns: Vec<Option<super::Noun>>,
    pub factors: Vec<Option<String>>,
    pub tracks: Vec<Option<String>>,
    /// Per track, per step: the step's text and its condition.
    pub steps: Vec<Vec<Option<LinkedText>>>,
    pub conditions: Vec<Vec<Option<String>>>,
    pub resources: Vec<Option<LinkedText>>,
    /// The texts a translation line names by key alone, by that key: who approved
    /// the protocol, its revision lines, the legal basis, its source documents,
    /// contacts' names, notes, hours, other numbers and `instead_of` cases,
    /// resources' notes, groups' sources, approvals, and a step's `required`
    /// reason, backups, form and handoff title (`law 1`, `name cps`, `backup t.s.2`).
    pub texts: BTreeMap<String, String>,
    pub inputs: Vec<Option<String>>,
    /// Per criteria group, per level: the level's title.
    pub levels: Vec<Vec<Option<String>>>,
    /// Per criteria group, per tier: the tier's title.
    pub tiers: Vec<Vec<Option<String>>>,
    /// Per input, per value of its scale: the value's title.
    pub values: Vec<Vec<Option<String>>>,
    /// Per track, per standing rule.
    pub rules: Vec<Vec<Option<String>>>,
    /// Per track, per step: its role, deadlines and outcomes.
    pub step_parts: Vec<Vec<StepParts>>,
}

/// A step's translated words besides its text and condition.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StepParts {
    pub role: Option<String>,
    /// The deadline without `when`.
    pub deadline: Option<String>,
    /// The deadlines with `when`, in order.
    pub deadlines_when: Vec<Option<String>>,
    /// The step's `end` outcome.
    pub end: Option<String>,
    /// The outcomes of a question's `end` routes.
    pub yes_end: Option<String>,
    pub no_end: Option<String>,
}

impl Step {
    /// Puts a translation's role, deadlines and outcomes in place of the step's own.
    fn translate_parts(&mut self, new: &StepParts) {
        let swap = |slot: &mut Option<String>, new: &Option<String>| {
            if let (Some(slot), Some(new)) = (slot, new) {
                slot.clone_from(new);
            }
        };
        swap(&mut self.role, &new.role);
        swap(&mut self.deadline, &new.deadline);
        swap(&mut self.end, &new.end);
        for (d, new) in self.deadlines_when.iter_mut().zip(&new.deadlines_when) {
            if let Some(new) = new {
                d.text.clone_from(new);
            }
        }
        if let Some(super::Question::YesNo(q)) = &mut self.question {
            for (route, new) in [(&mut q.yes, &new.yes_end), (&mut q.no, &new.no_end)] {
                if let (Route::End(outcome) | Route::EndTrack(outcome), Some(new)) = (route, new) {
                    outcome.clone_from(new);
                }
            }
        }
    }
}

impl Model {
    /// The model in the language `tag`, for emitters: every translated text in place
    /// of the protocol's own, the language's labels, and no translations of its own.
    /// `None` when the protocol has no translation into that language.
    pub fn translated(&self, tag: &str) -> Option<Model> {
        let t = self.translations.iter().find(|t| t.language.tag == tag)?;
        let mut m = self.clone();
        m.translations = Vec::new();
        m.language = t.language.clone();
        m.labels = t.labels.clone();
        let swap = |slot: &mut String, new: &Option<String>| {
            if let Some(new) = new {
                slot.clone_from(new);
            }
        };
        swap(&mut m.metadata.title, &t.title);
        swap(&mut m.metadata.audience, &t.audience);
        swap(&mut m.metadata.jurisdiction, &t.jurisdiction);
        if let (Some(summary), Some(new)) = (&mut m.metadata.summary, &t.summary) {
            summary.clone_from(new);
        }
        for (d, new) in m.definitions.iter_mut().zip(&t.definitions) {
            if let Some((term, text)) = new {
                d.term.clone_from(term);
                d.text.clone_from(text);
            }
        }
        for (s, new) in m.signals.iter_mut().zip(&t.signals) {
            swap(&mut s.text, new);
        }
        for (c, new) in m.criteria.iter_mut().zip(&t.criteria) {
            swap(&mut c.title, new);
        }
        for (c, new) in m.criteria.iter_mut().zip(&t.nouns) {
            if new.is_some() {
                c.items_called.clone_from(new);
            }
        }
        for (f, new) in m.factors.iter_mut().zip(&t.factors) {
            swap(&mut f.text, new);
        }
        for (input, new) in m.inputs.iter_mut().zip(&t.inputs) {
            swap(&mut input.text, new);
        }
        for (input, new) in m.inputs.iter_mut().zip(&t.values) {
            for (value, new) in input.scale.iter_mut().zip(new) {
                swap(&mut value.title, new);
            }
        }
        // A grade's factor says the grade's description, translated as its item's value.
        for f in m.factors.iter_mut() {
            let title = f
                .grade
                .and_then(|g| m.inputs.get(g.input.0)?.scale_value(g.position));
            if let Some(v) = title {
                f.text.clone_from(&v.title);
            }
        }
        for f in m.factors.iter_mut() {
            let new = f.tier.as_ref().and_then(|tier| {
                let n = usize::try_from(tier.position).ok()?.checked_sub(1)?;
                t.tiers.get(f.criteria.0)?.get(n)?.clone()
            });
            if let (Some(tier), Some(new)) = (&mut f.tier, new) {
                tier.title = new;
            }
        }
        for (c, new) in m.criteria.iter_mut().zip(&t.levels) {
            for (level, new) in c.scoring.iter_mut().flat_map(|s| &mut s.levels).zip(new) {
                swap(&mut level.title, new);
            }
        }
        for (i, track) in m.tracks.iter_mut().enumerate() {
            swap(&mut track.title, t.tracks.get(i).unwrap_or(&None));
            let texts = t.steps.get(i).map_or(&[][..], Vec::as_slice);
            let conditions = t.conditions.get(i).map_or(&[][..], Vec::as_slice);
            for (rule, new) in track
                .rules
                .iter_mut()
                .zip(t.rules.get(i).map_or(&[][..], Vec::as_slice))
            {
                swap(rule, new);
            }
            let parts = t.step_parts.get(i).map_or(&[][..], Vec::as_slice);
            for (step, new) in track.steps.iter_mut().zip(parts) {
                step.translate_parts(new);
            }
            for (j, step) in track.steps.iter_mut().enumerate() {
                if let Some(Some(text)) = texts.get(j) {
                    step.text = text.clone();
                }
                if let (Some(condition), Some(Some(new))) = (&mut step.condition, conditions.get(j)) {
                    condition.clone_from(new);
                }
            }
        }
        for (r, new) in m.resources.iter_mut().zip(&t.resources) {
            if let Some(text) = new {
                r.text = text.clone();
            }
        }
        for (key, slot) in m.keyed_texts_mut() {
            if let Some(new) = t.texts.get(&key) {
                slot.clone_from(new);
            }
        }
        super::say_times(&mut m.tracks, &m.labels);
        Some(m)
    }

    /// Every text a translation line names by key alone, with its key, in place to
    /// be swapped (the keys the checker lists from the protocol's declarations).
    fn keyed_texts_mut(&mut self) -> Vec<(String, &mut String)> {
        let mut out: Vec<(String, &mut String)> = Vec::new();
        let contact_ids: Vec<String> = self.contacts.iter().map(|c| c.id.clone()).collect();
        let document = &mut self.metadata.document;
        if let Some(by) = &mut document.approved_by {
            out.push((K::ApprovedBy.key(""), by));
        }
        for (n, r) in document.revisions.iter_mut().enumerate() {
            out.push((K::Revision.key(&(n + 1).to_string()), &mut r.text));
        }
        if let Some(legal) = &mut self.legal {
            if let Some(statement) = &mut legal.statement {
                out.push((K::Statement.key(""), statement));
            }
            for (n, law) in legal.laws.iter_mut().enumerate() {
                out.push((K::Law.key(&(n + 1).to_string()), &mut law.code));
            }
        }
        for (n, d) in self.metadata.source_documents.iter_mut().enumerate() {
            let n = (n + 1).to_string();
            out.push((K::SourceDocument.key(&n), &mut d.title));
            if let Some(publisher) = &mut d.publisher {
                out.push((K::Publisher.key(&n), publisher));
            }
        }
        for c in &mut self.contacts {
            let id = c.id.clone();
            out.push((K::ContactName.key(&id), &mut c.name));
            if let Some(note) = &mut c.note {
                out.push((K::ContactNote.key(&id), note));
            }
            if let Some(hours) = &mut c.hours {
                out.push((K::ContactHours.key(&id), hours));
            }
            for (n, number) in c.numbers.iter_mut().enumerate() {
                let path = format!("{id}.{}", n + 1);
                if let Some(hours) = &mut number.hours {
                    out.push((K::ContactHours.key(&path), hours));
                }
                out.push((K::ContactNumber.key(&path), &mut number.label));
            }
            for (other, when) in &mut c.instead_of {
                let other = contact_ids.get(other.0).map_or("", String::as_str);
                out.push((K::ContactInsteadOf.key(&format!("{id}.{other}")), when));
            }
        }
        for r in &mut self.resources {
            if let Some(note) = &mut r.note {
                out.push((K::ResourceNote.key(&r.id), note));
            }
        }
        for c in &mut self.criteria {
            if let Some(source) = &mut c.source {
                out.push((K::CriteriaSource.key(&c.id), source));
            }
            if let Some(approval) = &mut c.approval {
                out.push((K::CriteriaApproval.key(&c.id), approval));
            }
            if let Some(wording) = &mut c.threshold_wording {
                out.push((K::CriteriaThreshold.key(&c.id), wording));
            }
        }
        for t in &mut self.tracks {
            if let Some(approval) = &mut t.approval {
                out.push((K::TrackApproval.key(&t.id), approval));
            }
            for s in &mut t.steps {
                let path = format!("{}.{}", t.id, s.id);
                if let Some(required) = &mut s.required {
                    out.push((K::Required.key(&path), required));
                }
                for (n, backup) in s.backups.iter_mut().enumerate() {
                    out.push((K::Backup.key(&format!("{path}.{}", n + 1)), backup));
                }
                if let Some(form) = &mut s.form {
                    out.push((K::Form.key(&path), &mut form.name));
                }
                if let Some(document) = &mut s.handoff_document {
                    out.push((K::Handoff.key(&path), &mut document.title));
                }
                if let Some(label) = &mut s.label {
                    out.push((K::StepLabel.key(&path), label));
                }
                for (n, item) in s.checklist.iter_mut().enumerate() {
                    out.push((K::Checklist.key(&format!("{path}.{}", n + 1)), item));
                }
                for (n, role) in s.role_alternatives.iter_mut().enumerate() {
                    out.push((K::RoleAlternative.key(&format!("{path}.{}", n + 2)), role));
                }
                if let Some(super::Time::Within {
                    from: Some(event), ..
                }) = &mut s.deadline_time
                {
                    out.push((K::DeadlineFrom.key(&path), event));
                }
                for (n, d) in s.deadlines_when.iter_mut().enumerate() {
                    if let Some(super::Time::Within {
                        from: Some(event), ..
                    }) = &mut d.time
                    {
                        out.push((K::DeadlineFrom.key(&format!("{path}.{}", n + 1)), event));
                    }
                }
                if let Some(super::Lasts {
                    duration: super::Duration::Until(event),
                    ..
                }) = &mut s.lasts
                {
                    out.push((K::LastsUntil.key(&path), event));
                }
                if let Some(super::Question::Choices(choices)) = &mut s.question {
                    for choice in choices {
                        let choice_path = format!("{path}.{}", choice.id);
                        out.push((K::Choice.key(&choice_path), &mut choice.title));
                        if let super::Route::End(outcome) | super::Route::EndTrack(outcome) =
                            &mut choice.route
                        {
                            out.push((K::End.key(&choice_path), outcome));
                        }
                    }
                }
            }
        }
        out
    }
}
