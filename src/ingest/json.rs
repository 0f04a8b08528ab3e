//! News dumps as JSON: a `.jsonl` file holds one article object a line, a
//! `.json` file one object or an array of them. The article's text field is
//! cleaned like a text file (its offsets count the chars of that field's
//! value); title, date and URL come from their fields when present, else
//! from the text as for any file.

use super::inputs::Format;
use super::{Cleaner, IngestError};
use crate::model::{DateSource, Document};
use serde_json::{Map, Value};

/// The field names read from each article object. Each list is tried in
/// order; the first field present with a non-empty string wins.
#[derive(Debug, Clone)]
pub struct Fields {
    pub text: Vec<String>,
    pub title: Vec<String>,
    pub date: Vec<String>,
    pub url: Vec<String>,
}

impl Default for Fields {
    fn default() -> Fields {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect();
        Fields {
            text: names(&["text", "body", "content", "article", "maintext"]),
            title: names(&["title", "headline"]),
            date: names(&[
                "date",
                "published",
                "published_at",
                "date_publish",
                "publish_date",
                "pubDate",
                "datetime",
            ]),
            url: names(&["url", "link", "source_url", "canonical_url"]),
        }
    }
}

/// The articles of a JSON or JSONL file named `name`. A line that is not an
/// article object is an error of its own (the others are still read); a
/// `.json` file that does not parse is one error for the file.
pub fn read(
    cleaner: &Cleaner,
    name: &str,
    bytes: &[u8],
    format: Format,
    fields: &Fields,
) -> Result<Vec<Result<Document, IngestError>>, IngestError> {
    let text = super::decode(name, bytes)?;
    if format == Format::JsonLines {
        return Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, line)| {
                let value: Value = serde_json::from_str(line)
                    .map_err(|e| IngestError::new(name, Some(i + 1), format!("not JSON: {e}")))?;
                article(cleaner, &format!("{name}#L{}", i + 1), &value, fields).map_err(|mut e| {
                    e.line = Some(i + 1);
                    e
                })
            })
            .collect());
    }
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| IngestError::new(name, Some(e.line()), format!("not JSON: {e}")))?;
    Ok(match &value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| article(cleaner, &format!("{name}#{}", i + 1), v, fields))
            .collect(),
        _ => vec![article(cleaner, name, &value, fields)],
    })
}

/// One article object → a document named `name`.
fn article(
    cleaner: &Cleaner,
    name: &str,
    value: &Value,
    fields: &Fields,
) -> Result<Document, IngestError> {
    let Value::Object(object) = value else {
        return Err(IngestError::new(name, None, "not a JSON object"));
    };
    let Some(text) = field(object, &fields.text) else {
        let tried = fields.text.join(", ");
        return Err(IngestError::new(
            name,
            None,
            format!("no text field (tried {tried}; see --json-text)"),
        ));
    };
    let mut doc = cleaner.parse(name, text.as_bytes())?;
    if let Some(title) = field(object, &fields.title) {
        doc.meta.title = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if let Some(url) = field(object, &fields.url) {
        doc.meta.url = Some(url.trim().to_string());
    }
    if let Some(date) = field(object, &fields.date).and_then(|d| cleaner.date_value(d)) {
        doc.meta.date = Some(date);
        doc.meta.date_source = Some(DateSource::Field);
    }
    Ok(doc)
}

/// The first of `names` that holds a non-empty string.
fn field<'a>(object: &'a Map<String, Value>, names: &[String]) -> Option<&'a str> {
    names.iter().find_map(|n| match object.get(n) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    })
}
