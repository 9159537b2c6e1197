//! The offline screening page: one self-contained HTML file where staff tick what
//! they observed and see which track applies, why, and the steps to take.
//!
//! The page is rendered from the validated model through a minijinja template
//! (`templates/screen.html.j2`, compiled in, replaceable by a district's folder as
//! the handout's are), in the handout's words (its context and labels). The rule
//! module (the generated JavaScript, `crate::emit::js`) is inlined with the page's
//! own behaviour (`screen.js`) as one inline module script (`inline.rs`): no
//! file, font, style or script is fetched, and the page's Content-Security-Policy
//! allows that one script and forbids every connection.

pub(crate) mod context;
mod inline;

use super::handout::{self, TemplateError, TemplateSet};
use crate::model::Model;
use minijinja::Value;

/// The page's template.
pub const SCREEN_TEMPLATE: &str = "screen.html.j2";

/// The page's behaviour: reads the form, asks the rule module, shows the result.
pub const SCREEN_SCRIPT: &str = include_str!("screen.js");

/// The screening page of `model` (the protocol or one of its translated views),
/// deciding with `rules_module`, the generated JavaScript of the same view.
pub fn to_screen(
    model: &Model,
    rules_module: &str,
    templates: &TemplateSet,
) -> Result<String, TemplateError> {
    let script = inline::page_script(rules_module, SCREEN_SCRIPT).map_err(|message| TemplateError {
        file: "the generated rule module".to_string(),
        line: None,
        message,
    })?;
    let csp = format!(
        "default-src 'none'; script-src {}; style-src 'unsafe-inline'; \
         base-uri 'none'; form-action 'none'",
        inline::csp_hash(&script)
    );
    let mut env = handout::environment(templates);
    // Ready-made Markdown (a step's text with its links) as HTML inside a line.
    env.add_filter("inline_html", |markdown: String| {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&markdown));
        let inner = html.trim_end();
        let inner = inner
            .strip_prefix("<p>")
            .and_then(|rest| rest.strip_suffix("</p>"))
            .unwrap_or(inner);
        Value::from_safe_string(inner.to_string())
    });
    let data = context::build(model, script, csp);
    handout::render(
        &env,
        templates,
        SCREEN_TEMPLATE,
        Value::from(minijinja::value::Serde(data)),
    )
}
