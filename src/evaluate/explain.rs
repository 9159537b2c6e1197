//! [`explain`]: an assessment as a person reads it, verdicts with their reasons,
//! the tracks to follow, and the path taken through their steps.

use super::{Assessment, WalkEndText};
use crate::model::Model;

/// The assessment as a person reads it: verdicts with reasons, then what to do.
pub fn explain(model: &Model, assessment: &Assessment) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n\n", model.metadata.title));
    for (verdict, criteria) in assessment.criteria.iter().zip(&model.criteria) {
        let needed = criteria.threshold_plain();
        let status = if verdict.met { "[met]    " } else { "[not met]" };
        if criteria.outcome {
            let value = verdict.level.as_deref().map_or("not set".to_string(), |id| {
                let title = criteria
                    .scoring
                    .iter()
                    .flat_map(|s| &s.levels)
                    .find(|l| l.id == id)
                    .map_or(id, |l| l.title.as_str());
                format!("{id} ({title})")
            });
            out.push_str(&format!(
                "[outcome]  {} — {}: {value}\n",
                criteria.id, criteria.title
            ));
            for why in &verdict.because {
                out.push_str(&format!("            {why}\n"));
            }
            continue;
        }
        let result = match (&criteria.scoring, &verdict.level, verdict.total) {
            // A group that does not apply has no total; `because` says why it does not.
            (_, _, None) => format!(
                "does not apply to this {}",
                model.metadata.subject.as_deref().unwrap_or("student")
            ),
            (Some(_), Some(level), Some(total)) => {
                let title = criteria
                    .scoring
                    .iter()
                    .flat_map(|s| &s.levels)
                    .find(|l| l.id == *level)
                    .map_or(level.as_str(), |l| l.title.as_str());
                format!("total {total}, level {title}")
            }
            (Some(_), None, Some(total)) => format!("total {total}, no level"),
            (None, ..) => {
                let mut named = verdict.matched.clone();
                named.extend(verdict.possible.iter().map(|p| format!("{p} (possible)")));
                if named.is_empty() {
                    format!("{} present", verdict.matched.len())
                } else {
                    format!("{} present ({})", verdict.matched.len(), named.join(", "))
                }
            }
        };
        out.push_str(&format!(
            "{status} {} — {}: met when {needed}; {result}\n",
            criteria.id, criteria.title
        ));
        for why in &verdict.because {
            out.push_str(&format!("            {why}\n"));
        }
    }
    let values: Vec<String> = model
        .inputs
        .iter()
        .filter_map(|i| match assessment.values.get(&i.id)?.as_ref()? {
            crate::model::InputValue::Number(n) => Some(format!("{} = {n}", i.id)),
            crate::model::InputValue::Scale(id) => {
                let title = i
                    .scale
                    .iter()
                    .find(|v| v.id == *id)
                    .map_or(id.as_str(), |v| v.title.as_str());
                Some(format!("{} = {id} ({title})", i.id))
            }
        })
        .collect();
    if !values.is_empty() {
        out.push_str(&format!("Values: {}\n", values.join(", ")));
    }
    if !assessment.signals.is_empty() {
        out.push_str(&format!("Signals: {}\n", assessment.signals.join(", ")));
    }
    out.push('\n');
    if assessment.tracks.is_empty() {
        out.push_str("No track applies: no track's `when` holds for what was observed and answered.\n");
    }
    for track in &assessment.tracks {
        out.push_str(&format!(
            "Follow: {} ({})\n  because: {}\n",
            track.title, track.id, track.because
        ));
        for (n, step) in track.steps.iter().enumerate() {
            match &step.condition {
                Some(condition) => out.push_str(&format!(
                    "  {}. {}, {}\n",
                    n + 1,
                    condition,
                    model.mid_sentence(&step.text)
                )),
                None => out.push_str(&format!("  {}. {}\n", n + 1, step.text)),
            }
        }
        out.push('\n');
    }
    for s in &assessment.superseded {
        out.push_str(&format!(
            "Not followed: {} (superseded by {})\n",
            s.id,
            s.by.join(", ")
        ));
    }
    // The path is printed whenever there is one, for every protocol alike.
    if !assessment.path.is_empty() || assessment.end != WalkEndText::Finished {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&explain_path(model, assessment));
    }
    out
}

/// A select-all question's answer, worked out from its group: `answered yes (Red
/// flags is met: 2 of 3 ticked)`.
fn ticked(model: &Model, assessment: &Assessment, question: &str, answer: &str) -> Option<String> {
    let group = model
        .question_named(question)
        .and_then(|q| model.question_by(q))?
        .select_all()?;
    let group = model.criteria_by(group)?;
    let verdict = assessment.criteria.iter().find(|c| c.id == group.id)?;
    Some(format!(
        "answered {answer} ({} is {}met: {} of {} ticked)",
        group.title,
        if verdict.met { "" } else { "not " },
        verdict.matched.len(),
        group.factors.len()
    ))
}

/// The path walked through the steps, one line each, and how it ended.
fn explain_path(model: &Model, assessment: &Assessment) -> String {
    let mut out = String::from("Path taken:\n");
    for (n, p) in assessment.path.iter().enumerate() {
        // A choice is said by its title too: `answered substantive (“Substantive: …”)`.
        let choice = |answer: &str| {
            let question = model.question_named(&p.step).and_then(|q| model.question_by(q))?;
            let choice = question.choices().iter().find(|c| c.id == answer)?;
            Some(format!("answered {answer} (“{}”)", choice.title))
        };
        let what = match (p.what, &p.answer, &p.deadline) {
            ("answered", Some(answer), _) => choice(answer)
                .or_else(|| ticked(model, assessment, &p.step, answer))
                .unwrap_or_else(|| format!("answered {answer}")),
            ("skipped", ..) => "skipped (its skip_when holds, or its only_when does not)".to_string(),
            (_, _, Some(deadline)) => format!("done, {deadline}"),
            _ => "done".to_string(),
        };
        out.push_str(&format!(
            "  {}. {}.{}: {} — {}\n",
            n + 1,
            p.track,
            p.step,
            what,
            p.text
        ));
        if let Some(outcome) = &p.track_ended {
            out.push_str(&format!(
                "     Track {} ends here: {}. The next track to follow goes on.\n",
                p.track,
                outcome.trim_end_matches('.')
            ));
        }
    }
    let mut routed: Vec<&str> = Vec::new();
    for p in &assessment.path {
        let applied = assessment.tracks.iter().any(|t| t.id == p.track);
        if !applied && !routed.contains(&p.track.as_str()) {
            routed.push(&p.track);
        }
    }
    if !routed.is_empty() {
        out.push_str(&format!(
            "Reached by a route, not applied (its own `when` does not hold): {}\n",
            routed.join(", ")
        ));
    }
    match &assessment.end {
        WalkEndText::Finished => out.push_str("Every step of the tracks to follow is on the path.\n"),
        WalkEndText::Ended { track, step, outcome } => out.push_str(&format!(
            "The protocol ends at {track}.{step}: {}. No further track is followed.\n",
            outcome.trim_end_matches('.')
        )),
        WalkEndText::Waiting {
            track,
            question,
            unclear: true,
        } => out.push_str(&format!(
            "Waiting: {track}.{question} was answered unclear, and it needs a yes or no (--answer {question}=yes or no).\n"
        )),
        WalkEndText::Waiting { track, question, .. } => out.push_str(&format!(
            "Waiting for an answer to {track}.{question} (--answer {question}=yes, no or unclear).\n"
        )),
    }
    out
}
