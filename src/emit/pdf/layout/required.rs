//! The reasons steps are required (`required "…"`) on the chart: the line under a
//! required step, or, where a one-page chart has no room for those lines, the mark
//! after its text and the key that gives each mark's reason (see [`Reasons`]).

use super::content::Content;
use super::style::{Reasons, Sizes, MUTED};
use super::text::{para, styled, Para};
use crate::model::{Model, Step};

/// The mark a key entry starts with, and a marked step ends with.
const MARK: &str = "§";

/// Every distinct reason of the chart's required steps, in the order the chart
/// shows them (columns left to right, steps top to bottom).
fn reasons(model: &Model) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    let steps = model
        .precedence
        .iter()
        .filter_map(|t| model.tracks.get(t.0))
        .flat_map(|t| &t.steps);
    for reason in steps.filter_map(|s| s.required.as_deref()) {
        if !found.contains(&reason) {
            found.push(reason);
        }
    }
    found
}

/// Whether any step of the chart is required.
pub(super) fn any(model: &Model) -> bool {
    model
        .tracks
        .iter()
        .flat_map(|t| &t.steps)
        .any(|s| s.required.is_some())
}

/// The mark for the `n`th (0-based) of `count` distinct reasons: "§" alone when
/// there is one, else numbered from 1.
fn mark(n: usize, count: usize) -> String {
    if count == 1 {
        MARK.to_string()
    } else {
        format!("{MARK}{}", n + 1)
    }
}

/// The mark after a required step's text, when its reason goes in the key.
pub(super) fn step_mark(model: &Model, step: &Step, m: &Sizes) -> Option<String> {
    if m.reasons != Reasons::Marked {
        return None;
    }
    let reason = step.required.as_deref()?;
    let all = reasons(model);
    let n = all.iter().position(|r| *r == reason)?;
    Some(mark(n, all.len()))
}

/// The line under a required step's text that says why it is required.
pub(super) fn under_step(model: &Model, step: &Step, m: &Sizes) -> Option<Para> {
    if m.reasons != Reasons::UnderStep {
        return None;
    }
    let reason = step.required.as_deref()?;
    Some(para(
        vec![styled(
            format!("{}: {reason}", model.labels.get("required_by")),
            false,
            MUTED,
        )],
        m.small,
        m.body * 0.2,
    ))
}

/// The key to the marks: one line per distinct reason, "§ Required by: …"; none
/// when the reasons are shown under their steps or no step is required.
pub(super) fn key(model: &Model, m: &Sizes) -> Option<Content> {
    if m.reasons != Reasons::Marked {
        return None;
    }
    let all = reasons(model);
    let count = all.len();
    let paras: Vec<Para> = all
        .into_iter()
        .enumerate()
        .map(|(n, reason)| {
            para(
                vec![
                    styled(format!("{} ", mark(n, count)), true, MUTED),
                    styled(
                        format!("{}: {reason}", model.labels.get("required_by")),
                        false,
                        MUTED,
                    ),
                ],
                m.small,
                if n == 0 { 0.0 } else { m.small * 0.25 },
            )
        })
        .collect();
    (!paras.is_empty()).then_some(Content {
        paras,
        pad: m.pad * 0.5,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_REASONS: &str = r#"
protocol marks {
  title "Marks" jurisdiction "Test County" audience "Staff"
}
signal concern "A concern was raised"
track report "Report" {
  when concern
  step call "Call the hotline." { required "Penal Code 11166" }
  step write "Write the report." { required "Penal Code 11166.5" }
  step file "File the copy." { required "Penal Code 11166" }
  step tell "Tell the principal."
}
"#;

    fn marked() -> (Model, Sizes) {
        let (_, compiled) = crate::compile_text("marks.protocol", TWO_REASONS);
        let model = compiled
            .model
            .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics));
        (model, Sizes::at(9.0).with_reasons(Reasons::Marked))
    }

    #[test]
    fn marks_are_numbered_when_the_reasons_differ() {
        let (model, m) = marked();
        let steps = &model.tracks[0].steps;
        let marks: Vec<_> = steps.iter().map(|s| step_mark(&model, s, &m)).collect();
        let expected = [Some("§1"), Some("§2"), Some("§1"), None];
        assert_eq!(marks, expected.map(|e| e.map(String::from)));
        let key = key(&model, &m).unwrap_or_else(|| panic!("no key"));
        let lines: Vec<String> = key
            .paras
            .iter()
            .map(|p| p.spans.iter().map(|s| s.text.as_str()).collect())
            .collect();
        assert_eq!(
            lines,
            [
                "§1 Required by: Penal Code 11166",
                "§2 Required by: Penal Code 11166.5"
            ]
        );
        // Marked, nothing goes under the steps.
        assert!(steps.iter().all(|s| under_step(&model, s, &m).is_none()));
    }

    #[test]
    fn under_the_step_there_are_no_marks_and_no_key() {
        let (model, m) = marked();
        let m = m.with_reasons(Reasons::UnderStep);
        let steps = &model.tracks[0].steps;
        assert!(steps.iter().all(|s| step_mark(&model, s, &m).is_none()));
        assert!(key(&model, &m).is_none());
        let under: Vec<_> = steps
            .iter()
            .map(|s| under_step(&model, s, &m).is_some())
            .collect();
        assert_eq!(under, [true, true, true, false]);
    }
}
