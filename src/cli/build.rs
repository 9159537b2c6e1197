//! `protocolc build`: each valid protocol's outputs (JSON, handouts, flowchart,
//! Rust) rendered, in each language it is translated into, and written into
//! `out/` with the schema and an index; a district's templates read.

use super::disk::{files_or_all, load, read_bounded};
use super::output::{output_stem, write_set};
use super::report::{explain_hint, first_error, report};
use super::{usage_error, Format, MessageFormat, Settings, EXIT_INVALID, EXIT_OK};
use crate::emit::handout::{self, TemplateError, TemplateSet};
use crate::emit::json::{self, Index, IndexEntry, IndexStatus};
use crate::emit::pdf::{self, Paper};
use crate::emit::rust;
use crate::model::Model;
use crate::source::Sources;
use std::path::{Path, PathBuf};

const SCHEMA_FILE: &str = "protocol.schema.json";
const INDEX_FILE: &str = "index.json";
const INDEX_SCHEMA_FILE: &str = "index.schema.json";

/// The built-in templates, with a district's `*.j2` files from `dir` in front.
pub(super) fn load_templates(dir: Option<&Path>) -> Result<TemplateSet, String> {
    let mut templates = TemplateSet::builtin();
    let Some(dir) = dir else {
        return Ok(templates);
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read templates folder `{}`: {e}", dir.display()))?;
    let mut found = 0;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".j2") {
            continue;
        }
        // A template is read only from the folder itself: a link that leads
        // elsewhere would pull any file on the machine into the handout.
        let inside = std::fs::canonicalize(dir)
            .and_then(|d| std::fs::canonicalize(&path).map(|p| p.starts_with(d)))
            .map_err(|e| format!("cannot read template `{}`: {e}", path.display()))?;
        if !inside {
            return Err(format!(
                "the template `{}` is a link to a file outside the templates folder; copy the file into the folder instead",
                path.display()
            ));
        }
        let source = read_bounded(&path)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string()))
            .map_err(|e| format!("cannot read template `{}`: {e}", path.display()))?;
        templates = templates.with_override(name, &path.to_string_lossy().replace('\\', "/"), source);
        found += 1;
    }
    if found == 0 {
        return Err(format!(
            "no templates (`*.j2` files) in `{}`; the ones you can replace are {}",
            dir.display(),
            handout::BUILTIN_TEMPLATES
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    }
    Ok(templates)
}

/// Builds each file's outputs into `out` (with no files: every protocol, and
/// the index of them); exit 1 when one has errors or an output cannot be written.
pub(super) fn build(
    files: Vec<PathBuf>,
    out: &Path,
    formats: &[Format],
    paper: Paper,
    templates: &TemplateSet,
    settings: &Settings,
) -> i32 {
    let build_all = files.is_empty();
    let files = match files_or_all(files, " to build") {
        Ok(files) => files,
        Err(code) => return code,
    };
    // Two protocols whose outputs would be the same files: refused before anything
    // is read or written, rather than one county's handout silently replacing another's.
    let stems: Vec<PathBuf> = files.iter().map(|path| output_stem(path, out)).collect();
    let mut seen: std::collections::BTreeMap<&Path, &Path> = std::collections::BTreeMap::new();
    for (path, stem) in files.iter().zip(&stems) {
        if let Some(other) = seen.insert(stem, path) {
            return usage_error(&format!(
                "`{}` and `{}` would write the same outputs (`{}.*`); build them separately with \
                 different `--out` folders, or keep protocols under protocols/, whose folders the \
                 outputs mirror",
                other.display(),
                path.display(),
                stem.display()
            ));
        }
    }
    let mut code = EXIT_OK;
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut index = Vec::new();
    let mut first = None;
    for (path, stem) in files.iter().zip(&stems) {
        let loaded = match load(path, &settings.options) {
            Ok(loaded) => loaded,
            Err(message) => {
                code = usage_error(&message);
                continue;
            }
        };
        if report(&loaded, settings.style) {
            code = code.max(EXIT_INVALID);
            first = first.or(first_error(&loaded));
        }
        let source = path.to_string_lossy().replace('\\', "/");
        let Some(model) = &loaded.compiled.model else {
            index.push(IndexEntry::unbuilt(source, IndexStatus::Invalid));
            continue;
        };
        if model.metadata.base.is_some() {
            if settings.style.format == MessageFormat::Human {
                eprintln!("{source}: a shared base for variants: checked, not built");
            }
            index.push(IndexEntry::unbuilt(source, IndexStatus::Base));
            continue;
        }
        match render_outputs(model, &loaded.sources, stem, formats, paper, templates) {
            Ok(files) => {
                let names: Vec<String> = files
                    .iter()
                    .map(|(p, _)| {
                        p.strip_prefix(out)
                            .unwrap_or(p)
                            .to_string_lossy()
                            .replace('\\', "/")
                    })
                    .collect();
                if let Err((failed, e)) = write_set(&files) {
                    eprintln!(
                        "error: cannot write `{}`: {e}\n  (none of the outputs of `{}` was changed)",
                        failed.display(),
                        path.display()
                    );
                    index.push(IndexEntry::unbuilt(source, IndexStatus::NotWritten));
                    code = code.max(EXIT_INVALID);
                    continue;
                }
                index.push(IndexEntry {
                    id: Some(model.metadata.id.clone()),
                    title: Some(model.metadata.title.clone()),
                    jurisdiction: Some(model.metadata.jurisdiction.clone()),
                    version: Some(model.metadata.version.clone()),
                    effective: Some(model.metadata.effective.clone()),
                    sources: Some(json::sources(model)),
                    outputs: names,
                    ..IndexEntry::unbuilt(source, IndexStatus::Built)
                });
            }
            Err(e) => {
                eprintln!("error: {e}\n  (no outputs written for `{}`)", path.display());
                index.push(IndexEntry::unbuilt(source, IndexStatus::Invalid));
                code = code.max(EXIT_INVALID);
            }
        }
    }
    if formats.contains(&Format::Json) {
        outputs.push((out.join(SCHEMA_FILE), json::schema_json().into_bytes()));
    }
    if build_all {
        // Every protocol under protocols/, with what was built from it.
        let document = Index {
            generator: crate::GENERATOR.to_string(),
            protocols: index,
        };
        outputs.push((out.join(INDEX_FILE), json::to_pretty(&document).into_bytes()));
        outputs.push((
            out.join(INDEX_SCHEMA_FILE),
            json::index_schema_json().into_bytes(),
        ));
    }
    for file in outputs {
        if let Err((path, e)) = write_set(&[file]) {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            code = code.max(EXIT_INVALID);
        }
    }
    explain_hint(first, settings.style);
    code
}

/// The files one valid protocol produces; all or none.
fn render_outputs(
    model: &Model,
    sources: &Sources,
    stem: &Path,
    formats: &[Format],
    paper: Paper,
    templates: &TemplateSet,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let template = |e: TemplateError| format!("the template {e}");
    let mut files: Vec<(PathBuf, Vec<u8>)> = formats
        .iter()
        .map(|format| {
            Ok(match format {
                Format::Json => (stem.with_extension("json"), json::to_json(model).into_bytes()),
                Format::Md => (
                    stem.with_extension("md"),
                    handout::to_markdown(model, templates)
                        .map_err(template)?
                        .into_bytes(),
                ),
                Format::Html => (
                    stem.with_extension("html"),
                    handout::to_html(model, templates).map_err(template)?.into_bytes(),
                ),
                Format::Pdf => (
                    stem.with_extension("pdf"),
                    pdf::to_pdf(model, paper).map_err(|e| located(e, sources))?,
                ),
                Format::Rust => (stem.with_extension("rs"), rust::to_rust(model).into_bytes()),
            })
        })
        .collect::<Result<_, String>>()?;
    // The handout and flowchart again in each language the protocol is translated
    // into, next to the protocol's own: `csec-educators.es.md`, `.es.html`, `.es.pdf`.
    for translation in &model.translations {
        let Some(view) = model.translated(&translation.language.tag) else {
            continue;
        };
        let lang = view.language.bcp47();
        for format in formats {
            let file = match format {
                Format::Md => (
                    stem.with_extension(format!("{lang}.md")),
                    handout::to_markdown(&view, templates)
                        .map_err(template)?
                        .into_bytes(),
                ),
                Format::Html => (
                    stem.with_extension(format!("{lang}.html")),
                    handout::to_html(&view, templates).map_err(template)?.into_bytes(),
                ),
                Format::Pdf => (
                    stem.with_extension(format!("{lang}.pdf")),
                    pdf::to_pdf(&view, paper)
                        .map_err(|e| format!("{} (in {})", located(e, sources), view.language.name))?,
                ),
                Format::Json | Format::Rust => continue,
            };
            files.push(file);
        }
    }
    Ok(files)
}

/// A flowchart's error, with where in the protocol a character it cannot draw
/// was written (its first place in the protocol's files).
fn located(error: pdf::PdfError, sources: &Sources) -> String {
    let pdf::PdfError::Undrawable { character, .. } = &error else {
        return error.to_string();
    };
    let place = sources.iter().find_map(|(id, file)| {
        let offset = file.text.find(*character)?;
        let (line, column) = sources.line_col(id, offset);
        Some(format!("\n  --> {}:{line}:{column}", file.name))
    });
    format!("{error}{}", place.unwrap_or_default())
}
