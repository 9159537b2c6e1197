//! The one diagnostic type every stage reports, its stable codes, and its rustc-style rendering.
//!
//! Stages return `Diagnostic` values; only the CLI decides where they are printed.

use crate::english::plural;
use crate::source::{Sources, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $title:literal;)*) => {
        /// A stable code per kind of problem, so each can be documented and looked up.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in messages, e.g. `P0101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// One line saying what the code is about.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }
        }
    };
}

codes! {
    Syntax = "P0001", "the file does not follow the protocol language";
    BadEscape = "P0002", "unknown escape in text";
    BadPlaceholder = "P0003", "malformed {contact.field} placeholder";
    NumberTooLarge = "P0004", "number too large";
    TooDeep = "P0005", "expression nested too deeply";
    NotUtf8 = "P0006", "the file is not UTF-8 text";
    TooManyProblems = "P0007", "more problems in one file than are listed";
    ControlCharacter = "P0008", "a control character in text";
    UnknownName = "P0101", "unknown name";
    WrongKind = "P0102", "a name of the wrong kind";
    DuplicateName = "P0103", "the same name declared twice";
    DuplicateField = "P0104", "the same field given twice";
    MissingField = "P0105", "a required field is missing";
    UnknownContactField = "P0106", "a placeholder names a field the contact lacks";
    BadDate = "P0107", "not a calendar date";
    ProtocolDeclaration = "P0108", "no `protocol` declaration, or more than one";
    BaseNotFound = "P0109", "the base a variant extends cannot be read";
    ExtendsCycle = "P0110", "protocols extend each other in a circle";
    UnknownOverride = "P0111", "a variant changes something its base does not have";
    ParameterNotSupplied = "P0112", "a parameter of the base is not supplied";
    DuplicateOverride = "P0113", "a variant changes the same thing twice";
    RequiredByBase = "P0114", "a variant removes or rewords a step its base requires";
    RedeclaredBaseItem = "P0115", "a variant declares again a track or criteria group of its base";
    ChangeWithoutBase = "P0116", "`change` in a protocol that extends no base";
    UnknownStatus = "P0117", "a status protocolc does not know";
    ReviewDatesOutOfOrder = "P0118", "a next review that is not after the last review";
    LevelsOverlap = "P0119", "the ranges of two levels overlap";
    LevelsGap = "P0120", "the levels leave totals without a level";
    ScoringMisuse = "P0121", "a scoring rule in a group that is not scored, or a count rule in one that is";
    BadRange = "P0122", "a range that ends before it starts";
    LevelNeverSet = "P0129", "a level without a range of points that no rule sets";
    ScaleTooShort = "P0150", "a scale with fewer than two values";
    DuplicateScaleValue = "P0151", "the same value twice in one scale";
    UnknownScaleValue = "P0152", "a value its scale does not have";
    ScaleMismatch = "P0153", "a scale given a number, or a number input given a name";
    UnknownOutcomeValue = "P0160", "a value its outcome does not have";
    DuplicateOutcomeValue = "P0161", "the same value twice in one outcome";
    OutcomeTooShort = "P0162", "an outcome with fewer than two values";
    SetNeverHolds = "P0163", "an outcome's `set` rule that can never hold";
    OutcomeReadsItself = "P0164", "an outcome set by a condition that reads it";
    GradesTooFew = "P0170", "a graded item with fewer than two grades";
    DuplicateGrade = "P0171", "the same grade twice in one graded item";
    UnknownGrade = "P0172", "a grade its graded item does not have";
    GradedNotScored = "P0173", "a graded item or a tier in a group that is not scored";
    EmptyTier = "P0174", "a tier with no factors";
    PointsInTier = "P0175", "points on a factor inside a tier";
    SelectAllNotGroup = "P0180", "`select_all` naming something that is not a criteria group";
    SelectAllWithAnswers = "P0181", "a select-all question with `choice`s or `unclear_counts_as`";
    SelectAllAnswered = "P0182", "a scenario answering a select-all question";
    FactorNeverApplies = "P0190", "a factor whose `only_when` can never hold where its group applies";
    BadLanguageTag = "P0140", "a language tag of the wrong shape";
    DuplicateLanguage = "P0141", "the same language translated twice";
    UnknownTranslated = "P0142", "a translation of something the protocol does not have";
    DuplicateTranslation = "P0143", "the same item translated twice in one language";
    UnknownLabel = "P0144", "a label protocolc does not know";
    TranslationPlaceholder = "P0145", "a placeholder in a translation names a contact the original does not";
    IncompleteTranslation = "P0146", "a translation that must be complete leaves a text untranslated";
    UnknownOwnLanguage = "P0147", "a protocol written in a language protocolc has no fixed phrases in";
    UnknownStep = "P0130", "a `goto` or `after` names no step of its track";
    UnknownScenarioStep = "P0131", "a scenario names a question or step the protocol does not have";
    DuplicateQuestion = "P0132", "two questions with the same name";
    BadAnswer = "P0133", "an answer other than yes, no (or unclear)";
    FieldNotHere = "P0134", "a field that does not belong on a step, or on a question";
    HandoffNotFound = "P0135", "the protocol a step hands off to cannot be read";
    HandoffNotProtocol = "P0136", "the file a step hands off to is not a protocol";
    AnswerTest = "P0137", "a question read in a condition other than as `QUESTION is ANSWER`";
    EmptyText = "P0138", "a text in quotes with nothing in it";
    ZeroThreshold = "P0201", "a threshold of zero";
    ThresholdTooHigh = "P0202", "a threshold above the number of factors";
    EmptyCriteria = "P0203", "criteria without factors";
    EmptyTrack = "P0204", "a track without steps";
    NeverTriggers = "P0205", "a track that no combination of inputs can trigger";
    MissingPrecedence = "P0206", "two tracks can apply together and neither ranks above the other";
    PrecedenceCycle = "P0207", "tracks rank above each other in a circle";
    BadPhone = "P0208", "malformed phone number";
    BadUrl = "P0209", "malformed web address or email";
    AlwaysTriggers = "P0210", "a track that applies to every student";
    ComparisonOutOfRange = "P0211", "a comparison that the input's range decides";
    CriteriaCycle = "P0212", "criteria groups depend on each other in a circle";
    BadGiven = "P0213", "a scenario gives a value that cannot be given";
    BackwardGoto = "P0220", "a `goto` back to an earlier step";
    GotoItself = "P0221", "a question that goes to itself";
    TrackRouteCycle = "P0222", "questions route tracks into each other in a circle";
    AfterViolated = "P0223", "a step can be reached without the step it must come after";
    DeadlineFallback = "P0224", "deadlines with `when` but none without";
    AnswerTooEarly = "P0225", "a condition reads an answer before its question is asked";
    GuardsTogether = "P0226", "a step with both `skip_when` and `only_when`";
    UnknownTimeWord = "P0230", "a unit of time or a deadline word protocolc does not know";
    ZeroTime = "P0231", "a deadline or duration of zero";
    UnknownChoice = "P0234", "a condition or scenario names a choice its question does not have";
    DuplicateChoice = "P0235", "two choices of one question with the same name";
    OneChoice = "P0236", "a question with a single choice";
    ChoicesWithYesNo = "P0237", "a question with both choices and yes/no answers";
    Unused = "P0301", "declared but never used";
    DepartsFromBase = "P0302", "a variant departs from its base's criteria";
    UncoveredTrack = "P0303", "no scenario shows a track applying";
    UncoveredBoundary = "P0304", "no scenario tests a threshold at its boundary";
    PastReview = "P0305", "a protocol or contact past its review date";
    WordingWithoutThreshold = "P0306", "a threshold's own wording that does not say its number or level";
    Untranslated = "P0315", "a translation leaves items in the protocol's own language";
    LabelsFallBack = "P0316", "a language without built-in labels leaves labels in English";
    NameLowered = "P0320", "a text set inside sentences in lower case may start with a name";
    OutcomeValueNeverSet = "P0330", "an outcome value no rule sets";
    UnitForAmount = "P0321", "a unit written in the singular for an amount other than 1, or the plural for 1";
    GradesDescending = "P0335", "a grade worth fewer points than a lower grade";
    NounGenderUnsaid = "P0340", "a group's own word for its items, in a language whose phrases agree with it, without its gender";
    NothingToTick = "P0345", "a select-all question whose group has no factor staff tick";
    FactorAlwaysApplies = "P0350", "a factor's `only_when` that holds wherever its group applies";
    SetRulesOverlap = "P0355", "two set rules of an outcome, of different values, that can hold at once, where the outcome does not say highest_wins";
        SameRoutes = "P0310", "a question whose answers all lead to the same place";
    UnreachableStep = "P0311", "a step no path reaches";
    ScenarioFailed = "P0401", "a scenario is not decided as it expects";
}

/// A place in a source file with a short message under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// The primary label marks the problem; secondary ones give context.
    pub primary: bool,
}

/// One problem found in a protocol: what, where, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub labels: Vec<Label>,
    /// Advice: what to change.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Marks where the problem is.
    pub fn at(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    /// Points at something related (e.g. the first declaration of a duplicate).
    pub fn also(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where the problem is: the primary label's span (or the first label's).
    pub fn primary_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map(|l| l.span)
    }

    fn to_codespan(&self) -> cs::Diagnostic<usize> {
        let base = match self.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        };
        let labels = self
            .labels
            .iter()
            .map(|l| {
                let style = if l.primary {
                    cs::LabelStyle::Primary
                } else {
                    cs::LabelStyle::Secondary
                };
                cs::Label::new(style, l.span.file, l.span.range()).with_message(&l.message)
            })
            .collect();
        let notes = self.help.iter().map(|h| format!("help: {h}")).collect();
        base.with_code(self.code.as_str())
            .with_message(&self.message)
            .with_labels(labels)
            .with_notes(notes)
    }
}

/// Sorts diagnostics by file and position, errors and warnings interleaved as in the file.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| {
        let span = d.primary_span().unwrap_or_default();
        (span.file, span.start, span.end, d.code)
    });
}

/// The most problems listed for one file. A damaged file can have thousands (a
/// pasted binary, a brace on every line); the first hundred say what is wrong, and
/// the rest would only bury them.
pub const MAX_PER_FILE: usize = 100;

/// One name misspelt or removed is one problem, however often it is used: the
/// diagnostics of `codes` that say the same thing in the same file are folded
/// into the first, each later place marked "the same here" (at most
/// `FOLDED_PLACES` of them; the rest counted in the help).
pub fn fold_repeats(diagnostics: Vec<Diagnostic>, codes: &[Code]) -> Vec<Diagnostic> {
    let mut folded: Vec<Diagnostic> = Vec::new();
    let mut extra: Vec<usize> = Vec::new(); // per folded diagnostic: places not shown
                                            // Where each foldable problem was first reported (looked up once, not by a
                                            // scan of what is folded so far: a file may hold thousands).
    let mut first_of: std::collections::HashMap<(Code, String, Option<crate::source::FileId>), usize> =
        std::collections::HashMap::new();
    for diagnostic in diagnostics {
        let span = diagnostic.primary_span();
        if !codes.contains(&diagnostic.code) {
            folded.push(diagnostic);
            extra.push(0);
            continue;
        }
        let key = (diagnostic.code, diagnostic.message.clone(), span.map(|s| s.file));
        let first = first_of.get(&key).copied();
        let (Some(first), Some(span)) = (first, span) else {
            first_of.entry(key).or_insert(folded.len());
            folded.push(diagnostic);
            extra.push(0);
            continue;
        };
        let (Some(target), Some(hidden)) = (folded.get_mut(first), extra.get_mut(first)) else {
            continue;
        };
        if target.labels.len() <= FOLDED_PLACES {
            target.labels.push(Label {
                span,
                message: "the same here".to_string(),
                primary: false,
            });
        } else {
            *hidden += 1;
        }
    }
    for (diagnostic, hidden) in folded.iter_mut().zip(extra) {
        if hidden > 0 {
            let more = format!("(and {})", plural(hidden, "more place"));
            diagnostic.help = Some(match diagnostic.help.take() {
                Some(help) => format!("{help} {more}"),
                None => more,
            });
        }
    }
    folded
}

/// How many later places a folded diagnostic marks.
pub const FOLDED_PLACES: usize = 5;

/// Keeps the first [`MAX_PER_FILE`] diagnostics of each file (in the order given,
/// which [`sort`] makes file order) and says, once per file, how many more there
/// are. Diagnostics that point nowhere are all kept.
pub fn limit_per_file(diagnostics: Vec<Diagnostic>, sources: &Sources) -> Vec<Diagnostic> {
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len().min(MAX_PER_FILE + 1));
    // Per file: how many were kept, and how many errors and warnings were left out.
    let mut per_file: std::collections::BTreeMap<usize, (usize, usize, usize)> = Default::default();
    for d in diagnostics {
        let Some(file) = d.primary_span().map(|s| s.file) else {
            kept.push(d);
            continue;
        };
        let counts = per_file.entry(file).or_default();
        if counts.0 < MAX_PER_FILE {
            counts.0 += 1;
            kept.push(d);
        } else if d.is_error() {
            counts.1 += 1;
        } else {
            counts.2 += 1;
        }
    }
    for (file, (_, errors, warnings)) in per_file {
        if errors + warnings == 0 {
            continue;
        }
        let what = match (errors, warnings) {
            (0, w) => plural(w, "more warning"),
            (e, 0) => plural(e, "more error"),
            (e, w) => format!("{} and {}", plural(e, "more error"), plural(w, "warning")),
        };
        let message = format!(
            "{what} in `{}` not shown: only the first {MAX_PER_FILE} problems of a file are listed",
            sources.name(file)
        );
        let note = if errors > 0 {
            Diagnostic::error(Code::TooManyProblems, message)
        } else {
            Diagnostic::warning(Code::TooManyProblems, message)
        };
        kept.push(note.help(
            "fix the problems above and check the file again; so many usually come from one cause, \
             such as a missing quote or brace, or a file that is not a protocol",
        ));
    }
    kept
}

/// How a diagnostic is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Colored,
}

/// Renders one diagnostic rustc-style: `error[P0101]: …`, then `--> file:line:col`,
/// the source line, a label under the span, and the help.
pub fn render(diagnostic: &Diagnostic, sources: &Sources, style: Style) -> String {
    let files = FilesAdapter(sources);
    let config = term::Config::default();
    let cs = diagnostic.to_codespan();
    let rendered = match style {
        Style::Plain => term::emit_into_string(&config, &files, &cs),
        Style::Colored => {
            let mut buffer = term::termcolor::Buffer::ansi();
            term::emit_to_write_style(&mut buffer, &config, &files, &cs)
                .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
        }
    };
    rendered.unwrap_or_else(|_| {
        // A span that does not fit its file is a bug in protocolc; still say something useful.
        format!(
            "{:?}[{}]: {}\n",
            diagnostic.severity,
            diagnostic.code.as_str(),
            diagnostic.message
        )
    })
}

/// Renders all diagnostics, then a summary line such as `2 errors, 1 warning`.
pub fn render_all(diagnostics: &[Diagnostic], sources: &Sources, style: Style) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&render(d, sources, style));
    }
    out
}

/// `file:line:col` of a diagnostic's primary span, as editors and CI want it.
pub fn location(diagnostic: &Diagnostic, sources: &Sources) -> Option<(String, usize, usize)> {
    let span = diagnostic.primary_span()?;
    let (line, col) = sources.line_col(span.file, span.start);
    Some((sources.name(span.file).to_string(), line, col))
}

/// The machine-readable form of a diagnostic, one line of `--message-format json`:
/// `type` ("diagnostic"), `severity`, `code`, `message`, where the primary label is
/// (`file`, 1-based `line`/`column` and `end_line`/`end_column`, columns in characters,
/// `span` in byte offsets; all null when the diagnostic points nowhere), `hint` (the
/// help, or null), every label with its place, and `rendered` (the human form).
pub fn to_json(diagnostic: &Diagnostic, sources: &Sources) -> serde_json::Value {
    let place = |span: Span| {
        let (line, column) = sources.line_col(span.file, span.start);
        let (end_line, end_column) = sources.line_col(span.file, span.end);
        serde_json::json!({
            "file": sources.name(span.file),
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "span": { "start": span.start, "end": span.end },
        })
    };
    let null_place = serde_json::json!({
        "file": null, "line": null, "column": null, "end_line": null, "end_column": null, "span": null,
    });
    let mut object = serde_json::json!({
        "type": "diagnostic",
        "severity": diagnostic.severity,
        "code": diagnostic.code.as_str(),
        "message": diagnostic.message,
    });
    let labels: Vec<serde_json::Value> = diagnostic
        .labels
        .iter()
        .map(|l| {
            let mut label = place(l.span);
            if let Some(fields) = label.as_object_mut() {
                fields.insert("message".into(), l.message.clone().into());
                fields.insert("primary".into(), l.primary.into());
            }
            label
        })
        .collect();
    if let (Some(fields), serde_json::Value::Object(at)) = (
        object.as_object_mut(),
        diagnostic.primary_span().map_or(null_place, place),
    ) {
        fields.extend(at);
        fields.insert("hint".into(), diagnostic.help.clone().into());
        fields.insert("labels".into(), labels.into());
        fields.insert(
            "rendered".into(),
            render(diagnostic, sources, Style::Plain).into(),
        );
    }
    object
}

/// Lets codespan-reporting read our [`Sources`].
struct FilesAdapter<'a>(&'a Sources);

impl<'a> Files<'a> for FilesAdapter<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.0
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.0
            .get(id)
            .map(|f| f.shown_text())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.0.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.line_index(byte_index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.0.get(id).ok_or(FilesError::FileMissing)?;
        file.line_range(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: file.line_count().saturating_sub(1),
        })
    }
}
