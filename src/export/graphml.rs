//! `graphml` export: not yet written (empty file).

use super::ExportOptions;
use crate::graph::KnowledgeGraph;
use std::io::{self, Write};

pub fn write(_g: &KnowledgeGraph, _o: &ExportOptions, _w: &mut dyn Write) -> io::Result<()> {
    Ok(())
}
