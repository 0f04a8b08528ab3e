//! `rdf` export: not yet written (empty file).

use super::ExportOptions;
use crate::graph::KnowledgeGraph;
use std::io::{self, Write};

pub fn write_ntriples(
    _g: &KnowledgeGraph,
    _o: &ExportOptions,
    _w: &mut dyn Write,
) -> io::Result<()> {
    Ok(())
}

pub fn write_turtle(_g: &KnowledgeGraph, _o: &ExportOptions, _w: &mut dyn Write) -> io::Result<()> {
    Ok(())
}

pub fn write_trig(_g: &KnowledgeGraph, _o: &ExportOptions, _w: &mut dyn Write) -> io::Result<()> {
    Ok(())
}
