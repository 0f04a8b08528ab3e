//! What people feed `kg build`: real-looking files of every supported kind
//! (`tests/data/inputs/`), their metadata (date, date source, title, URL),
//! the exports read back as spreadsheets read them, and the binary run
//! from outside the repository.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `kg` with `args` in `cwd`.
fn kg(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(cwd)
        .args(args)
        .env_remove("KG_ONTOLOGY")
        .output()
        .expect("kg runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The fields of one RFC 4180 record with tab as the separator.
fn tsv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let field = fields.last_mut().unwrap();
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.is_empty() => quoted = true,
            '\t' if !quoted => fields.push(String::new()),
            c => field.push(c),
        }
    }
    assert!(!quoted, "unclosed quote in {line}");
    fields
}

#[test]
fn a_sentence_that_starts_with_a_quote_mark_stays_one_tsv_field() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("quoted.txt"),
        "Lukashenko hosts Putin\n\nMINSK, March 3, 2022 (Reuters) - \
         \"We are not going anywhere,\" Belarusian President Alexander Lukashenko said \
         after he met Russian President Vladimir Putin in Minsk on Thursday.\n\n\
         \"Our union is strong,\" Putin said.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = kg(
        repo(),
        &[
            "build",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let tsv = fs::read_to_string(out.join("relations.tsv")).unwrap();
    let jsonl = fs::read_to_string(out.join("relations.jsonl")).unwrap();
    let rows: Vec<Vec<String>> = tsv.lines().map(tsv_fields).collect();
    assert_eq!(
        rows.len() - 1,
        jsonl.lines().count(),
        "one row per relation"
    );
    assert!(rows.iter().all(|r| r.len() == 12), "{tsv}");
    let sentences: Vec<&str> = rows[1..].iter().map(|r| r[11].as_str()).collect();
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("\"We are not going")),
        "{sentences:?}"
    );
    for (row, line) in rows[1..].iter().zip(jsonl.lines()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["sentence"], row[11].as_str());
        assert_eq!(v["date"], "2022-03-03");
    }
}

/// A short dated article that gives relations.
const ARTICLE: &str = "Putin meets Lukashenko in Sochi\n\n\
SOCHI, Dec 7, 2019 (Reuters) - Russian President Vladimir Putin met Belarusian \
President Alexander Lukashenko in Sochi on Friday to discuss integration.\n";

#[test]
fn an_installed_kg_runs_from_a_folder_outside_the_repository() {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let kg_copy = bin.join("kg");
    fs::copy(env!("CARGO_BIN_EXE_kg"), &kg_copy).unwrap();
    let articles = home.path().join("articles");
    fs::create_dir(&articles).unwrap();
    fs::write(articles.join("sochi.txt"), ARTICLE).unwrap();
    let run = |envs: &[(&str, &Path)]| {
        Command::new(&kg_copy)
            .current_dir(home.path())
            .args(["build", "articles", "--out", "exports"])
            .env_remove("KG_ONTOLOGY")
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .envs(envs.iter().map(|(k, v)| (k, v.as_os_str())))
            .output()
            .unwrap()
    };
    // nothing but the binary: the built-in ontology, unpacked into the cache
    let o = run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("(built into kg, unpacked)"),
        "{}",
        stderr(&o)
    );
    let built_in = fs::read_to_string(home.path().join("exports/relations.jsonl")).unwrap();
    assert!(
        built_in.contains("\"predicate\":\"meetsWith\""),
        "{built_in}"
    );
    // a second run reuses the unpacked copy
    let o = run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // $KG_ONTOLOGY names the repository's folder: the same graph
    let o = run(&[("KG_ONTOLOGY", &repo().join("ontology"))]);
    assert!(stderr(&o).contains("(from $KG_ONTOLOGY)"), "{}", stderr(&o));
    let from_env = fs::read_to_string(home.path().join("exports/relations.jsonl")).unwrap();
    assert_eq!(built_in, from_env);
    // an ontology folder beside the binary wins over the built-in copy
    let beside = bin.join("ontology");
    copy_dir(&repo().join("ontology"), &beside);
    let o = run(&[]);
    assert!(
        stderr(&o).contains("(beside the kg binary)"),
        "{}",
        stderr(&o)
    );
    // a named folder that is not there is an error that names it
    let o = run(&[("KG_ONTOLOGY", &home.path().join("nowhere"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            fs::copy(&path, &dest).unwrap();
        }
    }
}

/// What ingest found in one document: (name, date, date source, title).
type Meta = (String, Option<String>, Option<String>, Option<String>);

/// The metadata of every document in `dir` as `kg build` reads them.
fn metadata(dir: &Path, date_from_filename: bool) -> Vec<Meta> {
    let cleaner = kg::ingest::Cleaner::load(&repo().join("ontology/boilerplate.toml")).unwrap();
    let opts = kg::ingest::ReadOptions {
        date_from_filename,
        ..Default::default()
    };
    let listing = kg::ingest::inputs::list(dir).unwrap();
    assert!(
        listing.ignored.iter().all(|(_, why)| *why == "a gold file"),
        "{:?}",
        listing.ignored
    );
    let mut out = Vec::new();
    for input in &listing.inputs {
        for doc in kg::ingest::inputs::read(&cleaner, input, &opts).unwrap() {
            let m = doc.unwrap().meta;
            let source = m.date_source.map(|s| {
                serde_json::to_value(s)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            });
            out.push((m.name, m.date, source, m.title));
        }
    }
    out
}

/// Checks every document's (name, date, date source, title); an empty date
/// and source stand for "undated". Names each document that differs.
fn expect(got: &[Meta], want: &[(&str, &str, &str, &str)]) {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let want: Vec<Meta> = want
        .iter()
        .map(|&(n, d, s, t)| (n.into(), some(d), some(s), Some(t.into())))
        .collect();
    let names = |m: &[Meta]| m.iter().map(|m| m.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(got), names(&want));
    let wrong: Vec<String> = got
        .iter()
        .zip(&want)
        .filter(|(g, w)| g != w)
        .map(|(g, w)| format!("got  {g:?}\nwant {w:?}"))
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_input_file_is_dated_and_titled() {
    let got = metadata(&repo().join("tests/data/inputs"), true);
    expect(
        &got,
        &[
            (
                "2023-06-27_wagner_note.txt",
                "2023-06-27",
                "filename",
                "Lukashenko says Prigozhin is in Belarus",
            ),
            (
                "ap_dateline.md",
                "2020-08-10",
                "byline",
                "Putin and Lukashenko agree on loan as protests go on",
            ),
            (
                "kremlin_union_programmes.html",
                "2021-09-09",
                "html",
                "Lukashenko and Putin agree on “union state” programmes",
            ),
            (
                "lithuania_cp1252.txt",
                "2021-08-12",
                "dateline",
                "Lithuania Closes Border Crossings With Belarus",
            ),
            (
                "minsk_talks_undated.txt",
                "2021-03-15",
                "sidecar",
                "Golovchenko and Mishustin discuss oil transit in Moscow",
            ),
            (
                "news_dump.jsonl#L1",
                "2022-02-10",
                "field",
                "Russia and Belarus start joint drills",
            ),
            (
                "news_dump.jsonl#L2",
                "2021-12-02",
                "field",
                "EU, US and UK impose new sanctions on Belarus",
            ),
            (
                "reuters_source_line.txt",
                "2021-05-24",
                "dateline",
                "Belarus opposition blogger detained after plane diverted to Minsk",
            ),
        ],
    );
}

#[test]
fn every_held_out_article_is_dated_and_titled() {
    let mut got = Vec::new();
    for set in ["dev", "test", "wire", "blind"] {
        got.extend(metadata(
            &repo().join("tests/data/heldout").join(set),
            false,
        ));
    }
    // The dates are the gold files' `date`. w01, w02 and w07 print no year
    // anywhere (w02 and w07 no date at all): their gold dates are inferred
    // from the events, which kg does not do, so they stay undated rather
    // than get a guess. b01, b06 and w04 print a dateline without a year: the
    // year is the one the text's named years and the lead's weekday allow
    // (see `ingest::DatePatterns::year_of`).
    expect(
        &got,
        &[
            (
                "h01_election_arrests.txt",
                "2020-08-11",
                "byline",
                "Belarus Detains Thousands as Protests Over Disputed Vote Spread",
            ),
            (
                "h02_ryanair_diversion.txt",
                "2021-05-25",
                "dateline",
                "EU Bans Belarusian Airlines After Ryanair Jet Forced Down in Minsk",
            ),
            (
                "h03_nuclear_weapons.txt",
                "2023-03-26",
                "dateline",
                "Russia Says Tactical Nuclear Weapons Will Be Stationed in Belarus",
            ),
            (
                "h04_tikhanovskaya_washington.txt",
                "2021-07-29",
                "dateline",
                "Biden Meets Belarus Opposition Leader Tikhanovskaya at White House",
            ),
            (
                "h05_border_migrants.txt",
                "2021-11-11",
                "dateline",
                "Poland Sends Troops to Border as Migrants Gather on Belarus Side",
            ),
            (
                "h06_union_resolve.txt",
                "2022-02-10",
                "dateline",
                "Russia and Belarus Begin Union Resolve Drills as West Warns of Invasion",
            ),
            (
                "h07_wagner_mutiny.txt",
                "2023-06-27",
                "byline",
                "Lukashenko Says He Talked Prigozhin Out of March on Moscow",
            ),
            (
                "h08_union_programs.txt",
                "2021-11-04",
                "dateline",
                "Putin and Lukashenko Sign Off on 28 Union State Programs",
            ),
            (
                "w01_election_night.txt",
                "",
                "",
                "Belarus opposition candidate rejects Lukashenko landslide as police crush protests",
            ),
            (
                "w02_ryanair_ap.txt",
                "",
                "",
                "EU leaders move to ban Belarus flights after journalist's arrest",
            ),
            (
                "w03_kalesnikava_verdict.txt",
                "2021-09-06",
                "byline",
                "Belarusian Opposition Figures Kalesnikava, Znak Handed Long Prison Terms",
            ),
            (
                "w04_supreme_state_council_tass.txt",
                "2024-01-29",
                "dateline",
                "Putin, Lukashenko hail Union State's resilience to sanctions at Supreme State Council meeting",
            ),
            (
                "w05_tsikhanouskaya_in_absentia.txt",
                "2023-03-06",
                "byline",
                "Belarus opposition leader Sviatlana Tsikhanouskaya jailed for 15 years in absentia",
            ),
            (
                "w06_belsat_journalists_bbc.txt",
                "2021-02-18",
                "byline",
                "Belarus jails two journalists for filming protest",
            ),
            (
                "w07_lithuania_migrants_afp.txt",
                "",
                "",
                "EU vows support as Lithuania battles migrant influx from Belarus",
            ),
            (
                "w08_nuclear_warheads_belsat.txt",
                "2023-06-14",
                "byline",
                "Lukashenka: Belarus has already received Russian nuclear warheads",
            ),
            (
                "b01_integration_roadmaps_interfax.txt",
                "2019-09-06",
                "dateline",
                "Medvedev, Rumas initial Russia-Belarus integration program; oil and gas \"roadmaps\" left open",
            ),
            (
                "b02_zapad_2021_dw.txt",
                "2021-09-14",
                "byline",
                "Zapad-2021: Putin watches war games as NATO neighbors look on",
            ),
            (
                "b03_invasion_from_belarus_kyivindependent.txt",
                "2022-02-28",
                "byline",
                "Russian troops pour into Kyiv Oblast from Belarus as Lukashenko denies role in war",
            ),
            (
                "b04_belaruskali_potash_bloomberg.txt",
                "2021-12-09",
                "byline",
                "Lithuania Moves to Halt Belarus Potash Transit as U.S. Sanctions Bite",
            ),
            (
                "b05_prigozhin_wagner_belarus_meduza.txt",
                "2023-08-25",
                "byline",
                "‘I warned him twice’ What Lukashenko is saying about Prigozhin's death — and what happens to the Wagner camp in Belarus now",
            ),
            (
                "b06_sco_accession_xinhua.txt",
                "2024-07-04",
                "dateline",
                "Belarus becomes 10th member of Shanghai Cooperation Organization",
            ),
            (
                "b07_lukashenko_pardons_euronews.txt",
                "2024-09-17",
                "byline",
                "Lukashenko pardons 37 more political prisoners as West weighs Minsk's signals",
            ),
            (
                "b08_astravets_lithuania_lrt.txt",
                "2020-11-04",
                "byline",
                "Lithuania cuts power trade with Belarus as Astravets nuclear plant goes online",
            ),
        ],
    );
}

#[test]
fn one_file_or_standard_input_is_read_and_the_source_url_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = repo().join("tests/data/inputs/reuters_source_line.txt");
    let out = dir.path().join("one");
    let o = kg(
        repo(),
        &[
            "build",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 documents (0 skipped)"),
        "{}",
        stderr(&o)
    );
    let ttl = fs::read_to_string(out.join("graph.ttl")).unwrap();
    assert!(
        ttl.contains("reuters.com/world/europe/belarus-opposition"),
        "URL kept"
    );
    let stdin_out = dir.path().join("stdin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(repo())
        .args(["build", "-", "--out", stdin_out.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), ARTICLE.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let jsonl = fs::read_to_string(stdin_out.join("relations.jsonl")).unwrap();
    assert!(
        jsonl.contains("\"doc\":\"stdin\"") && jsonl.contains("\"date\":\"2019-12-07\""),
        "{jsonl}"
    );
}

/// `kg build INPUT --out OUT` from the repository, without the store.
fn build(input: &Path, out: &Path) -> Output {
    let args = [
        "build",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-store",
    ];
    kg(repo(), &args)
}

/// `kg build` on `input` into a fresh folder: the relations.jsonl lines.
fn relations_of(input: &Path) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(input, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    fs::read_to_string(out.join("relations.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Chars `start..end` of `text`: evidence offsets count chars.
fn chars(text: &str, start: &serde_json::Value, end: &serde_json::Value) -> String {
    let (s, e) = (
        start.as_u64().unwrap() as usize,
        end.as_u64().unwrap() as usize,
    );
    assert!(s < e && e <= text.chars().count(), "{s}..{e}");
    text.chars().skip(s).take(e - s).collect()
}

/// HTML source as a reader sees it: tags dropped, the references the test
/// page uses decoded, white space collapsed.
fn rendered(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let refs = [
        ("&ldquo;", "“"),
        ("&rdquo;", "”"),
        ("&rsquo;", "’"),
        ("&#8220;", "“"),
        ("&#8221;", "”"),
        ("&#x2009;", "\u{2009}"),
        ("&amp;", "&"),
    ];
    for (r, c) in refs {
        out = out.replace(r, c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_html_page_gives_facts_from_its_article_only_with_offsets_into_the_page() {
    let path = repo().join("tests/data/inputs/kremlin_union_programmes.html");
    let page = fs::read_to_string(&path).unwrap();
    let facts = relations_of(&path);
    let found = |s: &str, p: &str, o: &str| {
        facts
            .iter()
            .any(|f| f["subject"]["label"] == s && f["predicate"] == p && f["object"]["label"] == o)
    };
    assert!(
        found("Alexander Lukashenko", "meetsWith", "Vladimir Putin"),
        "{facts:#?}"
    );
    assert!(found("European Union", "imposesSanctionsOn", "Belarus"));
    assert!(facts.iter().any(|f| f["predicate"] == "said"
        && f["subject"]["label"] == "Vladimir Putin"
        && f["object"]["label"]
            .as_str()
            .unwrap()
            .starts_with("We have agreed")));
    for f in &facts {
        // the evidence is the page's own text, at the offsets given
        let source = chars(&page, &f["start"], &f["end"]);
        assert_eq!(rendered(&source), f["sentence"].as_str().unwrap(), "{f}");
        assert_eq!(f["date"], "2021-09-09");
        assert_eq!(f["doc"], "kremlin_union_programmes.html");
        // the script, nav, site header, cookie banner, caption, related
        // links, most-read list and footer all name these; the article none
        for chrome in ["Xi Jinping", "Kassym-Jomart Tokayev", "Nikol Pashinyan"] {
            assert_ne!(f["subject"]["label"], chrome, "{f}");
            assert_ne!(f["object"]["label"], chrome, "{f}");
        }
        assert!(!f["sentence"].as_str().unwrap().contains("Zelensky"), "{f}");
    }
    // the text of a quoted sentence keeps its decoded quotation marks
    assert!(facts
        .iter()
        .any(|f| f["sentence"] == "“Nobody will be able to break us apart,” Lukashenko said."));
}

#[test]
fn json_dump_offsets_count_chars_of_the_article_text_field() {
    let path = repo().join("tests/data/inputs/news_dump.jsonl");
    let lines: Vec<serde_json::Value> = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let facts = relations_of(&path);
    assert!(facts.len() >= 3, "{facts:#?}");
    for f in &facts {
        let doc = f["doc"].as_str().unwrap();
        let line: usize = doc
            .strip_prefix("news_dump.jsonl#L")
            .unwrap()
            .parse()
            .unwrap();
        let text = lines[line - 1]["text"].as_str().unwrap();
        let source = chars(text, &f["start"], &f["end"]);
        let source = source.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(source, f["sentence"].as_str().unwrap(), "{f}");
    }
}

#[test]
fn a_sidecar_overrides_metadata_and_a_bad_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    // the file's own dateline says Dec 7; the sidecar is believed
    fs::write(input.join("sochi.txt"), ARTICLE).unwrap();
    fs::write(
        input.join("sochi.meta.json"),
        r#"{"date": "Sun, 08 Dec 2019 18:00:00 GMT", "title": "Sochi talks"}"#,
    )
    .unwrap();
    fs::write(input.join("lonely.meta.json"), "{}").unwrap();
    let out = dir.path().join("out");
    let o = build(input.as_ref(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("lonely.meta.json: a metadata sidecar with no"),
        "{}",
        stderr(&o)
    );
    let ttl = fs::read_to_string(out.join("graph.ttl")).unwrap();
    assert!(ttl.contains("Sochi talks"), "title from the sidecar");
    assert!(ttl.contains("\"2019-12-08\"^^xsd:date"), "{ttl}");
    assert!(!ttl.contains("2019-12-07"), "{ttl}");

    fs::write(
        input.join("sochi.meta.json"),
        "{\n  \"title\": \"Sochi talks\",\n  \"dated\": \"2019-12-07\"\n}",
    )
    .unwrap();
    let o = build(input.as_ref(), &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("sochi.meta.json:3: not a sidecar: unknown field `dated`"),
        "{err}"
    );
    fs::write(input.join("sochi.meta.json"), r#"{"date": "last week"}"#).unwrap();
    let o = build(input.as_ref(), &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("sochi.meta.json: date \"last week\" is not a date"),
        "{}",
        stderr(&o)
    );
}
