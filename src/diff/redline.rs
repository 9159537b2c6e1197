//! The redline: the differences as one self-contained HTML page for a reviewer to
//! print and sign (`protocolc diff --html`). A changed text is marked word by word
//! (struck through what is taken out, underlined what is put in); the page names
//! both protocols' files with their SHA-256 and ends with lines to sign. The page
//! comes from a template compiled in (`redline.html.j2`) with HTML auto-escaping,
//! so protocol text cannot become markup.

use super::Difference;
use crate::model::Model;
use minijinja::value::Serde;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

const TEMPLATE: &str = include_str!("redline.html.j2");

/// One protocol as the page names it.
#[derive(Serialize)]
struct Side {
    title: String,
    sources: Vec<File>,
}

/// A file a protocol was built from.
#[derive(Serialize)]
struct File {
    file: String,
    sha256: String,
}

/// One difference as the page shows it: the before → after text in pieces.
#[derive(Serialize)]
struct Row<'a> {
    item: &'a str,
    field: &'a str,
    change: &'a str,
    position: Option<&'a str>,
    pieces: Vec<Piece>,
}

/// A run of text kept, taken out (`del`) or put in (`ins`).
#[derive(Serialize)]
struct Piece {
    kind: &'static str,
    text: String,
}

/// Below this share of words kept, a changed text is shown whole: struck through,
/// then put in, rather than as a mosaic of small changes.
const WORD_BY_WORD: f32 = 0.5;

/// Before → after as pieces: word by word for a text mostly kept, whole otherwise.
fn pieces(before: Option<&str>, after: Option<&str>) -> Vec<Piece> {
    let piece = |kind, text: &str| Piece {
        kind,
        text: text.to_string(),
    };
    let words = before.zip(after).map(|(x, y)| TextDiff::from_words(x, y));
    match (before, after, words) {
        (Some(x), Some(y), Some(words)) if words.ratio() < WORD_BY_WORD => {
            vec![piece("del", x), piece("same", " "), piece("ins", y)]
        }
        (_, _, Some(words)) => words
            .iter_all_changes()
            .map(|c| {
                let kind = match c.tag() {
                    ChangeTag::Delete => "del",
                    ChangeTag::Insert => "ins",
                    ChangeTag::Equal => "same",
                };
                piece(kind, c.value())
            })
            .collect(),
        (Some(x), _, None) => vec![piece("del", x)],
        (_, Some(y), None) => vec![piece("ins", y)],
        (None, None, None) => Vec::new(),
    }
}

/// The page for the differences from `before` to `after`.
pub(crate) fn redline(before: &Model, after: &Model, differences: &[Difference]) -> Result<String, String> {
    let side = |m: &Model| Side {
        title: m.metadata().title.clone(),
        sources: m
            .sources()
            .iter()
            .map(|s| File {
                file: s.file.clone(),
                sha256: s.sha256.clone(),
            })
            .collect(),
    };
    let changes: Vec<Row<'_>> = differences
        .iter()
        .map(|d| Row {
            item: &d.item,
            field: &d.field,
            change: match (d.change, &d.before, &d.after) {
                ("changed", None, _) => "given",
                ("changed", _, None) => "taken away",
                (change, _, _) => change,
            },
            position: d.position.as_deref(),
            pieces: pieces(d.before.as_deref(), d.after.as_deref()),
        })
        .collect();
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("redline.html", TEMPLATE)
        .map_err(|e| e.to_string())?;
    let template = env.get_template("redline.html").map_err(|e| e.to_string())?;
    template
        .render(minijinja::context! {
            before => Serde(side(before)),
            after => Serde(side(after)),
            changes => Serde(changes),
        })
        .map_err(|e| e.to_string())
}
