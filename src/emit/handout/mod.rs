//! Staff handouts: Markdown and self-contained printable HTML, rendered from the
//! validated model through minijinja templates.
//!
//! The built-in templates (`templates/`) are compiled into the binary; a district's
//! folder (`--templates DIR`) is tried first, file by file. The HTML body is the
//! Markdown handout rendered by pulldown-cmark, so the two never say different
//! things. Protocol text is escaped for each target: Markdown by our own escaper
//! (an auto-escape mode of the Markdown templates), HTML by minijinja's.

pub(crate) mod context;
mod criteria;
mod html;
pub mod markdown;

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::model::Model;

pub const MARKDOWN_TEMPLATE: &str = "handout.md.j2";
pub const HTML_TEMPLATE: &str = "handout.html.j2";
/// The pieces of the Markdown handout (a step, a criteria group, …) as macros,
/// imported by the Markdown template and open to a district's own.
pub const MARKDOWN_MACROS: &str = "handout.macros.md.j2";
/// The pieces of the HTML page (its style sheet) as macros.
pub const HTML_MACROS: &str = "handout.macros.html.j2";

/// The templates compiled into the binary, by name: the two handouts, the
/// macro files they import, and the screening page (`crate::emit::screen`).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        MARKDOWN_TEMPLATE,
        include_str!("../../../templates/handout.md.j2"),
    ),
    (HTML_TEMPLATE, include_str!("../../../templates/handout.html.j2")),
    (
        MARKDOWN_MACROS,
        include_str!("../../../templates/handout.macros.md.j2"),
    ),
    (
        HTML_MACROS,
        include_str!("../../../templates/handout.macros.html.j2"),
    ),
    (
        crate::emit::screen::SCREEN_TEMPLATE,
        include_str!("../../../templates/screen.html.j2"),
    ),
];

/// Where a template came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TemplateFile {
    /// Shown in errors, e.g. `district/handout.md.j2`.
    path: String,
    source: String,
}

/// The templates to render with: a district's files, falling back to the built-in ones.
#[derive(Clone, Debug, Default)]
pub struct TemplateSet {
    overrides: BTreeMap<String, TemplateFile>,
}

impl TemplateSet {
    /// Only the built-in templates.
    pub fn builtin() -> Self {
        Self::default()
    }

    /// Uses `source` (read from `path`) instead of the built-in template `name`.
    pub fn with_override(mut self, name: &str, path: &str, source: String) -> Self {
        self.overrides.insert(
            name.to_string(),
            TemplateFile {
                path: path.to_string(),
                source,
            },
        );
        self
    }

    fn path_of(&self, name: &str) -> String {
        match self.overrides.get(name) {
            Some(file) => file.path.clone(),
            None => format!("templates/{name} (built in)"),
        }
    }
}

/// A template that failed: its file, line, and what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The name of the Markdown auto-escape mode.
const MARKDOWN_ESCAPE: &str = "markdown";

fn is_markdown(mode: &AutoEscape) -> bool {
    matches!(mode, AutoEscape::Custom(name) if name == MARKDOWN_ESCAPE)
}

/// How much work one render may do, in minijinja's units of fuel (about one
/// per instruction): the built-in handout of the largest protocol here takes
/// well under a tenth of it; a district template with a runaway loop stops
/// within a second instead of running for minutes.
const TEMPLATE_FUEL: u64 = 5_000_000;

pub(crate) fn environment(templates: &TemplateSet) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(TEMPLATE_FUEL));
    // A heading is one line: a line break written in a title (`\n`) would end
    // the heading and put the rest of the title in a paragraph of its own.
    env.add_filter("one_line", |text: String| {
        text.split(['\n', '\r'])
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    });
    // A text of several paragraphs (an empty line between them, as a summary may
    // be written) as Markdown paragraphs, each escaped: the escaper alone keeps
    // line breaks inside one paragraph, so the paragraphs ran together.
    env.add_filter("paragraphs", |text: String| {
        let paragraphs: Vec<String> = text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(markdown::escape)
            .collect();
        Value::from_safe_string(paragraphs.join("\n\n"))
    });
    // Text inside a CSS string (`content: "…"` in the style sheet): quoted, with
    // every character that could end the string or the `<style>` element escaped.
    env.add_filter("css_string", |text: String| {
        let mut out = String::from("\"");
        for c in text.chars() {
            if c.is_alphanumeric() || c == ' ' {
                out.push(c);
            } else {
                out.push_str(&format!("\\{:x} ", u32::from(c)));
            }
        }
        out.push('"');
        Value::from_safe_string(out)
    });
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    let overrides = Arc::new(templates.overrides.clone());
    env.set_loader(move |name| {
        if let Some(file) = overrides.get(name) {
            return Ok(Some(file.source.clone()));
        }
        Ok(BUILTIN_TEMPLATES
            .iter()
            .find(|(builtin, _)| *builtin == name)
            .map(|(_, source)| source.to_string()))
    });
    env.set_auto_escape_callback(|name| {
        let base = name.strip_suffix(".j2").unwrap_or(name);
        if base.ends_with(".md") {
            AutoEscape::Custom(MARKDOWN_ESCAPE.into())
        } else if base.ends_with(".html") || base.ends_with(".htm") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if is_markdown(state.auto_escape()) {
            if value.is_undefined() || value.is_none() {
                return Err(Error::new(
                    ErrorKind::UndefinedError,
                    "this value is empty; wrap it in `{% if … %}` before printing it",
                ));
            }
            let text = value.to_string();
            let escaped = if value.is_safe() {
                text
            } else {
                markdown::escape(&text)
            };
            return out
                .write_str(&escaped)
                .map_err(|_| Error::new(ErrorKind::WriteFailure, "could not write the handout"));
        }
        minijinja::escape_formatter(out, state, value)
    });
    env
}

pub(crate) fn render(
    env: &Environment<'_>,
    templates: &TemplateSet,
    name: &str,
    context: Value,
) -> Result<String, TemplateError> {
    let to_error = |e: Error| TemplateError {
        file: templates.path_of(e.name().unwrap_or(name)),
        line: e.line(),
        message: match (e.kind(), e.detail()) {
            (ErrorKind::OutOfFuel, _) => format!(
                "the template does more work than a handout needs (more than {TEMPLATE_FUEL} steps); \
                 look for a loop inside a loop, or a loop over a long range"
            ),
            (kind, Some(detail)) => format!("{kind}: {detail}"),
            (kind, None) => kind.to_string(),
        },
    };
    let template = env.get_template(name).map_err(to_error)?;
    template.render(context).map_err(to_error)
}

/// The Markdown handout.
pub fn to_markdown(model: &Model, templates: &TemplateSet) -> Result<String, TemplateError> {
    let env = environment(templates);
    let context = Value::from(Serde(context::build(model)));
    render(&env, templates, MARKDOWN_TEMPLATE, context)
}

/// The HTML handout: the Markdown handout rendered by pulldown-cmark (adjusted
/// for print and screen readers, `html.rs`), inside the HTML template (which sees
/// the same context plus `body`).
pub fn to_html(model: &Model, templates: &TemplateSet) -> Result<String, TemplateError> {
    let env = environment(templates);
    let data = Value::from(Serde(context::build(model)));
    let md = render(&env, templates, MARKDOWN_TEMPLATE, data.clone())?;
    let body = html::body(&md);
    let context = minijinja::context! { body => Value::from_safe_string(body), ..data };
    render(&env, templates, HTML_TEMPLATE, context)
}
