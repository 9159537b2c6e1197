//! A generated protocol of any size that uses the constructs issue 14 added, for
//! the benchmark of `check` and the tests that it checks clean: scale inputs,
//! scored groups with a level only a rule sets (a `force` on a scale and a signal),
//! a `floor` on a number and a graded item, groups' own words for their items, a
//! named outcome read by a track, questions answered
//! by picking one whose answers later tracks read, select-all questions ticked
//! from a group, factors that count only for some students (`only_when`), `end
//! track`, `only_when`, deadlines as times from an event, durations, step labels,
//! checklists and either-or roles.

use std::fmt::Write as _;

/// Factors per criteria group in [`generate_rich_protocol`].
pub const RICH_FACTORS_PER_GROUP: usize = 10;

/// A valid protocol with `factors` factors and `steps` steps and questions
/// (`factors` > 10, so one group is scored, and `steps` ≥ 4), every other group scored, every track opening with
/// a choice question. Tracks are chained `t0 → t1 → …` as in `generate_protocol`,
/// so it checks without a diagnostic.
pub fn generate_rich_protocol(factors: usize, steps: usize) -> String {
    assert!(
        factors > RICH_FACTORS_PER_GROUP && steps >= 4,
        "a rich protocol needs a scored group, and steps that read the scale"
    );
    let groups = factors.div_ceil(RICH_FACTORS_PER_GROUP);
    let mut out = String::with_capacity(260 * (factors + steps));
    let _ = writeln!(
        out,
        "protocol rich {{\n  title \"Generated protocol\"\n  jurisdiction \"Testland\"\n  audience \"Educators\"\n  version \"1.0\"\n  effective 2024-08-01\n}}\n"
    );
    out.push_str("contact hotline {\n  name \"The hotline\"\n  phone \"800-555-0100\"\n}\n\n");
    out.push_str("signal sig \"Staff suspect exploitation\"\n");
    out.push_str("input age \"Student's age in years\" from 5 to 22\n");
    out.push_str(
        "input safety \"How safe is the student at home?\" scale low \"Low\", moderate \"Moderate\", high \"High\", very_high \"Very high\"\n\n",
    );
    let mut atoms = Vec::new();
    for g in 0..groups {
        let size = RICH_FACTORS_PER_GROUP.min(factors - g * RICH_FACTORS_PER_GROUP);
        let scored = g % 2 == 1;
        let _ = writeln!(out, "criteria g{g} \"Criteria group {g}\" {{");
        out.push_str("  items_called \"indicator\" \"indicators\"\n");
        if scored {
            out.push_str("  level low    \"Low\"    from 0 to 1\n  level medium \"Medium\" from 2 to 3\n");
            out.push_str(
                "  level high   \"High\"   from 4\n  level urgent \"Urgent\"\n  met_when at_least medium\n",
            );
        } else {
            let _ = writeln!(out, "  met_when at_least {}", 1 + g % size);
        }
        for i in 0..size {
            let points = if scored { " points 1" } else { "" };
            // The first of each group counts only for students of 10 or over.
            let only = if i == 0 { " only_when age >= 10" } else { "" };
            let _ = writeln!(
                out,
                "  factor f{g}_{i} \"Indicator {i} of group {g}: something staff may notice\"{points}{only}"
            );
        }
        if scored {
            let _ = writeln!(
                out,
                "  graded care{g} \"Care at home\" {{\n    grade none   \"No concern\"         points 0\n    grade some   \"Some gaps in care\"  points 1\n    grade severe \"Left alone for days\" points 3 alone high\n  }}"
            );
            out.push_str("  floor medium when age < 13\n  force urgent when safety is very_high and sig\n");
            atoms.push(format!("g{g} at_least high"));
        } else {
            atoms.push(format!("g{g}"));
        }
        out.push_str("}\n\n");
    }
    // An outcome over the scale and the first group, read by the last track.
    out.push_str(
        "outcome response \"Response time\" {\n  value routine \"Routine\"\n  value soon \"Soon\"\n  value now \"Now\"\n  set now when safety is very_high and sig\n  set soon when g0 or safety >= high\n  otherwise routine\n  highest_wins\n}\n\n",
    );
    atoms.push("sig or response at_least soon".to_string());
    // Each track opens with a question and has at least one step after it.
    let tracks = atoms.len().min(steps / 2);
    let mut step = 0;
    for t in 0..tracks {
        let when: Vec<&str> = atoms
            .iter()
            .enumerate()
            .filter(|(a, _)| a % tracks == t)
            .map(|(_, atom)| atom.as_str())
            .collect();
        let _ = writeln!(out, "track t{t} \"Track {t}\" {{\n  when {}", when.join(" or "));
        if t + 1 < tracks {
            let keyword = if t % 2 == 0 { "supersedes" } else { "precedes" };
            let _ = writeln!(out, "  {keyword} t{}", t + 1);
        }
        let own = steps / tracks + usize::from(t < steps % tracks);
        let _ = writeln!(
            out,
            "  question q{t} \"How serious is it?\" {{\n    choice minor \"Minor\" end track \"Nothing more to do in this track\"\n    choice serious \"Serious\" next\n    choice unclear \"Not yet clear\" next\n  }}"
        );
        step += 1;
        for s in 1..own {
            // Every third track asks, second, which of the first group's indicators apply.
            if s == 1 && t % 3 == 0 && own >= 3 {
                let _ = writeln!(
                    out,
                    "  question tick{t} \"Which of these indicators apply?\" {{\n    select_all g0\n    yes next\n    no end track \"No indicators ticked\"\n  }}"
                );
                step += 1;
                continue;
            }
            let _ = writeln!(
                out,
                "  step s{s} \"Step {step}: call {{hotline.name}} at {{hotline.phone}}.\" {{"
            );
            let _ = writeln!(out, "    label \"Step {step}\"");
            out.push_str("    role \"School counselor\" or \"School psychologist\"\n");
            match s % 4 {
                0 => out.push_str("    deadline within 24 hours from \"the report\"\n"),
                1 => out.push_str(
                    "    deadline immediately\n    checklist \"The student's name\", \"What was seen\"\n",
                ),
                2 => out.push_str("    only_when safety >= high\n    deadline end_of_day\n"),
                _ => out.push_str("    lasts at_least 90 days\n"),
            }
            if t > 0 && s == 1 {
                let _ = writeln!(out, "    skip_when q{} is minor", t - 1);
            }
            out.push_str("  }\n");
            step += 1;
        }
        out.push_str("}\n\n");
    }
    out
}
