//! The inputs row's box for an outcome: its title, that the highest value set
//! wins, and each value, lowest first, with the rules that set it.

use super::content::Content;
use super::style::{Sizes, INK, NAVY};
use super::text::{para, styled};
use crate::model::{Criteria, Model};

/// An outcome's box (in place of a criteria group's factors and levels).
pub(super) fn outcome_content(model: &Model, c: &Criteria, m: &Sizes) -> Content {
    let mut paras = vec![
        para(vec![styled(c.title.as_str(), true, INK)], m.head, 0.0),
        para(
            vec![styled(model.labels.get("outcome_values"), true, NAVY)],
            m.small,
            m.body * 0.3,
        ),
    ];
    for value in model.outcome_values(c) {
        paras.push(para(
            vec![
                styled(format!("{}: ", value.title), true, INK),
                styled(value.rule, false, INK),
            ],
            m.small,
            m.body * 0.25,
        ));
    }
    Content { paras, pad: m.pad }
}
