//! What `kg build` is given, turned into documents: a folder (walked
//! recursively), a single file, or `-` for standard input; each file read by
//! its kind (plain text and Markdown, HTML pages, JSON/JSONL news dumps). Files that are
//! not read are listed with the reason, so the caller can name every one.

use super::{html, json, sidecar, Cleaner, IngestError, MAX_FILE_BYTES};
use crate::model::{DateSource, Document};
use std::path::{Path, PathBuf};

/// How a file is read, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.md`, `.markdown`, `.text` (and any file named alone).
    Text,
    /// `.jsonl`, `.ndjson`: one article object a line.
    JsonLines,
    /// `.json`: one article object, or an array of them.
    Json,
    /// `.html`, `.htm`, `.xhtml`: a web page.
    Html,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "markdown" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }
}

/// One input to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file, or `-` for standard input.
    pub path: PathBuf,
    /// The document name: the path relative to the folder given, with `/`
    /// between folders (`2021/05/minsk.txt`); `stdin` for standard input.
    pub name: String,
    pub format: Format,
}

/// What a listing found: the inputs to read, sorted by name, and the files
/// left unread with why.
#[derive(Debug, Default)]
pub struct Listing {
    pub inputs: Vec<Input>,
    pub ignored: Vec<(PathBuf, &'static str)>,
}

/// Lists what `arg` names: `-` (standard input), a file, or a folder walked
/// recursively. Hidden files and folders (`.git`) and gold files
/// (`*.gold.json`) are ignored; other files of no known kind are ignored and
/// reported in `ignored`.
pub fn list(arg: &Path) -> std::io::Result<Listing> {
    let mut listing = Listing::default();
    if arg == Path::new("-") {
        listing.inputs.push(Input {
            path: arg.to_path_buf(),
            name: "stdin".into(),
            format: Format::Text,
        });
        return Ok(listing);
    }
    let meta = std::fs::metadata(arg)?;
    if !meta.is_dir() {
        let name = arg
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| arg.display().to_string());
        listing.inputs.push(Input {
            path: arg.to_path_buf(),
            name,
            // a file named on its own is read, as text if of no known kind
            format: Format::of(arg).unwrap_or(Format::Text),
        });
        return Ok(listing);
    }
    walk(arg, "", &mut listing)?;
    listing.inputs.sort_by(|a, b| a.name.cmp(&b.name));
    listing.ignored.sort();
    Ok(listing)
}

fn walk(dir: &Path, prefix: &str, listing: &mut Listing) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    // stems of the text and HTML articles here, which sidecars belong to
    let articles: std::collections::HashSet<&str> = entries
        .iter()
        .filter(|p| matches!(Format::of(p), Some(Format::Text | Format::Html)))
        .filter_map(|p| p.file_stem()?.to_str())
        .collect();
    for path in &entries {
        let path = path.clone();
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = format!("{prefix}{file}");
        if file.starts_with('.') {
            listing.ignored.push((path, "hidden"));
        } else if path.is_dir() {
            if path.is_symlink() {
                // not followed: a link to a parent would loop for ever
                listing
                    .ignored
                    .push((path, "a link to a folder (not followed)"));
            } else if walk(&path, &format!("{name}/"), listing).is_err() {
                listing
                    .ignored
                    .push((path, "a folder that cannot be listed"));
            }
        } else if file.ends_with(".gold.json") {
            listing.ignored.push((path, "a gold file"));
        } else if let Some(base) = file.strip_suffix(sidecar::SUFFIX) {
            // read with its article, which has the same stem
            if !articles.contains(base) {
                listing.ignored.push((
                    path,
                    "a metadata sidecar with no .txt, .md or .html article beside it",
                ));
            }
        } else if let Some(format) = Format::of(&path) {
            listing.inputs.push(Input { path, name, format });
        } else {
            // Not folders, but perhaps unreadable as files (broken links,
            // FIFOs): those of a known kind were listed above so that
            // reading names them.
            listing.ignored.push((
                path,
                "not a kind kg reads (.txt, .md, .html, .json, .jsonl)",
            ));
        }
    }
    Ok(())
}

/// How inputs are read beyond what their bytes say.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Date documents that have none of their own from a date in their file
    /// name (`2021-05-24_minsk.txt`, `20210524-minsk.txt`).
    pub date_from_filename: bool,
    /// Field names of JSON articles.
    pub json: json::Fields,
}

/// Reads one input: its documents, one per article (a JSONL dump holds
/// many), each `Ok` or the error that names its file and line.
pub fn read(
    cleaner: &Cleaner,
    input: &Input,
    opts: &ReadOptions,
) -> Result<Vec<Result<Document, IngestError>>, IngestError> {
    let bytes = read_bytes(&input.path)?;
    let named = |mut e: IngestError| {
        e.path = input.path.clone();
        e
    };
    let mut docs = match input.format {
        Format::Text => vec![cleaner.parse(&input.name, &bytes).map_err(named)],
        Format::Html => vec![html::read(cleaner, &input.name, &bytes).map_err(named)],
        Format::JsonLines | Format::Json => {
            json::read(cleaner, &input.name, &bytes, input.format, &opts.json)
                .map_err(named)?
                .into_iter()
                .map(|r| r.map_err(named))
                .collect()
        }
    };
    if matches!(input.format, Format::Text | Format::Html) && input.path != Path::new("-") {
        for doc in docs.iter_mut() {
            if let Ok(d) = doc {
                if let Err(e) = sidecar::apply(cleaner, &input.path, d) {
                    *doc = Err(e);
                }
            }
        }
    }
    if opts.date_from_filename {
        for doc in docs.iter_mut().flatten() {
            if doc.meta.date.is_none() {
                if let Some(date) = date_in_file_name(&input.path) {
                    doc.meta.date = Some(date);
                    doc.meta.date_source = Some(DateSource::FileName);
                }
            }
        }
    }
    Ok(docs)
}

/// The bytes of a file, or of standard input for `-`.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, IngestError> {
    let error = |message: String| IngestError {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| error(format!("cannot read standard input: {e}")))?;
        return Ok(bytes);
    }
    // Checked before opening: opening a FIFO for reading blocks until a
    // writer comes, and a device may never end.
    let meta = std::fs::metadata(path).map_err(|e| error(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(error("not a regular file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(error(format!(
            "{} bytes, over the limit of {MAX_FILE_BYTES} for one article: split it",
            meta.len()
        )));
    }
    std::fs::read(path).map_err(|e| error(format!("cannot read: {e}")))
}

/// A date at the start of a file name or between separators:
/// `2021-05-24_x.txt`, `2021_05_24-x.md`, `20210524 x.txt`, `x-2021-05-24.txt`.
pub fn date_in_file_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let bytes = stem.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    for start in 0..bytes.len() {
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = &stem[start..];
        let (y, m, d, len) = if rest.len() >= 10
            && matches!(bytes[start + 4], b'-' | b'_' | b'.')
            && bytes[start + 7] == bytes[start + 4]
        {
            (&rest[0..4], &rest[5..7], &rest[8..10], 10)
        } else if rest.len() >= 8 && (0..8).all(|i| digit_at(start + i)) {
            (&rest[0..4], &rest[4..6], &rest[6..8], 8)
        } else {
            continue;
        };
        if bytes
            .get(start + len)
            .is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
            continue;
        };
        if (1900..=2100).contains(&y) && super::valid_day(y, m, d) {
            return Some(super::iso(y, m, d));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_found_in_file_names() {
        let date = |n: &str| date_in_file_name(Path::new(n));
        assert_eq!(date("2021-05-24_minsk.txt").as_deref(), Some("2021-05-24"));
        assert_eq!(date("20210524-minsk.md").as_deref(), Some("2021-05-24"));
        assert_eq!(
            date("a/b/minsk_2020_08_10.txt").as_deref(),
            Some("2020-08-10")
        );
        assert_eq!(date("000_2aeb1f931980b3aa.txt"), None);
        assert_eq!(date("id123420210524.txt"), None);
        assert_eq!(date("2021-13-24_x.txt"), None);
    }
}
