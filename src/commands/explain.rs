//! `kg explain`: runs text through annotate and extract and shows every
//! stage: sentences, mentions (surface → entity, class, how it was found),
//! the raw and reduced templates rules read, and the facts with their rule.
//! For people writing rules.

use crate::annotate::Annotator;
use crate::extract::template::Templates;
use crate::extract::Extractor;
use anyhow::Context;
use std::fmt::Write as _;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// `writeln!` into a String, which cannot fail.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{ let _ = writeln!($out, $($arg)*); }};
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The text to explain (reads stdin when absent).
    pub text: Option<String>,
    /// Folder of the ontology, gazetteer and rules (default: $KG_ONTOLOGY, ./ontology, beside the binary, else built in).
    #[arg(long)]
    pub ontology: Option<PathBuf>,
    /// Only rules whose id starts with this prefix (e.g. `meet.`).
    #[arg(long)]
    pub rules: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut onto = super::load_ontology(args.ontology.as_deref())?;
    if let Some(prefix) = &args.rules {
        onto.rules.retain(|r| r.id.starts_with(prefix.as_str()));
    }
    let text = match args.text {
        Some(t) => t,
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read stdin")?;
            s
        }
    };
    let doc = onto.cleaner.parse("explain.txt", text.as_bytes())?;
    let annotated = Annotator::new(&onto).annotate(doc);
    let templates = Templates::new(&onto.lexicon);
    let mut out = String::new();
    for (i, _) in annotated.sentences.iter().enumerate() {
        outln!(out, "sentence {i}: {}", annotated.sentence_text(i));
        for m in annotated.mentions_in(i) {
            let e = &annotated.entities[m.entity];
            outln!(
                out,
                "  mention {:?} → {} ({}, {:?})",
                annotated.mention_text(m),
                e.key,
                e.class,
                m.kind
            );
        }
        let t = templates.build(&annotated, i);
        outln!(out, "  raw:     {}", t.raw);
        outln!(out, "  reduced: {}", t.reduced);
        for r in &t.lifted {
            outln!(out, "  lifted:  {r}");
        }
    }
    let result = Extractor::new(&onto).extract(&annotated);
    for f in &result.facts {
        outln!(
            out,
            "fact: {} {} {:?}  [{} {:.2}]",
            f.subject,
            f.predicate,
            f.object,
            f.evidence.rule,
            f.evidence.confidence
        );
    }
    std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
