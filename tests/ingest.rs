//! Ingest and sentence splitting: the seed articles, hand-made articles for
//! each cleaning rule, hostile input, and offsets mapped back to the source.

use kg::annotate::sentences::split;
use kg::ingest::{self, Cleaner};
use kg::model::{DateSource, Document};
use std::path::{Path, PathBuf};

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name)
}

fn parse(text: &str) -> Document {
    ingest::parse("test.txt", text.as_bytes()).expect("parses")
}

fn sentences(doc: &Document) -> Vec<&str> {
    split(&doc.text)
        .iter()
        .map(|s| &doc.text[s.start..s.end])
        .collect()
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.text.split("\n\n").collect()
}

/// Source chars of the clean byte range `[a, b)`.
fn source_slice(doc: &Document, source: &[char], a: usize, b: usize) -> String {
    let last = doc.text[..b].chars().next_back().map_or(0, char::len_utf8);
    let start = doc.source_offset(a);
    let end = doc.source_offset(b - last) + 1;
    source[start..end].iter().collect()
}

/// Text with white space and hyphens removed: what a join may change.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

fn check_offsets(doc: &Document, source: &str) {
    check_offsets_markup(doc, source, false);
}

/// Every segment copies the source char for char (a line end may read as a
/// space), and every sentence maps back to its source text.
fn check_offsets_markup(doc: &Document, source: &str, markup: bool) {
    let source: Vec<char> = source.chars().collect();
    assert_eq!(doc.segments.first().map(|s| s.clean), Some(0));
    for (i, seg) in doc.segments.iter().enumerate() {
        let end = doc.segments.get(i + 1).map_or(doc.text.len(), |s| s.clean);
        let chars = doc.text[seg.clean..end].chars();
        for (k, c) in chars.take_while(|&c| c != '\n').enumerate() {
            let s = source[seg.source_char + k];
            assert!(
                c == s || (c == ' ' && s.is_whitespace()),
                "{}: segment {i} char {k}: clean {c:?} vs source {s:?}",
                doc.meta.name
            );
        }
    }
    for s in split(&doc.text) {
        let clean = squeeze(&doc.text[s.start..s.end]);
        let src = squeeze(&source_slice(doc, &source, s.start, s.end));
        if markup {
            // stripped markup may stand inside: the clean text is a
            // subsequence of the source, with the same first and last chars
            let mut rest = src.chars();
            assert!(
                clean.chars().all(|c| rest.any(|s| s == c)),
                "{clean} in {src}"
            );
            assert_eq!(clean.chars().next(), src.chars().next(), "{clean} vs {src}");
            assert_eq!(clean.chars().last(), src.chars().last(), "{clean} vs {src}");
        } else {
            assert_eq!(clean, src, "{}", doc.meta.name);
        }
    }
}

// ---------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------

struct Expect {
    file: &'static str,
    title: Option<&'static str>,
    date: Option<(&'static str, DateSource)>,
    author: Option<&'static str>,
    url: Option<&'static str>,
}

const SEEDS: [Expect; 5] = [
    Expect {
        file: "000_2aeb1f931980b3aa.txt",
        title: Some("Hundreds Protest Russia-Belarus Integration Pact in Minsk"),
        date: None,
        author: None,
        url: None,
    },
    Expect {
        file: "001_9aadfc9c626cea25.txt",
        title: Some("Putin, Lukashenko To Talk 'Integration' Amid Belarus Protests"),
        date: Some(("2020-09-11", DateSource::Byline)),
        author: Some("Anna Malpas and Anna Smolchenko"),
        url: Some("https://www.themoscowtimes.com/2020/09/11/putin-lukashenko-to-talk-integration-amid-belarus-protests-a71419"),
    },
    Expect {
        file: "002_6b455efc408ca132.txt",
        title: None,
        date: Some(("2020-09-13", DateSource::Url)),
        author: None,
        url: None,
    },
    Expect {
        file: "003_7ed237135e548932.txt",
        title: Some("Western Sanctions Speeding Up Russia and Belarus Integration, Putin Says"),
        date: None,
        author: None,
        url: None,
    },
    Expect {
        file: "004_8caca3193bcad72e.txt",
        title: Some("Russia, Belarus Agree to Strengthen Cooperation During Putin’s Visit to Minsk"),
        date: None,
        author: Some("Dave DeCamp"),
        url: None,
    },
];

#[test]
fn seeds_have_expected_metadata() {
    for e in &SEEDS {
        let doc = ingest::read(&seed(e.file)).expect("seed parses");
        let m = &doc.meta;
        assert_eq!(m.name, e.file);
        assert_eq!(m.title.as_deref(), e.title, "{}", e.file);
        assert_eq!(m.date.as_deref(), e.date.map(|d| d.0), "{}", e.file);
        assert_eq!(m.date_source, e.date.map(|d| d.1), "{}", e.file);
        assert_eq!(m.author.as_deref(), e.author, "{}", e.file);
        assert_eq!(m.url.as_deref(), e.url, "{}", e.file);
        if let Some(title) = e.title {
            assert_eq!(paragraphs(&doc)[0], title, "headline first");
        }
    }
}

#[test]
fn seeds_lose_credits_banners_and_bylines() {
    let absent = [
        "Tatyana Zenkovich",
        "EPA",
        "TASS",
        "Mikhail Metzel",
        "Astafyev",
        "kremlin.ru",
        "Related article",
        "http",
        "Original url",
        "Anna Malpas",
        "Author:",
        "DeCamp",
        "contributed reporting",
        "Moscow Times",
        "Prosecutor General",
        "ad-free",
        "Support us",
        "Read more",
        "Monthly",
        "Remind me later",
        "×",
        "September 11, 2020",
        "July 1, 2024",
        "**",
        "#",
        "](",
    ];
    for e in &SEEDS {
        let doc = ingest::read(&seed(e.file)).unwrap();
        for a in absent {
            assert!(!doc.text.contains(a), "{}: {a:?} left in text", e.file);
        }
        assert!(!doc.text.contains("\n\n\n") && !doc.text.starts_with(char::is_whitespace));
        assert!(!doc.text.ends_with(char::is_whitespace));
    }
}

#[test]
fn seeds_keep_news_text_reflowed() {
    let doc = ingest::read(&seed("000_2aeb1f931980b3aa.txt")).unwrap();
    let s = sentences(&doc);
    for want in [
        "Protesters waved flags and chanted “No to occupation,” while video showed people tearing up photos of Putin.",
        "alongside Minsk’s main street, Independence Avenue, Belarussian media reported.",
        "However, the two leaders left the negotiations without signing a deal to reinvigorate the so-called Union State and move forward with plans for closer integration between the two countries.",
        "The two presidents would meet again in St. Petersburg on Dec. 20, the RBC news website quoted Oreshkin as saying.",
    ] {
        assert!(s.contains(&want), "missing sentence {want:?}");
    }
    assert!(doc.text.contains("unified Russian-Belarussian state"));
    let doc = ingest::read(&seed("001_9aadfc9c626cea25.txt")).unwrap();
    assert!(paragraphs(&doc).contains(&"Mass demonstrations"));
    let doc = ingest::read(&seed("004_8caca3193bcad72e.txt")).unwrap();
    assert_eq!(
        paragraphs(&doc)[1],
        "The two countries agreed to work together to counter Western sanctions"
    );
}

#[test]
fn seed_offsets_map_back_to_source() {
    for e in &SEEDS {
        let path = seed(e.file);
        let doc = ingest::read(&path).unwrap();
        check_offsets(&doc, &std::fs::read_to_string(&path).unwrap());
    }
}

#[test]
fn seed_quotes_stay_in_one_sentence() {
    let doc = ingest::read(&seed("004_8caca3193bcad72e.txt")).unwrap();
    let s = sentences(&doc);
    assert!(s
        .iter()
        .any(|s| s.starts_with("“We are countering together")
            && s.ends_with("efficiently,” he said.")));
}

// ---------------------------------------------------------------------------
// Reflow and hyphens
// ---------------------------------------------------------------------------

const WRAPPED: &str = "\
Moscow and Minsk Sign a New Road Map for Economic
Integration Under the Union State Treaty

The two governments agreed on Friday to deepen their economic integra-
tion, a step the so-
called opposition in exile called a betrayal of the Russian-
Belarussian border regions and of the anti-
Western course of the self-
styled leader in Minsk.

Officials said the next round of talks would be held in the spring and
would cover gas prices, customs rules and the joint budget of the union.
";

#[test]
fn hard_wrapped_lines_are_reflowed_with_hyphen_rules() {
    let doc = parse(WRAPPED);
    let p = paragraphs(&doc);
    assert_eq!(p.len(), 3);
    assert_eq!(
        p[0],
        "Moscow and Minsk Sign a New Road Map for Economic Integration Under the Union State Treaty"
    );
    assert!(p[1].contains("economic integration, a step the so-called opposition"));
    assert!(p[1].contains("the Russian-Belarussian border"));
    assert!(p[1].contains("the anti-Western course of the self-styled leader"));
    assert!(p[2].ends_with("joint budget of the union."));
    assert_eq!(doc.meta.title.as_deref(), Some(p[0]));
    check_offsets(&doc, WRAPPED);
}

#[test]
fn unwrapped_files_keep_each_line_a_paragraph() {
    let text = "Headline Without a Period\nFirst paragraph of the article, a long line that is not wrapped at any width because the site puts one paragraph per line and nothing else.\nSecond paragraph, also long enough to be a normal paragraph of news text and also without wrapping at all.\n";
    let doc = parse(text);
    assert_eq!(paragraphs(&doc).len(), 3);
    check_offsets(&doc, text);
}

#[test]
fn a_lower_case_continuation_joins_even_when_unwrapped() {
    let text = "Title of the Story\nPutin said on Friday that the talks had gone\nwell and would go on.\nA new paragraph.\n";
    let doc = parse(text);
    assert_eq!(
        paragraphs(&doc),
        [
            "Title of the Story",
            "Putin said on Friday that the talks had gone well and would go on.",
            "A new paragraph."
        ]
    );
    check_offsets(&doc, text);
}

#[test]
fn crlf_and_cr_line_ends_keep_offsets_in_source_chars() {
    for eol in ["\r\n", "\r"] {
        let text = WRAPPED.replace('\n', eol);
        let doc = parse(&text);
        assert_eq!(doc.text, parse(WRAPPED).text, "{eol:?}");
        check_offsets(&doc, &text);
    }
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

const MARKDOWN: &str = "\
# Lukashenko **Meets** Putin in _Sochi_

![photo](https://img.example.com/a.jpg)

By [Ivan Petrov](https://example.com/authors/ivan) for Reuters

**Sergei Bobylev / Sputnik / AFP**

The leaders met in [Sochi](https://en.wikipedia.org/wiki/Sochi) on *Friday*, the press service of the
__Kremlin__ said. More at <https://kremlin.ru/events/1>.

## Talks *continue*

- Gas prices were discussed.
- Customs rules were discussed.
";

#[test]
fn markdown_markup_is_stripped() {
    let doc = parse(MARKDOWN);
    let p = paragraphs(&doc);
    assert_eq!(p[0], "Lukashenko Meets Putin in Sochi");
    assert_eq!(doc.meta.title.as_deref(), Some(p[0]));
    assert_eq!(doc.meta.author.as_deref(), Some("Ivan Petrov"));
    assert!(p.contains(
        &"The leaders met in Sochi on Friday, the press service of the Kremlin said. More at ."
    ));
    assert!(p.contains(&"Talks continue"));
    assert!(p.contains(&"Gas prices were discussed."));
    assert!(p.contains(&"Customs rules were discussed."));
    for gone in [
        "photo", "http", "Bobylev", "Sputnik", "**", "](", "<", "Ivan",
    ] {
        assert!(!doc.text.contains(gone), "{gone:?} left in {:?}", doc.text);
    }
    check_offsets_markup(&doc, MARKDOWN, true);
}

// ---------------------------------------------------------------------------
// Credits, banners, URLs
// ---------------------------------------------------------------------------

#[test]
fn credits_banners_and_bylines_are_set_aside() {
    let text = "\
Read moreBelarus Frees Two Journalists

Author: Maria Ivanova

A caption about the prisoners who were freed. Viktor Tolochko / BelTA / Reuters

Minsk released two journalists on Tuesday, the ministry said.

Photo: Kremlin Press Service

Anna Ivanova contributed reporting to this article.

Related stories: Belarus Jails Reporter

Sign up for our newsletter and get the news first.

This website uses cookies to improve your experience.

Subscribe now for unlimited access

Maria Ivanova is a senior correspondent of the Minsk bureau.
";
    let doc = parse(text);
    assert_eq!(
        paragraphs(&doc),
        [
            "Belarus Frees Two Journalists",
            "A caption about the prisoners who were freed.",
            "Minsk released two journalists on Tuesday, the ministry said."
        ]
    );
    assert_eq!(doc.meta.author.as_deref(), Some("Maria Ivanova"));
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Belarus Frees Two Journalists")
    );
    check_offsets(&doc, text);
}

#[test]
fn donation_block_is_dropped_to_its_end() {
    let text = "\
Putin Says Sanctions Speed Up Integration

Putin spoke on Friday at the forum.

A Message from The Daily Gazette:

Dear readers,

We need your help. Please support us monthly starting from just $2.

Once
Monthly
Continue
Remind me later.

Lukashenko spoke after him.
";
    let doc = parse(text);
    assert_eq!(
        paragraphs(&doc),
        [
            "Putin Says Sanctions Speed Up Integration",
            "Putin spoke on Friday at the forum.",
            "Lukashenko spoke after him."
        ]
    );
}

#[test]
fn url_lines_are_dropped_but_trailing_text_kept() {
    let text = "\
Protesters also formed a human chain
https://example.com/2019/12/07/human-chain-in-minsk alongside the main street, media reported.

Other news text follows here.
";
    let doc = parse(text);
    assert_eq!(
        paragraphs(&doc),
        [
            "Protesters also formed a human chain",
            "alongside the main street, media reported.",
            "Other news text follows here."
        ]
    );
    assert_eq!(doc.meta.date.as_deref(), Some("2019-12-07"));
    check_offsets(&doc, text);
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

fn date_of(text: &str) -> (Option<String>, Option<DateSource>) {
    let doc = parse(text);
    (doc.meta.date, doc.meta.date_source)
}

#[test]
fn printed_dates_come_first() {
    let d = date_of("Title\n\nDec. 7, 2019\n\nText from 2019.\n\nhttps://x.com/2020/01/01/a\n");
    assert_eq!(d, (Some("2019-12-07".into()), Some(DateSource::Byline)));
    let d = date_of("Title\n\nPublished: 2020-09-11 10:00 GMT\n\nText.\n");
    assert_eq!(d, (Some("2020-09-11".into()), Some(DateSource::Byline)));
    let d = date_of("MINSK, Dec. 7, 2019 (Reuters) - Hundreds protested.\n");
    assert_eq!(d, (Some("2019-12-07".into()), Some(DateSource::Dateline)));
}

#[test]
fn dateline_is_stripped_and_takes_its_year_from_a_url() {
    let text = "MINSK, Dec 7 (Reuters) - Hundreds protested in Minsk.\n\nOriginal url: https://www.reuters.com/article/2019/12/08/minsk-protest\n";
    let doc = parse(text);
    assert_eq!(doc.text, "Hundreds protested in Minsk.");
    assert_eq!(doc.meta.date.as_deref(), Some("2019-12-07"));
    assert_eq!(doc.meta.date_source, Some(DateSource::Dateline));
    assert_eq!(
        doc.meta.url.as_deref(),
        Some("https://www.reuters.com/article/2019/12/08/minsk-protest")
    );
    check_offsets(&doc, text);
}

#[test]
fn a_dateline_after_a_date_line_is_stripped_and_keeps_the_printed_date() {
    let text = "Pompeo offers oil\n\nFebruary 1, 2020 / 3:07 PM\n\nMINSK, Jan 31 (Reuters) - Pompeo said on Saturday the US could supply oil.\n";
    let doc = parse(text);
    assert_eq!(doc.meta.date.as_deref(), Some("2020-02-01"));
    assert!(!doc.text.contains("Reuters"), "{}", doc.text);
    assert!(doc.text.contains("Pompeo said on Saturday"));
    check_offsets(&doc, text);
}

#[test]
fn a_byline_of_names_split_by_bars_or_with_its_agencies_is_set_aside() {
    let text = "Krieger freed\n\nKira Hellwig | Anton Dorn (with Reuters, AFP, dpa)\n\nLukashenko Pardons Krieger\n\nVladimir Putin\n\nAnna Smith and John Doe (with AP)\n\nKrieger landed in Cologne.\n";
    let doc = parse(text);
    assert_eq!(
        paragraphs(&doc),
        [
            "Krieger freed",
            "Lukashenko Pardons Krieger",
            "Vladimir Putin",
            "Krieger landed in Cologne."
        ]
    );
    assert_eq!(
        doc.meta.author.as_deref(),
        Some("Kira Hellwig | Anton Dorn")
    );
}

#[test]
fn url_dates_skip_related_and_future_urls() {
    // the own URL wins over an earlier URL in the text
    let d = date_of("Talks held in 2020.\n\nhttps://a.com/2020/09/10/x\n\nOriginal url:\n\nhttps://b.com/2020/09/11/y\n");
    assert_eq!(d, (Some("2020-09-11".into()), Some(DateSource::Url)));
    // a URL on a "Related article" line does not count
    let d = date_of("Talks held in 2020.\n\nRelated article: https://a.com/2020/09/10/x\n");
    assert_eq!(d, (None, None));
    // nor one whose slug is a related title, nor one years after the text
    let text = "Talks held in 2020.\n\nRelated article: Putin Meets Lukashenko in Sochi\n\nhttps://a.com/2021/01/01/putin-meets-lukashenko-in-sochi\nhttps://a.com/2026/01/01/other-story\n";
    assert_eq!(date_of(text), (None, None));
    let text = "Talks held in 2020.\n\nhttps://a.com/2026/01/01/other-story\nhttps://b.com/news/2020-09-13/story\n";
    assert_eq!(
        date_of(text),
        (Some("2020-09-13".into()), Some(DateSource::Url))
    );
}

#[test]
fn no_date_is_invented() {
    assert_eq!(date_of("Putin met Lukashenko on Friday.\n"), (None, None));
    assert_eq!(date_of("Talks on Feb. 30, 2020 failed.\n"), (None, None));
}

// ---------------------------------------------------------------------------
// Encodings and hostile input
// ---------------------------------------------------------------------------

fn error_of(bytes: &[u8]) -> ingest::IngestError {
    ingest::parse("bad.txt", bytes).expect_err("must be rejected")
}

#[test]
fn boms_and_utf16_are_decoded() {
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend_from_slice(WRAPPED.as_bytes());
    assert_eq!(ingest::parse("a", &utf8).unwrap().text, parse(WRAPPED).text);
    for le in [true, false] {
        let mut bytes = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in WRAPPED.encode_utf16() {
            bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let doc = ingest::parse("a", &bytes).unwrap();
        assert_eq!(doc.text, parse(WRAPPED).text);
        check_offsets(&doc, WRAPPED);
    }
}

#[test]
fn bad_input_is_an_error_with_a_line() {
    // bytes that are not UTF-8 are read in the legacy encoding they look like
    let legacy = ingest::parse("t.txt", b"line one\nline two\nbad \x93byte\x94 caf\xE9\n").unwrap();
    assert!(
        legacy.text.ends_with("bad \u{201C}byte\u{201D} caf\u{E9}"),
        "{}",
        legacy.text
    );
    assert!(error_of(b"text\0with nul").message.contains("binary"));
    assert!(error_of(&[1, 2, 3, 4, 5, 6, 7, 8, b'a', b'b'])
        .message
        .contains("binary"));
    assert!(error_of(b"").message.contains("no text"));
    assert!(error_of(b"  \n\t\r\n  ").message.contains("no text"));
    assert!(error_of("Read more\n\n×\n".as_bytes())
        .message
        .contains("no news text"));
    assert!(error_of(&[0xFF, 0xFE, 0x00, 0xD8])
        .message
        .contains("UTF-16"));
}

#[test]
fn a_long_single_line_is_processed() {
    // 4 MB, no newline: must run in linear time (quadratic would not finish)
    let sentence = "Putin met Lukashenko in Sochi on Dec. 20 to discuss integration. ";
    let text = sentence.repeat(4_000_000 / sentence.len());
    let doc = parse(&text);
    assert_eq!(doc.text, text.trim_end());
    // Nothing dropped: every segment continues the previous one.
    check_offsets(&doc, &text);
    assert_eq!(doc.segments.len(), doc.text.len().div_ceil(4096));
    assert_eq!(split(&doc.text).len(), 4_000_000 / sentence.len());
}

// ---------------------------------------------------------------------------
// Cleaner loading
// ---------------------------------------------------------------------------

#[test]
fn cleaner_loads_from_file_and_reports_bad_rules() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/boilerplate.toml");
    let cleaner = Cleaner::load(&path).expect("shipped rules load");
    let doc = cleaner.read(&seed("003_7ed237135e548932.txt")).unwrap();
    assert!(!doc.text.contains("Moscow Times"));

    let good = std::fs::read_to_string(&path).unwrap();
    let bad_regex = good.replacen(
        "strip_prefixes = [",
        "strip_prefixes = [\n    '(unclosed',",
        1,
    );
    let line = bad_regex
        .lines()
        .position(|l| l.contains("(unclosed"))
        .unwrap()
        + 1;
    let e = Cleaner::from_toml(Path::new("rules.toml"), &bad_regex).unwrap_err();
    assert_eq!(e.line, Some(line), "{e}");
    assert!(e.to_string().starts_with(&format!("rules.toml:{line}:")));

    let bad_toml = format!("{good}\nnot toml at all\n");
    let e = Cleaner::from_toml(Path::new("rules.toml"), &bad_toml).unwrap_err();
    assert_eq!(e.line, Some(bad_toml.lines().count()), "{e}");

    let dir = tempfile::tempdir().unwrap();
    let custom = dir.path().join("rules.toml");
    let extra = good.replacen(
        "drop_lines = [",
        "drop_lines = [\n    '^Breaking news$',",
        1,
    );
    std::fs::write(&custom, extra).unwrap();
    let cleaner = Cleaner::load(&custom).unwrap();
    let doc = cleaner
        .parse("x.txt", b"Breaking news\n\nPutin spoke.\n")
        .unwrap();
    assert_eq!(doc.text, "Putin spoke.");
}

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

fn split_text(text: &str) -> Vec<&str> {
    split(text).iter().map(|s| &text[s.start..s.end]).collect()
}

#[test]
fn splitter_keeps_abbreviations_initials_and_numbers() {
    let cases: &[(&str, &[&str])] = &[
        (
            "The vote was held on Aug. 9. Protests followed.",
            &["The vote was held on Aug. 9.", "Protests followed."],
        ),
        (
            "Mr. Putin and Mrs. Smith met Dr. Ivanov. They talked.",
            &["Mr. Putin and Mrs. Smith met Dr. Ivanov.", "They talked."],
        ),
        (
            "A. G. Lukashenko read J.R.R. Tolkien. Then he slept.",
            &["A. G. Lukashenko read J.R.R. Tolkien.", "Then he slept."],
        ),
        (
            "Trade grew 1.5 billion dollars, No. 2 in the region. It was 3.7 percent.",
            &[
                "Trade grew 1.5 billion dollars, No. 2 in the region.",
                "It was 3.7 percent.",
            ],
        ),
        (
            "The U.S.-funded radio and the U.S. State Department spoke. Then the U.S. The end.",
            &[
                "The U.S.-funded radio and the U.S. State Department spoke.",
                "Then the U.S.",
                "The end.",
            ],
        ),
        (
            "He paused... and went on. Next.",
            &["He paused... and went on.", "Next."],
        ),
        ("Is it over? Yes! Done.", &["Is it over?", "Yes!", "Done."]),
        (
            "Gazprom Inc. The firm grew. Visit St. Petersburg. Go.",
            &[
                "Gazprom Inc.",
                "The firm grew.",
                "Visit St. Petersburg.",
                "Go.",
            ],
        ),
        (
            "Ends with a number in 2020. (A bracket follows.)",
            &["Ends with a number in 2020.", "(A bracket follows.)"],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(split_text(text), *want, "{text}");
    }
}

#[test]
fn splitter_keeps_quotations_whole() {
    let cases: &[(&str, &[&str])] = &[
        (
            "“We agreed. We will act. It is final,” he said. Then he left.",
            &[
                "“We agreed. We will act. It is final,” he said.",
                "Then he left.",
            ],
        ),
        (
            "\"One. Two.\" He said it twice.",
            &["\"One. Two.\"", "He said it twice."],
        ),
        (
            "The positions came closer.” He said more.",
            &["The positions came closer.”", "He said more."],
        ),
        (
            "He called it “groundless fabrications.” Others agreed.",
            &["He called it “groundless fabrications.”", "Others agreed."],
        ),
        (
            "She said “if, of course, they want it. All of it.\" Then silence.",
            &[
                "She said “if, of course, they want it. All of it.\"",
                "Then silence.",
            ],
        ),
        // an unclosed quotation does not swallow the paragraph
        (
            "“A quote that never closes. Next sentence. Last one.",
            &["“A quote that never closes.", "Next sentence.", "Last one."],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(split_text(text), *want, "{text}");
    }
}

#[test]
fn splitter_respects_paragraphs_and_trims() {
    let text =
        "Headline Here\n\n  First one. Second one.  \n\n\n\nThird “quote\n\nnot closed.” Fourth.";
    let got = split(text);
    let texts: Vec<&str> = got.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(
        texts,
        [
            "Headline Here",
            "First one.",
            "Second one.",
            "Third “quote",
            "not closed.”",
            "Fourth."
        ]
    );
    let paras: Vec<usize> = got.iter().map(|s| s.paragraph).collect();
    assert_eq!(paras, [0, 1, 1, 2, 3, 3]);
    assert!(split("").is_empty() && split("\n\n  \n\n").is_empty());
}

#[test]
fn splitter_is_linear_on_long_paragraphs() {
    // one paragraph of 2 MB inside an unclosed quotation, and one of abbreviations
    let text = format!("“{}", "Word. ".repeat(350_000));
    assert_eq!(split(&text).len(), 350_000);
    let text = "Mr. A. B. ".repeat(200_000);
    assert_eq!(split(&text).len(), 1);
}

#[test]
fn ap_credits_agency_lines_and_author_notes_are_set_aside() {
    let text = "\
Belarus marks a new holiday

By ALES ZHUKAU
Associated Press

FILE - Alexander Lukashenko speaks in Minsk, Belarus. (Nikolai Petrov/BelTA Pool Photo via AP, File)

Belarus on Friday marked a new public holiday, officials said.

Note from the author: Hi! I'm Oleksandra Marchuk, and I wrote this article.

Associated Press writer Jan Kowalczyk in Warsaw contributed.
";
    let doc = parse(text);
    assert_eq!(
        paragraphs(&doc),
        [
            "Belarus marks a new holiday",
            "FILE - Alexander Lukashenko speaks in Minsk, Belarus.",
            "Belarus on Friday marked a new public holiday, officials said.",
        ]
    );
}
