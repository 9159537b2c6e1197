//! Random valid protocols with questions: [`branching_protocol`] (every kind of
//! route, skips, conditional deadlines, ends, answers read by conditions, questions
//! answered yes or no and by picking one of their choices) and
//! [`mixed_protocol`] (the same with inputs, scored levels, derived factors and
//! "tick all that apply" questions answered by a group's verdict),
//! made from a seed with [`xorshift`] so runs are repeatable. Shared by the tests of
//! the generated Rust and JavaScript rule code.

use std::fmt::Write;

/// A fixed pseudo-random sequence (xorshift64), so runs are repeatable.
pub fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// A random valid protocol with questions (every kind of route), skips, conditional
/// deadlines (in words and as times) and ends: three signals, one to three tracks in a chain of `precedes`.
pub fn branching_protocol(seed: &mut u64) -> String {
    let mut r = |n: u64| xorshift(seed) % n;
    let mut out = String::from(
        "protocol p { title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }\n\
         signal s0 \"S0\"\nsignal s1 \"S1\"\nsignal s2 \"S2\"\n",
    );
    random_tracks(&mut out, &mut r, &[], &|r, place| match place {
        Place::Track(t) => Some(format!("s{}", t % 3)),
        Place::Skip | Place::Deadline => Some(format!("s{}", r(3))),
        Place::SecondDeadline => None,
    });
    out
}

/// A random number below its argument.
type Draw<'a> = &'a mut dyn FnMut(u64) -> u64;

/// Where [`random_tracks`] asks for a trigger.
enum Place {
    /// The `when` of track `t`.
    Track(usize),
    Skip,
    /// A step's conditional deadline.
    Deadline,
    /// A second conditional deadline, if there is to be one.
    SecondDeadline,
}

/// One to three random tracks in a chain of `precedes`, with standing rules, questions
/// (every kind of route; some answered by ticking one of `groups`, `select_all`),
/// skips, conditional deadlines and ends; `condition(r, place)` writes the triggers.
fn random_tracks(
    out: &mut String,
    r: &mut dyn FnMut(u64) -> u64,
    groups: &[&str],
    condition: &dyn Fn(Draw, Place) -> Option<String>,
) {
    let tracks = 1 + r(3) as usize;
    // The questions written so far: any condition may read their answers (those of
    // earlier tracks, and those asked earlier in its own track).
    // Each with the answers a condition may test: yes and no, or its choices.
    let mut asked: Vec<(String, Vec<String>)> = Vec::new();
    let condition = |r: Draw, place: Place, asked: &[(String, Vec<String>)]| -> Option<String> {
        if asked.is_empty() || matches!(place, Place::SecondDeadline) || r(3) != 0 {
            return condition(r, place);
        }
        let (question, answers) = &asked[r(asked.len() as u64) as usize];
        let answer = &answers[r(answers.len() as u64) as usize];
        Some(match r(3) {
            0 => format!("not {question} is {answer}"),
            1 => format!(
                "{question} is {answer} or {}",
                condition(r, place).unwrap_or_else(|| "s0".into())
            ),
            _ => format!("{question} is {answer}"),
        })
    };
    for t in 0..tracks {
        let when = condition(r, Place::Track(t), &asked).unwrap_or_default();
        let _ = writeln!(out, "track t{t} \"Track {t}\" {{\n  when {when}");
        if t + 1 < tracks {
            let later: Vec<String> = (t + 1..tracks).map(|u| format!("t{u}")).collect();
            let _ = writeln!(out, "  precedes {}", later.join(", "));
        }
        if r(2) == 0 {
            let _ = writeln!(out, "  rule \"Rule of {t}\"");
        }
        let n = 2 + r(4) as usize;
        for i in 0..n {
            let name = format!("x{t}_{i}");
            let skip = match r(3) {
                0 => condition(r, Place::Skip, &asked)
                    .map_or(String::new(), |c| format!("    skip_when {c}\n")),
                1 if r(2) == 0 => condition(r, Place::Skip, &asked)
                    .map_or(String::new(), |c| format!("    only_when {c}\n")),
                _ => String::new(),
            };
            if i + 1 < n && r(2) == 0 {
                let route = |r: &mut dyn FnMut(u64) -> u64| match r(5) {
                    0 => "next".to_string(),
                    1 => format!("goto x{t}_{}", i + 1 + r((n - i - 1) as u64) as usize),
                    2 if t + 1 < tracks => format!("track t{}", t + 1 + r((tracks - t - 1) as u64) as usize),
                    3 => format!("end track \"Track outcome {t} {i}\""),
                    _ => format!("end \"Outcome {t} {i}\""),
                };
                if r(3) == 0 {
                    // Answered by picking one of two or three choices.
                    let choices: Vec<String> = (0..2 + r(2)).map(|c| format!("c{c}")).collect();
                    let lines: Vec<String> = choices
                        .iter()
                        .map(|c| format!("    choice {c} \"Choice {c} of {t} {i}\" {}\n", route(r)))
                        .collect();
                    let _ = writeln!(
                        out,
                        "  question {name} \"Question {t} {i}?\" {{\n{skip}{}  }}",
                        lines.concat()
                    );
                    asked.push((name, choices));
                    continue;
                }
                let (yes, no) = (route(r), route(r));
                if !groups.is_empty() && r(3) == 0 {
                    // Answered by ticking a group's factors: yes when the group is met.
                    let group = groups[r(groups.len() as u64) as usize];
                    let _ = writeln!(
                        out,
                        "  question {name} \"Question {t} {i}?\" {{\n{skip}    select_all {group}\n    yes {yes}\n    no {no}\n  }}"
                    );
                    asked.push((name, vec!["yes".to_string(), "no".to_string()]));
                    continue;
                }
                let unclear =
                    ["", "    unclear_counts_as yes\n", "    unclear_counts_as no\n"][r(3) as usize];
                let _ = writeln!(
                    out,
                    "  question {name} \"Question {t} {i}?\" {{\n{skip}    yes {yes}\n    no {no}\n{unclear}  }}"
                );
                asked.push((name, vec!["yes".to_string(), "no".to_string()]));
            } else {
                let mut fields = skip;
                if r(2) == 0 {
                    let when = condition(r, Place::Deadline, &asked).unwrap_or_default();
                    let _ = writeln!(fields, "    deadline \"soon {i}\" when {when}");
                    if let Some(when) = condition(r, Place::SecondDeadline, &asked) {
                        let _ = writeln!(fields, "    deadline immediately when {when}");
                    }
                    let _ = writeln!(fields, "    deadline within {} hours from \"event {i}\"", i + 2);
                } else if r(2) == 0 {
                    let _ = writeln!(fields, "    deadline end_of_day");
                }
                match r(8) {
                    0 => {
                        let _ = writeln!(fields, "    end \"Ended at {t} {i}\"");
                    }
                    1 => {
                        let _ = writeln!(fields, "    end track \"Track ended at {t} {i}\"");
                    }
                    _ => {}
                }
                let _ = writeln!(out, "  step {name} \"Step {t} {i}\" {{\n{fields}  }}");
            }
        }
        out.push_str("}\n");
    }
}

/// A random valid protocol with both halves at once: inputs (one ranged, one not),
/// a scored group with levels (a factor worked out from an input, `floor`, maybe
/// `force`) and a count group (maybe with `applies_when`), some factors counting
/// only for some students (`only_when`), and tracks whose
/// triggers, `skip_when`s and conditional deadlines compare inputs and test levels,
/// with questions routing between them.
pub fn mixed_protocol(seed: &mut u64) -> String {
    let mut r = |n: u64| xorshift(seed) % n;
    let mut out = String::from(
        "protocol p { title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }\n\
         input age \"Age\" from 0 to 25\ninput times \"Times missing\"\n\
         signal s0 \"S0\"\nsignal s1 \"S1\"\n",
    );
    // A leaf of kind `kind`: 0 signal, 1 group met, 2 level test, 3 comparison.
    let leaf = |r: &mut dyn FnMut(u64) -> u64, kind: u64| match kind {
        0 => format!("s{}", r(2)),
        1 => format!("g{}", r(2)),
        2 => format!("g0 {} lv{}", ["is", "at_least"][r(2) as usize], r(3)),
        _ if r(2) == 0 => format!("age {} {}", ["<", "<=", ">", ">=", "="][r(5) as usize], 1 + r(24)),
        _ => format!("times {} {}", ["<", ">", "="][r(3) as usize], r(8)),
    };
    // A leaf of kind `kind`, alone or with another leaf.
    let trigger = |r: &mut dyn FnMut(u64) -> u64, kind: u64| {
        let first = leaf(r, kind);
        let (join, other) = (r(4), r(4));
        match join {
            0 => format!("{first} and {}", leaf(r, other)),
            1 => format!("{first} or {}", leaf(r, other)),
            2 => format!("not ({first})"),
            _ => first,
        }
    };
    let force = if r(2) == 0 { "  force lv2 when s1\n" } else { "" };
    // Sometimes a factor that counts only for some students (a comparison or a signal).
    let only_when = |r: &mut dyn FnMut(u64) -> u64| match r(3) {
        0 => format!(" only_when {}", trigger(r, 3)),
        1 => format!(" only_when {}", trigger(r, 0)),
        _ => String::new(),
    };
    let (f1_only, f2_only) = (only_when(&mut r), only_when(&mut r));
    let _ = writeln!(
        out,
        "criteria g0 \"Scored\" {{\n  level lv0 \"Low\" from 0 to 2\n  level lv1 \"Medium\" from 3 to 5\n  \
         level lv2 \"High\" from 6\n  met_when at_least lv1\n  factor f0 \"F0\" points 2\n  \
         factor f1 \"F1\" points 3 possible 1{f1_only}\n  factor f2 \"F2\" points 4 when times > {}{f2_only}\n  \
         floor lv1 when age < {}\n{force}}}",
        r(5),
        8 + r(8)
    );
    let h0_only = only_when(&mut r);
    let applies = if r(2) == 0 {
        format!("  applies_when {}\n", trigger(&mut r, 3))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "criteria g1 \"Count\" {{\n{applies}  met_when at_least 1\n  factor h0 \"H0\"{h0_only}\n  factor h1 \"H1\" when age >= 16\n}}"
    );
    random_tracks(&mut out, &mut r, &["g0", "g1"], &|r, place| {
        let kind = match place {
            // The first track is triggered by a level test.
            Place::Track(0) => 2,
            Place::Track(_) => r(4),
            // A comparison or a group met.
            Place::Skip => 3 - r(2) * 2,
            // A level test or a comparison.
            Place::Deadline => 2 + r(2),
            Place::SecondDeadline if r(2) == 0 => r(4),
            Place::SecondDeadline => return None,
        };
        Some(trigger(r, kind))
    });
    out
}
