//! The syntax tree of a `translation` block: its language, and each line's kind,
//! target and text.

use super::{keyword, Ident, Spanned, Text};
use crate::source::Span;

/// `translation LANG "Language name" { … }`: the protocol's text in another language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationDecl {
    pub keyword: Span,
    /// The language tag as written, e.g. `es`, `zh_hant`.
    pub lang: Ident,
    /// The language's own name for itself, e.g. "Español".
    pub name: Text,
    pub entries: Vec<TranslationEntry>,
}

/// What a translation line translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TranslationKind {
    Title,
    Summary,
    Audience,
    Jurisdiction,
    Definition,
    Signal,
    Criteria,
    Factor,
    Track,
    Step,
    Condition,
    Resource,
    ContactNote,
    ContactHours,
    Label,
    Input,
    Level,
    /// `value INPUT.VALUE "…"`: the title of a scale's value.
    Value,
    Question,
    Rule,
    Role,
    End,
    Deadline,
    /// `approved_by "…"`: who approved the protocol.
    ApprovedBy,
    /// `revision N "…"`: the Nth line of the revision history, from 1.
    Revision,
    /// `statement "…"`: the legal basis's statement.
    Statement,
    /// `law N "…"`: the name of the Nth law cited, from 1.
    Law,
    /// `source_document N "…"`: the title of the Nth source document, from 1.
    SourceDocument,
    /// `publisher N "…"`: the publisher of the Nth source document.
    Publisher,
    /// `contact ID name "…"`: a contact's name.
    ContactName,
    /// `contact ID number N "…"`: what a contact's Nth other number is for.
    ContactNumber,
    /// `contact ID instead_of OTHER "…"`: when a contact is called instead of another.
    ContactInsteadOf,
    /// `resource ID note "…"`: a resource's note.
    ResourceNote,
    /// `criteria ID source "…"`: who set a criteria group.
    CriteriaSource,
    /// `criteria ID approval "…"`: the approval of a county's change to a base's group.
    CriteriaApproval,
    /// `track ID approval "…"`: the approval of a county's change to a base's track.
    TrackApproval,
    /// `required TRACK.STEP "…"`: why a step is required.
    Required,
    /// `backup TRACK.STEP.N "…"`: the Nth backup of a step's role.
    Backup,
    /// `form TRACK.STEP "…"`: the name of a step's form.
    Form,
    /// `handoff TRACK.STEP "…"`: the title of the document a step hands off to.
    Handoff,
    /// `criteria ID met_when "…"`: a group's own wording of its threshold.
    CriteriaThreshold,
    /// `label TRACK.STEP "…"`: a step's own label from the source.
    StepLabel,
    /// `checklist TRACK.STEP.N "…"`: the Nth item of a step's checklist.
    Checklist,
    /// `role TRACK.STEP.N "…"`: the Nth role of a step either of several may do (from 2).
    RoleAlternative,
    /// `deadline TRACK.STEP from "…"` (`TRACK.STEP.N`: the Nth deadline with `when`):
    /// the event a deadline written as a time is measured from.
    DeadlineFrom,
    /// `lasts TRACK.STEP "…"`: what a step lasts until.
    LastsUntil,
    /// `choice TRACK.QUESTION.CHOICE "…"`: the title of a question's choice.
    Choice,
    /// `items_called GROUP "…" "…" [feminine]`: what a criteria group calls its items.
    ItemsCalled,
    /// `outcome ID "…"`: an outcome's title.
    Outcome,
    /// `tier GROUP.N "…"`: the title of a scored group's Nth tier, from 1.
    Tier,
}

impl TranslationKind {
    /// What a line of this kind translates, as one key: the keyword, then the names
    /// in `path` (`step suspected.report`), or the keyword alone when `path` is empty;
    /// as written for an event (`deadline t.s from`).
    pub fn key(self, path: &str) -> String {
        if self == TranslationKind::DeadlineFrom {
            return format!("{} {path} {}", keyword::DEADLINE, keyword::FROM);
        }
        if path.is_empty() {
            self.keyword().to_string()
        } else {
            format!("{} {path}", self.keyword())
        }
    }

    /// As written in a translation block, e.g. `step`.
    pub fn keyword(self) -> &'static str {
        match self {
            TranslationKind::Title => keyword::TITLE,
            TranslationKind::Summary => keyword::SUMMARY,
            TranslationKind::Audience => keyword::AUDIENCE,
            TranslationKind::Jurisdiction => keyword::JURISDICTION,
            TranslationKind::Definition => keyword::DEFINITION,
            TranslationKind::Signal => keyword::SIGNAL,
            TranslationKind::Criteria => keyword::CRITERIA,
            TranslationKind::Factor => keyword::FACTOR,
            TranslationKind::Track => keyword::TRACK,
            TranslationKind::Step => keyword::STEP,
            TranslationKind::Condition => keyword::CONDITION,
            TranslationKind::Resource => keyword::RESOURCE,
            TranslationKind::ContactNote => keyword::NOTE,
            TranslationKind::ContactHours => keyword::HOURS,
            TranslationKind::Label => keyword::LABEL,
            TranslationKind::Input => keyword::INPUT,
            TranslationKind::Level => keyword::LEVEL,
            TranslationKind::Value => keyword::VALUE,
            TranslationKind::Question => keyword::QUESTION,
            TranslationKind::Rule => keyword::RULE,
            TranslationKind::Role => keyword::ROLE,
            TranslationKind::End => keyword::END,
            TranslationKind::Deadline => keyword::DEADLINE,
            TranslationKind::ApprovedBy => keyword::APPROVED_BY,
            TranslationKind::Revision => keyword::REVISION,
            TranslationKind::Statement => keyword::STATEMENT,
            TranslationKind::Law => keyword::LAW,
            TranslationKind::SourceDocument => keyword::SOURCE_DOCUMENT,
            TranslationKind::Publisher => keyword::PUBLISHER,
            TranslationKind::ContactName => keyword::NAME,
            TranslationKind::ContactNumber => keyword::NUMBER,
            TranslationKind::ContactInsteadOf => keyword::INSTEAD_OF,
            TranslationKind::ResourceNote => keyword::NOTE,
            TranslationKind::CriteriaSource => keyword::SOURCE,
            TranslationKind::CriteriaApproval | TranslationKind::TrackApproval => keyword::APPROVAL,
            TranslationKind::Required => keyword::REQUIRED,
            TranslationKind::Backup => keyword::BACKUP,
            TranslationKind::Form => keyword::FORM,
            TranslationKind::Handoff => keyword::HANDOFF,
            TranslationKind::CriteriaThreshold => keyword::MET_WHEN,
            TranslationKind::StepLabel => keyword::LABEL,
            TranslationKind::Checklist => keyword::CHECKLIST,
            TranslationKind::RoleAlternative => keyword::ROLE,
            TranslationKind::DeadlineFrom => keyword::DEADLINE,
            TranslationKind::LastsUntil => keyword::LASTS,
            TranslationKind::Choice => keyword::CHOICE,
            TranslationKind::ItemsCalled => keyword::ITEMS_CALLED,
            TranslationKind::Outcome => keyword::OUTCOME,
            TranslationKind::Tier => keyword::TIER,
        }
    }

    /// The declaration keyword a line of this kind starts with, before the item's
    /// name and its own keyword (`contact cps note "…"`), for the kinds written so.
    pub fn owner(self) -> Option<&'static str> {
        match self {
            TranslationKind::ContactNote
            | TranslationKind::ContactHours
            | TranslationKind::ContactName
            | TranslationKind::ContactNumber
            | TranslationKind::ContactInsteadOf => Some(keyword::CONTACT),
            TranslationKind::ResourceNote => Some(keyword::RESOURCE),
            TranslationKind::CriteriaSource
            | TranslationKind::CriteriaApproval
            | TranslationKind::CriteriaThreshold => Some(keyword::CRITERIA),
            TranslationKind::TrackApproval => Some(keyword::TRACK),
            _ => None,
        }
    }
}

/// One line of a translation block: `step suspected.report "…"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationEntry {
    pub keyword: Span,
    pub kind: TranslationKind,
    /// The names it translates: none (metadata), one (`factor runaway`, `label steps`,
    /// `contact cps note`, `law 1`), two (`step suspected.report`: the track, then the step;
    /// `rule triage.1`: the track, then the rule's position; `contact cps number 2`: the
    /// contact, then the number's position) or three (`end triage.plan.yes`,
    /// `deadline triage.counselor.1`, `backup triage.stay.1`).
    pub ids: Vec<Ident>,
    /// The translated text: one, or the term and its meaning for a definition, or
    /// the word for one item and for several (`items_called`).
    pub texts: Vec<Text>,
    /// `items_called`'s `masculine` (false) or `feminine` (true), when written.
    pub gender: Option<Spanned<bool>>,
}

impl TranslationEntry {
    /// What it translates, as one key: `title`, `factor runaway`, `step suspected.report`,
    /// `note cps`. A key translated twice in one language is an error.
    pub fn key(&self) -> String {
        let ids: Vec<&str> = self.ids.iter().map(|i| i.name.as_str()).collect();
        self.kind.key(&ids.join("."))
    }
}
