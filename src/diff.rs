//! What differs between two validated protocols — a variant and its base, or any
//! two — in plain words for a reviewer, and as data.
//!
//! Items are matched by id, so a reworded step is "changed", not "removed and
//! added". Steps and resources are compared as written, with their
//! `{contact.field}` placeholders, so a county's own phone number shows once,
//! under its contact, not again under every step that names it.

use crate::model::Model;
use serde::Serialize;
use std::collections::BTreeMap;

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Difference {
    /// `added`, `removed`, `changed` or `moved`.
    pub change: &'static str,
    /// What it is about, e.g. `contact cps` or `step suspected.report`.
    pub item: String,
    /// Which part changed, e.g. `phone` (empty for an added or removed item).
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

struct Differ {
    out: Vec<Difference>,
}

impl Differ {
    fn push(
        &mut self,
        change: &'static str,
        item: &str,
        field: &str,
        before: Option<String>,
        after: Option<String>,
    ) {
        self.out.push(Difference {
            change,
            item: item.to_string(),
            field: field.to_string(),
            before,
            after,
        });
    }

    /// Compares one field of an item.
    fn field(&mut self, item: &str, field: &str, before: Option<&str>, after: Option<&str>) {
        if before != after {
            self.push(
                "changed",
                item,
                field,
                before.map(str::to_string),
                after.map(str::to_string),
            );
        }
    }

    /// Matches two lists by id: reports removed and added items (with `describe`
    /// as their text) and calls `both` for items in both.
    fn by_id<'m, T>(
        &mut self,
        kind: &str,
        before: &'m [T],
        after: &'m [T],
        id: impl Fn(&T) -> &str,
        describe: impl Fn(&T) -> String,
        mut both: impl FnMut(&mut Self, &str, &'m T, &'m T),
    ) {
        let old: BTreeMap<&str, &T> = before.iter().map(|x| (id(x), x)).collect();
        let new: BTreeMap<&str, &T> = after.iter().map(|x| (id(x), x)).collect();
        for x in before {
            let key = id(x);
            match new.get(key) {
                Some(y) => both(self, &format!("{kind} {key}"), x, y),
                None => self.push("removed", &format!("{kind} {key}"), "", Some(describe(x)), None),
            }
        }
        for x in after {
            let key = id(x);
            if !old.contains_key(key) {
                self.push("added", &format!("{kind} {key}"), "", None, Some(describe(x)));
            }
        }
    }
}

/// Every difference from `before` to `after`, in the order a reader meets them.
pub(crate) fn diff(before: &Model, after: &Model) -> Vec<Difference> {
    let mut d = Differ { out: Vec::new() };
    let (a, b) = (&before.metadata, &after.metadata);
    for (field, x, y) in [
        ("title", Some(a.title.as_str()), Some(b.title.as_str())),
        (
            "jurisdiction",
            Some(a.jurisdiction.as_str()),
            Some(b.jurisdiction.as_str()),
        ),
        ("audience", Some(a.audience.as_str()), Some(b.audience.as_str())),
        ("version", a.version.as_deref(), b.version.as_deref()),
        ("effective", a.effective.as_deref(), b.effective.as_deref()),
        ("summary", a.summary.as_deref(), b.summary.as_deref()),
    ] {
        d.field("protocol", field, x, y);
    }
    let statement = |m: &Model| m.legal.as_ref().and_then(|l| l.statement.clone());
    d.field(
        "legal basis",
        "statement",
        statement(before).as_deref(),
        statement(after).as_deref(),
    );
    let laws = |m: &Model| {
        m.legal
            .as_ref()
            .map(|l| l.laws.iter().map(|x| x.citation()).collect::<Vec<_>>().join("; "))
    };
    d.field(
        "legal basis",
        "laws",
        laws(before).as_deref(),
        laws(after).as_deref(),
    );
    d.by_id(
        "definition",
        &before.definitions,
        &after.definitions,
        |x| &x.id,
        |x| format!("{}: {}", x.term, x.text),
        |d, item, x, y| {
            d.field(item, "term", Some(&x.term), Some(&y.term));
            d.field(item, "text", Some(&x.text), Some(&y.text));
        },
    );
    d.by_id(
        "contact",
        &before.contacts,
        &after.contacts,
        |x| &x.id,
        |x| x.name.clone(),
        |d, item, x, y| {
            d.field(item, "name", Some(&x.name), Some(&y.name));
            d.field(item, "phone", x.phone.as_deref(), y.phone.as_deref());
            d.field(item, "email", x.email.as_deref(), y.email.as_deref());
            d.field(item, "website", x.website.as_deref(), y.website.as_deref());
            d.field(item, "note", x.note.as_deref(), y.note.as_deref());
        },
    );
    d.by_id(
        "signal",
        &before.signals,
        &after.signals,
        |x| &x.id,
        |x| x.text.clone(),
        |d, item, x, y| d.field(item, "text", Some(&x.text), Some(&y.text)),
    );
    d.by_id(
        "criteria",
        &before.criteria,
        &after.criteria,
        |x| &x.id,
        |x| x.title.clone(),
        |d, item, x, y| {
            d.field(item, "title", Some(&x.title), Some(&y.title));
            d.field(item, "source", x.source.as_deref(), y.source.as_deref());
            let (tx, ty) = (x.threshold.plain_words(x), y.threshold.plain_words(y));
            d.field(item, "threshold", Some(&tx), Some(&ty));
            d.field(item, "approval", x.approval.as_deref(), y.approval.as_deref());
            let factors = |m: &Model, c: &crate::model::Criteria| -> Vec<crate::model::Factor> {
                c.factors
                    .iter()
                    .filter_map(|f| m.factor_by(*f))
                    .cloned()
                    .collect()
            };
            let (fx, fy) = (factors(before, x), factors(after, y));
            d.by_id(
                "factor",
                &fx,
                &fy,
                |f| &f.id,
                |f| f.text.clone(),
                |d, item, f, g| d.field(item, "text", Some(&f.text), Some(&g.text)),
            );
        },
    );
    d.by_id(
        "track",
        &before.tracks,
        &after.tracks,
        |x| &x.id,
        |x| x.title.clone(),
        |d, item, x, y| {
            d.field(item, "title", Some(&x.title), Some(&y.title));
            let (wx, wy) = (x.trigger.source_text(before), y.trigger.source_text(after));
            d.field(item, "when", Some(&wx), Some(&wy));
            d.field(item, "approval", x.approval.as_deref(), y.approval.as_deref());
            let names = |m: &Model, ids: &[crate::model::TrackIdx]| {
                ids.iter()
                    .filter_map(|t| m.track_by(*t))
                    .map(|t| t.id.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (sx, sy) = (names(before, &x.supersedes), names(after, &y.supersedes));
            d.field(item, "supersedes", Some(&sx), Some(&sy));
            let (px, py) = (names(before, &x.precedes), names(after, &y.precedes));
            d.field(item, "precedes", Some(&px), Some(&py));
            let track = x.id.clone();
            d.by_id(
                &format!("step {track}."),
                &x.steps,
                &y.steps,
                |s| &s.id,
                |s| s.text.template.clone(),
                |d, item, s, t| {
                    // The wording as written: a contact's new number shows under the contact.
                    d.field(item, "text", Some(&s.text.template), Some(&t.text.template));
                    d.field(item, "condition", s.condition.as_deref(), t.condition.as_deref());
                    d.field(item, "required", s.required.as_deref(), t.required.as_deref());
                    let guard =
                        |m: &Model, g: &Option<crate::model::Trigger>| g.as_ref().map(|g| g.source_text(m));
                    for (name, gs, gt) in [
                        ("skip_when", &s.skip_when, &t.skip_when),
                        ("only_when", &s.only_when, &t.only_when),
                    ] {
                        let (ws, wt) = (guard(before, gs), guard(after, gt));
                        d.field(item, name, ws.as_deref(), wt.as_deref());
                    }
                    let end = |s: &crate::model::Step| {
                        let scope = if s.ends_track { "end track" } else { "end" };
                        s.end.as_ref().map(|e| format!("{scope} \"{e}\""))
                    };
                    d.field(item, "end", end(s).as_deref(), end(t).as_deref());
                },
            );
            // Steps in both, in a different order.
            let common = |steps: &[crate::model::Step], other: &[crate::model::Step]| -> Vec<String> {
                steps
                    .iter()
                    .filter(|s| other.iter().any(|o| o.id == s.id))
                    .map(|s| s.id.clone())
                    .collect()
            };
            let (ox, oy) = (common(&x.steps, &y.steps), common(&y.steps, &x.steps));
            if ox != oy {
                d.push(
                    "moved",
                    &format!("track {track}"),
                    "step order",
                    Some(ox.join(", ")),
                    Some(oy.join(", ")),
                );
            }
        },
    );
    d.by_id(
        "resource",
        &before.resources,
        &after.resources,
        |x| &x.id,
        |x| x.text.template.clone(),
        |d, item, x, y| {
            d.field(item, "text", Some(&x.text.template), Some(&y.text.template));
            d.field(item, "url", x.url.as_deref(), y.url.as_deref());
            d.field(item, "note", x.note.as_deref(), y.note.as_deref());
        },
    );
    // `by_id` names nested items "step track." + id: join without the space.
    for difference in &mut d.out {
        difference.item = difference.item.replace(". ", ".");
    }
    d.out
}

/// The differences as a reviewer reads them, one per line.
pub(crate) fn describe(differences: &[Difference]) -> String {
    if differences.is_empty() {
        return "No differences.\n".to_string();
    }
    let quote = |s: &Option<String>| s.as_deref().map_or("(none)".to_string(), |s| format!("“{s}”"));
    let mut out = String::new();
    for d in differences {
        let line = match d.change {
            "added" => format!("+ {} added: {}", d.item, quote(&d.after)),
            "removed" => format!("- {} removed (was {})", d.item, quote(&d.before)),
            // A field given where there was none, or taken away.
            _ if d.before.is_none() => format!("~ {}: {} given: {}", d.item, d.field, quote(&d.after)),
            _ if d.after.is_none() => {
                format!("~ {}: {} taken away (was {})", d.item, d.field, quote(&d.before))
            }
            _ => format!(
                "~ {}: {} changed from {} to {}",
                d.item,
                d.field,
                quote(&d.before),
                quote(&d.after)
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}
