//! Time on a step as data an app can schedule: a deadline's amount and unit
//! measured from a named event (or a moment: immediately, by the end of the
//! working day), how long a step lasts, and both said in the words of a language.

use super::{Labels, Step, Track};

/// A unit of time a deadline or duration is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
    /// Days the service works (its own calendar decides which).
    WorkingDays,
}

impl TimeUnit {
    /// Every unit, shortest first.
    pub const ALL: [TimeUnit; 4] = [
        TimeUnit::Minutes,
        TimeUnit::Hours,
        TimeUnit::Days,
        TimeUnit::WorkingDays,
    ];

    /// Its name as written for an amount other than 1 and in the JSON: `working_days`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Minutes => "minutes",
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
            TimeUnit::WorkingDays => "working_days",
        }
    }

    /// Its name as written for an amount of 1: `working_day`.
    pub fn singular(self) -> &'static str {
        match self {
            TimeUnit::Minutes => "minute",
            TimeUnit::Hours => "hour",
            TimeUnit::Days => "day",
            TimeUnit::WorkingDays => "working_day",
        }
    }

    /// The unit a word names, and whether the word is the singular form.
    pub fn named(word: &str) -> Option<(TimeUnit, bool)> {
        TimeUnit::ALL.into_iter().find_map(|u| {
            if word == u.as_str() {
                Some((u, false))
            } else if word == u.singular() {
                Some((u, true))
            } else {
                None
            }
        })
    }

    /// Every name a unit is written with, plural and singular.
    pub fn names() -> impl Iterator<Item = &'static str> {
        TimeUnit::ALL.into_iter().flat_map(|u| [u.as_str(), u.singular()])
    }
}

/// An amount of time: `36 hours`. The amount is never 0 (the checker refuses it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    pub amount: u32,
    pub unit: TimeUnit,
}

impl Amount {
    /// In words: "36 hours", "1 working day", "5 días hábiles".
    pub fn words(&self, labels: &Labels) -> String {
        let unit = if self.amount == 1 {
            self.unit.singular()
        } else {
            self.unit.as_str()
        };
        format!("{} {}", self.amount, labels.get(&format!("unit_{unit}")))
    }
}

/// A deadline as a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Time {
    /// `deadline immediately`
    Immediately,
    /// `deadline end_of_day`: by the end of the working day.
    EndOfDay,
    /// `deadline within 36 hours [from "the phone referral"]`: measured from the
    /// event named (written as it reads after "of"), or (without one) from when
    /// staff reach the step.
    Within { amount: Amount, from: Option<String> },
}

impl Time {
    /// The words `deadline WORD` is written with.
    pub const MOMENTS: [&'static str; 2] = ["immediately", "end_of_day"];

    /// The moment a word names (`immediately`, `end_of_day`).
    pub fn moment(word: &str) -> Option<Time> {
        match word {
            "immediately" => Some(Time::Immediately),
            "end_of_day" => Some(Time::EndOfDay),
            _ => None,
        }
    }

    /// In words, as a deadline is said in a sentence: "within 36 hours of the
    /// phone referral", "immediately", "by the end of the working day".
    pub fn words(&self, labels: &Labels) -> String {
        match self {
            Time::Immediately => labels.get("time_immediately").to_string(),
            Time::EndOfDay => labels.get("time_end_of_day").to_string(),
            Time::Within { amount, from } => {
                let within = format!("{} {}", labels.get("time_within"), amount.words(labels));
                match from {
                    Some(event) => format!("{within} {} {}", labels.get("time_of"), event),
                    None => within,
                }
            }
        }
    }
}

/// How long a step goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Duration {
    /// `lasts until "the assessment is complete"`
    Until(String),
    /// `lasts at_least 90 days`
    AtLeast(Amount),
}

impl Duration {
    /// In words: "until the assessment is complete", "at least 90 days".
    pub fn words(&self, labels: &Labels) -> String {
        match self {
            Duration::Until(event) => format!("{} {}", labels.get("lasts_until"), event),
            Duration::AtLeast(amount) => format!("{} {}", labels.get("at_least"), amount.words(labels)),
        }
    }
}

/// How long a step lasts: the duration and its words in the model's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lasts {
    pub text: String,
    pub duration: Duration,
}

/// Says every step's times (its deadlines written as times, how long it lasts) in
/// the words of `labels`: once the protocol's language is known, and again in each
/// translation's.
pub(crate) fn say_times(tracks: &mut [Track], labels: &Labels) {
    for step in tracks.iter_mut().flat_map(|t| t.steps.iter_mut()) {
        say_step_times(step, labels);
    }
}

fn say_step_times(step: &mut Step, labels: &Labels) {
    if let (Some(text), Some(time)) = (&mut step.deadline, &step.deadline_time) {
        *text = time.words(labels);
    }
    for d in &mut step.deadlines_when {
        if let Some(time) = &d.time {
            d.text = time.words(labels);
        }
    }
    if let Some(lasts) = &mut step.lasts {
        lasts.text = lasts.duration.words(labels);
    }
}
