//! Warnings for signals, criteria groups, contacts and inputs nothing refers to.

use super::{Checker, Declarations};
use crate::diagnostic::{Code, Diagnostic};
use crate::resolve::Kind;

impl Checker {
    pub(super) fn unused(&mut self, decls: &Declarations<'_>) {
        let mut unused = Vec::new();
        for s in &decls.signals {
            unused.push((&s.id, Kind::Signal, "no track's `when` names it"));
        }
        for c in &decls.criteria {
            unused.push((
                &c.id,
                Kind::Criteria,
                "no track's `when` names it, so its factors never lead anywhere",
            ));
        }
        for c in &decls.contacts {
            unused.push((&c.id, Kind::Contact, "no step or resource names it"));
        }
        // A graded item counts in its group whether or not a trigger reads it.
        let graded = |id: &str| self.inputs.iter().any(|i| i.id == id && i.graded.is_some());
        for i in decls.inputs.iter().filter(|i| !graded(&i.id.name)) {
            unused.push((&i.id, Kind::Input, "no trigger compares it"));
        }
        for (ident, kind, why) in unused {
            if self.used.contains(&ident.name)
                || self.names.get(&ident.name).is_none_or(|s| s.span != ident.span)
            {
                continue;
            }
            let outcome = kind == Kind::Criteria && self.outcomes.contains(&ident.name);
            let (noun, why) = if outcome {
                ("outcome", "no condition reads it, so it leads nowhere")
            } else {
                (kind.noun(), why)
            };
            let help = match kind {
                Kind::Criteria if outcome => format!(
                    "read it in a track's `when`, e.g. `when {} is …`, or delete it",
                    ident.name
                ),
                Kind::Input => format!(
                    "compare it in a trigger, e.g. `when {} < 13`, or delete it",
                    ident.name
                ),
                Kind::Contact => format!(
                    "mention it in a step, e.g. `{{{}.phone}}`, or delete it",
                    ident.name
                ),
                _ => format!(
                    "name it in a track's `when`, e.g. `when {}`, or delete it",
                    ident.name
                ),
            };
            self.report(
                Diagnostic::warning(Code::Unused, format!("{noun} `{}` is never used", ident.name))
                    .at(ident.span, why)
                    .help(help),
            );
        }
    }
}
