//! `protocolc build`: each valid protocol's outputs (JSON, handouts, flowchart,
//! Rust and JavaScript rule code, screening page) rendered, in each language it is translated into, and written into
//! `out/` with the schema and an index; a district's templates read.

use super::disk::{files_or_all, load, read_bounded};
use super::output::{output_stem, write_set};
use super::report::{explain_hint, first_error, report};
use super::{usage_error, Format, MessageFormat, Settings, EXIT_INVALID, EXIT_OK};
use crate::emit::handout::{self, TemplateError, TemplateSet};
use crate::emit::json::{self, FailedOutput, Index, IndexEntry, IndexStatus};
use crate::emit::pdf::{self, Sheet};
use crate::emit::{js, rust, screen};
use crate::model::Model;
use crate::source::Sources;
use std::path::{Path, PathBuf};

const SCHEMA_FILE: &str = "protocol.schema.json";
const INDEX_FILE: &str = "index.json";
const INDEX_SCHEMA_FILE: &str = "index.schema.json";
/// The test vectors' JSON Schema, at the root of the output folder.
const VECTORS_SCHEMA_FILE: &str = "vectors.schema.json";

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
    paper: Sheet,
    templates: &TemplateSet,
    settings: &Settings,
    listing: Listing,
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
        let rendered = render_outputs(model, &loaded.sources, stem, formats, paper, templates);
        for failed in &rendered.failed {
            eprintln!(
                "error: the {} of `{}` was not built: {}\n  (its other outputs are built; an earlier `{}` is left as it was)",
                failed.what(),
                path.display(),
                failed.message,
                relative_name(&failed.file, out)
            );
            code = code.max(EXIT_INVALID);
        }
        let failed: Vec<FailedOutput> = rendered
            .failed
            .iter()
            .map(|f| FailedOutput {
                format: f.format.name().to_string(),
                language: f.language.clone(),
                file: relative_name(&f.file, out),
                error: f.message.clone(),
            })
            .collect();
        if let Err((failed_file, e)) = write_set(&rendered.files) {
            eprintln!(
                "error: cannot write `{}`: {e}\n  (none of the outputs of `{}` was changed)",
                failed_file.display(),
                path.display()
            );
            index.push(IndexEntry {
                failed,
                ..IndexEntry::unbuilt(source, IndexStatus::NotWritten)
            });
            code = code.max(EXIT_INVALID);
            continue;
        }
        let names: Vec<String> = rendered
            .files
            .iter()
            .map(|(p, _)| relative_name(p, out))
            .collect();
        if listing == Listing::Files && settings.style.format == MessageFormat::Human {
            eprintln!("{}", built_into(&rendered.files, out));
        }
        let status = if failed.is_empty() {
            IndexStatus::Built
        } else {
            IndexStatus::PartlyBuilt
        };
        index.push(IndexEntry {
            id: Some(model.metadata.id.clone()),
            title: Some(model.metadata.title.clone()),
            jurisdiction: Some(model.metadata.jurisdiction.clone()),
            version: model.metadata.version.clone(),
            effective: model.metadata.effective.clone(),
            sources: Some(json::sources(model)),
            outputs: names,
            failed,
            ..IndexEntry::unbuilt(source, status)
        });
    }
    if formats.contains(&Format::Json) {
        outputs.push((out.join(SCHEMA_FILE), json::schema_json().into_bytes()));
    }
    if formats.contains(&Format::Vectors) {
        outputs.push((
            out.join(VECTORS_SCHEMA_FILE),
            json::vectors_schema_json().into_bytes(),
        ));
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

/// Whether `build` lists the files each protocol was built into.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Listing {
    Files,
    Quiet,
}

/// The line under a protocol's "ok" saying where its outputs went:
/// `  built into out/orange-county/: csec-educators.json, .md, .html, .pdf, .rs`.
fn built_into(files: &[(PathBuf, Vec<u8>)], out: &Path) -> String {
    let folder = files
        .first()
        .and_then(|(p, _)| p.parent())
        .map(|dir| format!("{}/", dir.to_string_lossy().replace('\\', "/")))
        .unwrap_or_else(|| format!("{}/", out.display()));
    let mut names: Vec<String> = Vec::new();
    for (path, _) in files {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        // After the first, a file of the same stem is shown by what follows the stem.
        let short = match (names.first(), name.split_once('.')) {
            (Some(first), Some((stem, rest))) if first.starts_with(&format!("{stem}.")) => format!(".{rest}"),
            _ => name,
        };
        names.push(short);
    }
    format!("  built into {folder}: {}", names.join(", "))
}

/// `path` as written in the index and in messages: relative to `out`, with `/`.
fn relative_name(path: &Path, out: &Path) -> String {
    path.strip_prefix(out)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// What one valid protocol's outputs came to: the files rendered, and the ones
/// that could not be (each format, in each language, stands on its own).
struct Rendered {
    files: Vec<(PathBuf, Vec<u8>)>,
    failed: Vec<Failed>,
}

/// An output that could not be rendered, and why.
struct Failed {
    format: Format,
    /// The language's name for a translated handout or chart; `None` for the protocol's own.
    language: Option<String>,
    file: PathBuf,
    message: String,
}

impl Failed {
    /// The output in words: "flowchart (pdf)", "flowchart (pdf) in Español".
    fn what(&self) -> String {
        let what = format!("{} ({})", self.format.describe(), self.format.name());
        match &self.language {
            Some(language) => format!("{what} in {language}"),
            None => what,
        }
    }
}

/// Renders each output of one valid protocol: every format asked for, then the
/// handouts, flowchart and screening page again in each language it is translated
/// into, next to the protocol's own (`csec-educators.es.md`, `.es.html`, `.es.pdf`,
/// `.es.screen.html`).
fn render_outputs(
    model: &Model,
    sources: &Sources,
    stem: &Path,
    formats: &[Format],
    paper: Sheet,
    templates: &TemplateSet,
) -> Rendered {
    let mut rendered = Rendered {
        files: Vec::new(),
        failed: Vec::new(),
    };
    let mut views = vec![(None, std::borrow::Cow::Borrowed(model))];
    for translation in &model.translations {
        if let Some(view) = model.translated(&translation.language.tag) {
            views.push((Some(view.language.bcp47()), std::borrow::Cow::Owned(view)));
        }
    }
    for (lang, view) in &views {
        for format in formats {
            // A file's name: the stem, the language of a translated view, the extension.
            let file = |extension: &str| match lang {
                None => stem.with_extension(extension),
                Some(lang) => stem.with_extension(format!("{lang}.{extension}")),
            };
            if lang.is_some() && matches!(format, Format::Json | Format::Vectors | Format::Rust | Format::Js)
            {
                continue;
            }
            match render_one(view, sources, *format, paper, templates) {
                Ok(files) => rendered.files.extend(
                    format
                        .extensions()
                        .iter()
                        .zip(files)
                        .map(|(extension, bytes)| (file(extension), bytes)),
                ),
                Err(message) => rendered.failed.push(Failed {
                    format: *format,
                    language: lang.as_ref().map(|_| view.language.name.clone()),
                    file: file(format.extensions().first().copied().unwrap_or_default()),
                    message,
                }),
            }
        }
    }
    rendered
}

/// One output of `model` (the protocol or one of its translated views): the bytes
/// of its files, one for each of [`Format::extensions`], in that order.
fn render_one(
    model: &Model,
    sources: &Sources,
    format: Format,
    paper: Sheet,
    templates: &TemplateSet,
) -> Result<Vec<Vec<u8>>, String> {
    let template = |e: TemplateError| format!("the template {e}");
    let bytes = match format {
        Format::Json => json::to_json(model).into_bytes(),
        Format::Vectors => json::to_vectors(model).into_bytes(),
        Format::Md => handout::to_markdown(model, templates)
            .map_err(template)?
            .into_bytes(),
        Format::Html => handout::to_html(model, templates).map_err(template)?.into_bytes(),
        Format::Pdf => pdf::to_pdf(model, paper).map_err(|e| located(e, sources))?,
        Format::Rust => rust::to_rust(model).into_bytes(),
        Format::Screen => screen::to_screen(model, &js::to_module(model), templates)
            .map_err(template)?
            .into_bytes(),
        Format::Js => {
            return Ok(vec![
                js::to_module(model).into_bytes(),
                js::to_declarations(model).into_bytes(),
            ])
        }
    };
    Ok(vec![bytes])
}

/// A flowchart's error, with where in the protocol it comes from: a character it
/// cannot draw (its first place in the protocol's files), or the declaration of a
/// box too tall for a page.
fn located(error: pdf::PdfError, sources: &Sources) -> String {
    let place = match &error {
        pdf::PdfError::Undrawable { character, .. } => sources.iter().find_map(|(id, file)| {
            let offset = file.text.find(*character)?;
            Some((id, file, offset))
        }),
        pdf::PdfError::DoesNotFit {
            declared: Some(declared),
            ..
        } => sources.iter().find_map(|(id, file)| {
            let mut start = 0;
            file.text.split_inclusive('\n').find_map(|line| {
                let here = start;
                start += line.len();
                let indent = line.len() - line.trim_start().len();
                let rest = line.trim_start().strip_prefix(declared.as_str())?;
                rest.starts_with(char::is_whitespace)
                    .then_some((id, file, here + indent))
            })
        }),
        _ => None,
    };
    let place = place.map(|(id, file, offset)| {
        let (line, column) = sources.line_col(id, offset);
        format!("\n  --> {}:{line}:{column}", file.name)
    });
    format!("{error}{}", place.unwrap_or_default())
}
