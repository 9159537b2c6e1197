//! The fixed part of every generated `.d.mts`: the observations `assess` takes, the
//! assessment it returns (as `protocolc eval --json` prints it) and the protocol's
//! JSON document (`protocol`), written over the id types the generator declares
//! above it (src/emit/js/declarations.rs). protocolc copies it in without these lines.

/** A question's answer: yes, no or unclear, or the id of one of its choices. */
export type Answer = "yes" | "no" | "unclear" | ChoiceId;

/** What staff observed. Every field may be left out; ids as in the protocol's JSON. */
export interface Observations {
  /** Factors answered yes (not those worked out from inputs). */
  readonly factors?: readonly AnsweredFactorId[];
  /** Factors answered "possible". */
  readonly possible?: readonly AnsweredFactorId[];
  /** Signals judged true. */
  readonly signals?: readonly SignalId[];
  /** Inputs' values: a whole number within its range, or a scale's value by its id; null or absent: not given. */
  readonly values?: { readonly [input in InputId]?: number | string | null };
  /** Answers to questions, by question id; null or absent: not answered. */
  readonly answers?: { readonly [question in QuestionId]?: Answer | null };
}

/** One criteria group's verdict. */
export interface CriteriaVerdict {
  id: CriteriaId;
  met: boolean;
  /** How many factors meet a count group (absent for a group met at a level). */
  threshold?: number;
  /** False when the group's `applies_when` does not hold. */
  applies: boolean;
  /** Points (scored group) or factors counted; absent when the group does not apply. */
  total?: number;
  /** A scored group's level, when it has one. */
  level?: LevelId;
  /** Factors answered yes or worked out true, in file order. */
  matched: FactorId[];
  /** Factors answered "possible" (absent when none). */
  possible?: FactorId[];
  /** Factors whose `only_when` does not hold, answered or not: they count nothing (absent when none). */
  not_applicable?: FactorId[];
  /** How the total became the verdict, in words. */
  because: string[];
}

/** A track to follow, with all its steps. */
export interface AppliedTrack {
  id: TrackId;
  title: string;
  /** The trigger as written in the protocol. */
  because: string;
  steps: { id: StepId; condition: string | null; text: string }[];
}

/** One step or question of the walk. */
export interface PathEntry {
  track: TrackId;
  step: StepId;
  what: "done" | "skipped" | "answered";
  /** The answer, for `answered`. */
  answer: Answer | null;
  /** The time limit that holds, for `done`. */
  deadline: string | null;
  text: string;
  /** The outcome of an `end track` taken here (absent otherwise). */
  track_ended?: string;
}

/** What `assess` returns: the object `protocolc eval --json` prints. */
export interface Assessment {
  /** Each group's verdict, in file order. */
  criteria: CriteriaVerdict[];
  /** Each input's value (null when not given). */
  values: { [input in InputId]: number | string | null };
  /** Signals judged true, in file order. */
  signals: SignalId[];
  /** Tracks to follow, highest precedence first. */
  tracks: AppliedTrack[];
  /** Tracks whose trigger held but that a followed track supersedes. */
  superseded: { id: TrackId; by: TrackId[] }[];
  /** Every step and question passed, in order. */
  path: PathEntry[];
  /** How the walk ended: every track followed to its end, at an `end`, or waiting for an answer. */
  end:
    | "finished"
    | { ended: { track: TrackId; step: StepId; outcome: string } }
    | { waiting: { track: TrackId; question: QuestionId; unclear: boolean } };
}

/**
 * Assesses the observations. Throws a TypeError naming every problem: an unknown
 * id, a factor worked out from inputs, a value not a whole number or out of range,
 * an answer the question does not take ("yes", "no" or "unclear", or one of its choices),
 * or an answer to a select-all question (its factors are given instead).
 */
export declare function assess(observations?: Observations): Assessment;

/** Every question in file order, with the answers it takes. */
export declare const questions: readonly {
  readonly id: QuestionId;
  readonly track: TrackId;
  readonly text: string;
  readonly answers: readonly Answer[];
  /** The answer "unclear" counts as; null: the walk waits for a yes or no. */
  readonly unclear_counts_as: "yes" | "no" | null;
  /**
   * A "tick all that apply" question: the group whose factors staff tick (give them
   * as `factors`); its answer is worked out, yes when the group is met, and it takes
   * no answer (`answers` is empty). Null for a question staff answer.
   */
  readonly select_all: CriteriaId | null;
}[];

/** The generator that wrote the module, e.g. "protocolc 0.1.0". */
export declare const generator: string;

/** A trigger: exactly one key (docs/json.md §2). */
export type Trigger =
  | { readonly criteria: CriteriaId }
  | { readonly signal: SignalId }
  | { readonly compare: { readonly input: InputId; readonly op: "<" | "<=" | ">" | ">=" | "="; readonly value: number } }
  | { readonly level: { readonly criteria: CriteriaId; readonly level: LevelId; readonly at_least: boolean } }
  | { readonly answer: { readonly question: QuestionId; readonly answer: "yes" | "no" | ChoiceId; readonly counts_unclear: boolean } }
  | { readonly not: Trigger }
  | { readonly all: readonly Trigger[] }
  | { readonly any: readonly Trigger[] };

/** Where an answer leads: exactly one key. */
export type Route =
  | { readonly next: true }
  | { readonly goto: StepId }
  | { readonly track: TrackId }
  | { readonly end: string }
  | { readonly end_track: string };

export interface Contact {
  readonly id: ContactId;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly website: string | null;
  readonly note: string | null;
  readonly last_reviewed: string | null;
  readonly next_review: string | null;
  readonly hours: string | null;
  readonly numbers: readonly { readonly label: string; readonly phone: string; readonly hours: string | null }[];
  readonly instead_of: readonly { readonly contact: ContactId; readonly when: string }[];
}

export interface Factor {
  readonly id: FactorId;
  readonly text: string;
  readonly points?: number;
  readonly possible?: number;
  readonly alone_meets?: boolean;
  readonly alone_level?: LevelId;
  /** Present when the factor is worked out from inputs, not ticked. */
  readonly derived?: Trigger;
  /** Present when the factor applies only where this holds (elsewhere it counts nothing). */
  readonly only_when?: Trigger;
  /** Present when the factor is one grade of a graded item (an input): the item and the grade. */
  readonly grade?: { readonly input: InputId; readonly value: string };
  /** The title of the tier the factor is in (its points are the tier's). */
  readonly tier?: string;
}

export interface Criteria {
  readonly id: CriteriaId;
  readonly title: string;
  readonly source: string | null;
  readonly approval?: string;
  readonly threshold:
    | { readonly kind: "at_least"; readonly count: number; readonly text: string }
    | { readonly kind: "at_least_level"; readonly level: LevelId; readonly text: string };
  readonly factors: readonly Factor[];
  readonly applies_when?: Trigger;
  readonly possible_counts_as_yes?: boolean;
  readonly levels?: readonly { readonly id: LevelId; readonly title: string; readonly from: number; readonly to?: number }[];
  readonly allow_gaps?: boolean;
  readonly overrides?: readonly {
    readonly kind: "floor" | "force";
    readonly level: LevelId;
    readonly when: Trigger;
    readonly when_text: string;
  }[];
}

/** An amount of time; `working_days` are the days the service works. */
export interface Amount {
  readonly amount: number;
  readonly unit: "minutes" | "hours" | "days" | "working_days";
}

/** A deadline as data: at once, by the end of the working day, or within an amount of
 * time from an event (`from`; without it, from when staff reach the step). */
export type Time =
  | { readonly kind: "immediately" }
  | { readonly kind: "end_of_day" }
  | { readonly kind: "within"; readonly within: Amount; readonly from?: string };

export interface Step {
  readonly id: StepId;
  readonly number: number;
  readonly condition: string | null;
  readonly required: string | null;
  /** The source's own name for the step ("Step 5", "3a"). */
  readonly label?: string;
  readonly role: string | null;
  /** Others who may do it instead of `role`: any one of them, not an order. */
  readonly role_alternatives?: readonly string[];
  readonly backups: readonly string[];
  /** Things to ask or record within the step. */
  readonly checklist?: readonly string[];
  /** The deadline in words. */
  readonly deadline: string | null;
  /** The same deadline as data an app can schedule (when the protocol writes it as a time). */
  readonly deadline_time?: Time;
  readonly deadlines_when?: readonly {
    readonly when: Trigger;
    readonly when_text: string;
    readonly text: string;
    readonly time?: Time;
  }[];
  /** How long the step goes on. */
  readonly lasts?:
    | { readonly kind: "until"; readonly text: string; readonly until: string }
    | { readonly kind: "at_least"; readonly text: string; readonly at_least: Amount };
  readonly form: { readonly name: string; readonly code: string | null } | null;
  readonly optional: boolean;
  readonly question?: {
    readonly yes?: Route;
    readonly no?: Route;
    readonly unclear_counts_as: "yes" | "no" | null;
    /** A question answered by picking one: its choices, instead of `yes` and `no`. */
    readonly choices?: readonly { readonly id: ChoiceId; readonly title: string; readonly route: Route }[];
    /** A "tick all that apply" question: the group whose factors staff tick; yes when it is met. */
    readonly select_all?: CriteriaId;
  };
  readonly skip_when?: Trigger;
  readonly skip_when_text?: string;
  readonly only_when?: Trigger;
  readonly only_when_text?: string;
  readonly after?: readonly StepId[];
  readonly end?: string;
  readonly end_track?: string;
  readonly handoff?: string;
  readonly handoff_document?: { readonly title: string; readonly url: string };
  /** With contact fields filled in. */
  readonly text: string;
  /** As written, with `{contact.field}` placeholders. */
  readonly text_template: string;
  readonly contacts: readonly ContactId[];
}

export interface Track {
  readonly id: TrackId;
  readonly title: string;
  readonly trigger: Trigger;
  readonly trigger_text: string;
  readonly supersedes: readonly TrackId[];
  readonly superseded_by: readonly TrackId[];
  readonly precedes: readonly TrackId[];
  readonly rules?: readonly string[];
  readonly steps: readonly Step[];
  readonly approval?: string;
}

/**
 * The protocol's JSON document, deep-frozen: the same as its `.json` output and
 * `out/protocol.schema.json`; docs/json.md says what each field means. The parts
 * typed loosely here (`unknown`) are typed in the schema.
 */
export interface ProtocolDocument {
  readonly schema_version: string;
  readonly sources: readonly { readonly file: string; readonly sha256: string }[];
  readonly protocol: {
    readonly id: string;
    readonly title: string;
    readonly jurisdiction: string;
    readonly audience: string;
    /** The language the protocol is written in, BCP 47 style (`en`, `es-mx`). */
    readonly language: string;
    /** Who the protocol is about ("child"); absent when it does not say ("student"). */
    readonly subject?: string;
    readonly version: string | null;
    readonly effective: string | null;
    readonly summary: string | null;
    readonly document_control: unknown;
    readonly source_documents?: readonly unknown[];
  };
  readonly legal_basis: unknown;
  readonly definitions: readonly { readonly id: string; readonly term: string; readonly text: string }[];
  readonly contacts: readonly Contact[];
  readonly main_contact: ContactId | null;
  readonly resources: readonly {
    readonly id: string;
    readonly text: string;
    readonly text_template: string;
    readonly url: string | null;
    readonly note: string | null;
    readonly contacts: readonly ContactId[];
  }[];
  readonly signals: readonly { readonly id: SignalId; readonly text: string }[];
  readonly inputs?: readonly { readonly id: InputId; readonly text: string; readonly range?: readonly [number, number] }[];
  readonly criteria: readonly Criteria[];
  readonly tracks: readonly Track[];
  readonly precedence: readonly TrackId[];
  readonly scenarios: readonly unknown[];
  readonly translations?: readonly {
    readonly language: string;
    readonly bcp47: string;
    readonly name: string;
    readonly labels: { readonly [key: string]: string };
    readonly texts: { readonly [key: string]: string };
  }[];
}

/** The protocol's JSON document, deep-frozen. */
export declare const protocol: ProtocolDocument;
