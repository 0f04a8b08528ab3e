//! Sidecar metadata: `minsk.meta.json` beside `minsk.txt` (or `minsk.html`,
//! `minsk.md`) gives the article's title, date and URL, for collections
//! whose files hold none. Its fields override what was found in the file;
//! the date's source is then `sidecar`. A sidecar belongs to a file of one
//! article (text, Markdown, HTML); JSON dumps carry their fields inline.
//!
//! ```json
//! {"title": "Lukashenko meets Putin", "date": "2021-09-09", "url": "https://…"}
//! ```

use super::{Cleaner, IngestError};
use crate::model::{DateSource, Document};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What a sidecar file's name ends with.
pub const SUFFIX: &str = ".meta.json";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

/// The sidecar of the article file `path`: `<stem>.meta.json` beside it.
pub fn path_of(path: &Path) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    Some(path.with_file_name(format!("{stem}{SUFFIX}")))
}

/// Applies the sidecar of `path`, if there is one, to `doc`.
pub fn apply(cleaner: &Cleaner, path: &Path, doc: &mut Document) -> Result<(), IngestError> {
    let Some(sidecar) = path_of(path).filter(|p| p.is_file()) else {
        return Ok(());
    };
    let bytes = super::inputs::read_bytes(&sidecar)?;
    let error = |line: Option<usize>, message: String| IngestError {
        path: sidecar.clone(),
        line,
        message,
    };
    let fields: Fields = serde_json::from_slice(&bytes)
        .map_err(|e| error(Some(e.line()), format!("not a sidecar: {e}")))?;
    if let Some(title) = fields.title {
        doc.meta.title = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if let Some(url) = fields.url {
        doc.meta.url = Some(url.trim().to_string());
    }
    if let Some(date) = fields.date {
        let iso = cleaner
            .date_value(&date)
            .ok_or_else(|| error(None, format!("date {date:?} is not a date")))?;
        doc.meta.date = Some(iso);
        doc.meta.date_source = Some(DateSource::Sidecar);
    }
    Ok(())
}
