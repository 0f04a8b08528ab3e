//! The held-out articles (tests/data/heldout/, written after the rules, with
//! hand-made gold): builds each set with the real `kg` and checks
//! the scores stay above the floors measured when each set was added.

use std::fs;
use std::path::Path;
use std::process::Command;

fn kg(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .output()
        .expect("kg runs")
}

/// Copies articles and gold of `set` (minus `skip`) to `dir/in` and `dir/gold`.
fn stage(set: &str, dir: &Path, skip: &[&str]) {
    for sub in ["in", "gold"] {
        fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for e in fs::read_dir(Path::new("tests/data/heldout").join(set)).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if skip.iter().any(|s| name.starts_with(s)) {
            continue;
        }
        let sub = if name.ends_with(".gold.json") {
            "gold"
        } else {
            "in"
        };
        fs::copy(&path, dir.join(sub).join(&name)).unwrap();
    }
}

/// F1 of the entities, relations and quotes rows of `kg eval`.
fn scores(set: &str, skip: &[&str]) -> (f64, f64, f64, String) {
    let tmp = tempfile::tempdir().unwrap();
    stage(set, tmp.path(), skip);
    let (input, gold, out) = (
        tmp.path().join("in"),
        tmp.path().join("gold"),
        tmp.path().join("out"),
    );
    let b = kg(&[
        "build",
        &input.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(
        b.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&b.stderr)
    );
    let e = kg(&[
        "eval",
        "--gold",
        &gold.to_string_lossy(),
        "--exports",
        &out.to_string_lossy(),
    ]);
    let table = String::from_utf8_lossy(&e.stdout).into_owned();
    let f1 = |row: &str| crate::eval_f1(&table, row);
    (f1("entities"), f1("relations"), f1("quotes"), table)
}

#[test]
fn held_out_dev_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev", &[]);
    // Measured 2026-12-04, resolve references merged with quotes and
    // relnouns: 0.934 / 0.708 / 1.000; refs (dated roles, neuter
    // pronouns, no Telegram): 0.937 / 0.711 / 1.000; session 7 (state
    // actors, lifted relative clauses, candidates): 0.934 / 0.720 / 1.000;
    // session 8 (organisations and places by their nouns, head titles,
    // meetings by day and place, membership lists): 0.934 / 0.775 / 1.000;
    // session 9 (unsaid event objects, counterparts, known offices): 0.934 /
    // 0.795 / 1.000; session 10 (event kinds, partners): 0.934 / 0.799 / 1.000;
    // session 11 (state bodies, kin references, appositions): 0.937 / 0.818 /
    // 1.000; session 12 (event years and countries, one office per pair):
    // 0.940 / 0.827 / 1.000; session 13 (event aliases, incidents, state of
    // an event): 0.955 / 0.833 / 1.000; session 14 (adjective-only
    // countries, scorn labels, gazetteer): 0.964 / 0.833 / 1.000; session
    // 16 (quotation stance, state objects, named events): 0.964 / 0.837 /
    // 1.000.
    // session 17: 0.964 / 0.834 / 1.000 (armies and police as state bodies
    // add two affiliations of bodies its gold does not list).
    assert!(ent >= 0.95, "{table}");
    assert!(rel >= 0.82, "{table}");
    assert!(quo >= 0.98, "{table}");
}

#[test]
fn held_out_test_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("test", &[]);
    // Measured 2026-12-04, resolve references merged with quotes and
    // relnouns (never tuned on): 0.848 / 0.454 / 0.941; refs: 0.848 /
    // 0.462 / 0.941; session 7: 0.851 / 0.472 / 0.941; session 8: 0.861 /
    // 0.589 / 0.980; session 9: 0.861 / 0.602 / 0.980; session 10: same;
    // session 11: 0.871 / 0.639 / 0.980; session 12: 0.877 / 0.654 / 1.000;
    // session 13: 0.905 / 0.717 / 1.000; session 14: 0.924 / 0.756 / 1.000;
    // session 16: 0.924 / 0.765 / 1.000; session 17: 0.924 / 0.764 / 1.000;
    // session 15: 0.924 / 0.749 / 1.000 (two facts its gold lacks: held-out
    // README finding 50).
    assert!(ent >= 0.90, "{table}");
    assert!(rel >= 0.74, "{table}");
    assert!(quo >= 0.99, "{table}");
}

#[test]
fn held_out_wire_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("wire", &[]);
    // Measured 2026-12-04 on the first run (never tuned on): 0.870 / 0.273 / 0.508;
    // 0.873 / 0.324 / 0.790 after session 5's merges (quotes, relational
    // nouns, references, gazetteer); refs: 0.876 / 0.338 / 0.815; session
    // 7: 0.882 / 0.413 / 0.815; session 8: 0.895 / 0.488 / 0.867; session
    // 9: 0.898 / 0.504 / 0.867; session 10: 0.898 / 0.517 / 0.867;
    // session 11: 0.919 / 0.620 / 0.943; session 12: 0.923 / 0.629 / 0.943;
    // session 13: 0.932 / 0.673 / 0.943; session 14: 0.945 / 0.701 / 0.943;
    // session 15: 0.945 / 0.709 / 0.943; session 16: 0.945 / 0.723 / 0.943;
    // session 17: 0.945 / 0.735 / 0.966.
    // session 22: 0.949 / 0.735 / 0.989.
    assert!(ent >= 0.93, "{table}");
    assert!(rel >= 0.71, "{table}");
    assert!(quo >= 0.96, "{table}");
}

#[test]
fn held_out_blind_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("blind", &[]);
    // Gold written before the first run (session 6): 0.855 / 0.316 / 0.774
    // then; session 7: 0.869 / 0.344 / 0.794; session 8: 0.913 / 0.544 /
    // 0.906; session 9: 0.918 / 0.574 / 0.906; session 10: 0.916 / 0.588 /
    // 0.906 (a next-year summit dated to this year); session 11: 0.920 /
    // 0.619 / 0.938; session 12: 0.927 / 0.630 / 0.954; session 13: 0.929 /
    // 0.687 / 0.954 (0.682 before "the Belarusian capital" and the eval's
    // own-name-first pairing); session 14: 0.940 / 0.688 / 0.970; session
    // 15: 0.940 / 0.693 / 0.970; session 16: 0.944 / 0.716 / 0.970;
    // session 17: 0.944 / 0.719 / 0.970.
    // session 22: 0.945 / 0.741 / 0.985.
    assert!(ent >= 0.93, "{table}");
    assert!(rel >= 0.70, "{table}");
    assert!(quo >= 0.96, "{table}");
}

#[test]
fn held_out_dev2_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev2", &[]);
    // Written in session 12 by helpers who never ran kg; first run (8f60bdb):
    // 0.922 / 0.556 / 0.792. Tuned on since: 0.942 / 0.624 / 0.966; session
    // 13: 0.949 / 0.672 / 0.966; session 14: 0.949 / 0.705 / 0.966;
    // session 15: 0.949 / 0.709 / 0.966; session 16: 0.949 / 0.732 / 0.966;
    // session 17: 0.949 / 0.749 / 0.966.
    assert!(ent >= 0.94, "{table}");
    assert!(rel >= 0.73, "{table}");
    assert!(quo >= 0.95, "{table}");
}

#[test]
fn held_out_fresh_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("fresh", &[]);
    // Written in session 12 by helpers who never ran kg; only its totals are
    // read. First run (8f60bdb): 0.722 / 0.331 / 0.593 (a panic skipped one
    // article, names with diacritics were cut); after those two fixes:
    // 0.875 / 0.435 / 0.852; end of session 12: 0.871 / 0.449 / 0.871; end
    // of session 13: 0.885 / 0.523 / 0.871 (0.487 under the eval's old
    // pairing, before a gold entity paired first with its own name); end
    // of session 14: 0.907 / 0.538 / 0.871; end of session 16: 0.914 /
    // 0.575 / 0.871; end of session 17: 0.907 / 0.581 (P .866) / 0.903.
    // session 21: 0.922 / 0.625 / 0.968.
    assert!(ent >= 0.89, "{table}");
    assert!(rel >= 0.60, "{table}");
    assert!(quo >= 0.94, "{table}");
}

#[test]
fn held_out_fresh2_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("fresh2", &[]);
    // Written in session 14 by a helper who never ran kg; only its totals
    // are read. First run (0be96e3): 0.884 / 0.409 / 0.857; end of session
    // 14: 0.902 / 0.428 / 0.857; end of session 15: 0.902 / 0.435 / 0.857;
    // end of session 16: 0.909 / 0.447 / 0.857; end of session 17: 0.919 /
    // 0.445 / 0.857; end of session 20: 0.926 / 0.486 / 0.857.
    // session 21: 0.926 / 0.502 / 0.857.
    // session 22: 0.929 / 0.524 / 0.857.
    assert!(ent >= 0.89, "{table}");
    assert!(rel >= 0.50, "{table}");
    assert!(quo >= 0.84, "{table}");
}

#[test]
fn held_out_dev3_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev3", &[]);
    // Written in session 15 by a helper who never ran kg nor read its rules;
    // first run (b43a498): 0.874 / 0.498 / 0.951. Its misses are read; end
    // of session 15: 0.912 / 0.611 / 0.951; end of session 16: 0.929 /
    // 0.716 / 0.951; end of session 17: 0.933 / 0.743 / 0.951.
    // session 22: 0.937 / 0.774 / 0.984.
    assert!(ent >= 0.92, "{table}");
    assert!(rel >= 0.72, "{table}");
    assert!(quo >= 0.96, "{table}");
}

#[test]
fn held_out_dev4_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev4", &[]);
    // Written in session 16 by a helper who never ran kg nor read its rules;
    // first run (e36d45a): 0.912 / 0.456 / 0.874. Its misses are read; end
    // of session 16: 0.931 / 0.601 / 0.895; end of session 17: 0.939 /
    // 0.619 / 0.895.
    // session 21: 0.961 / 0.669 / 0.925.
    // session 22: 0.964 / 0.696 / 0.962.
    assert!(ent >= 0.94, "{table}");
    assert!(rel >= 0.66, "{table}");
    assert!(quo >= 0.93, "{table}");
}

#[test]
fn held_out_dev5_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev5", &[]);
    // Written in session 17 by a helper who never ran kg nor read its rules;
    // first run (7130af7): 0.901 / 0.512 / 0.867 (0.901 / 0.512 / 0.867 at
    // session 16's end too). Its misses are read; end of session 17: 0.913
    // / 0.667 / 0.900; end of session 19: 0.929 / 0.679 / 0.918.
    // session 22: 0.933 / 0.698 / 0.985.
    assert!(ent >= 0.90, "{table}");
    assert!(rel >= 0.67, "{table}");
    assert!(quo >= 0.96, "{table}");
}

#[test]
fn held_out_fresh3_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("fresh3", &[]);
    // Written in session 17 by a helper who never ran kg nor read its rules;
    // only its totals are read. Session 16's binary: 0.842 / 0.504 / 0.702;
    // first run (at its commit): 0.842 / 0.511 / 0.702; end of session 17:
    // 0.856 / 0.520 / 0.737; end of session 20: 0.884 / 0.541 / 0.877.
    // session 22: 0.888 / 0.551 / 0.915.
    assert!(ent >= 0.86, "{table}");
    assert!(rel >= 0.53, "{table}");
    assert!(quo >= 0.89, "{table}");
}

#[test]
fn held_out_dev6_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev6", &[]);
    // Written in session 18 by a helper who never ran kg nor read its rules;
    // first run (session 17's binary): 0.881 / 0.540 / 0.875. Its misses
    // are read; end of session 18: 0.904 / 0.672 / 0.923; end of session
    // 19: 0.916 / 0.677 / 0.923.
    // session 21: 0.931 / 0.727 / 0.954.
    // session 22: 0.939 / 0.740 / 0.970.
    assert!(ent >= 0.91, "{table}");
    assert!(rel >= 0.71, "{table}");
    assert!(quo >= 0.94, "{table}");
}

#[test]
fn held_out_fresh4_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("fresh4", &[]);
    // Written in session 18 by a helper who never ran kg nor read its rules;
    // only its totals are read. First run (session 17's binary): 0.922 /
    // 0.595 / 0.972; end of session 19: 0.927 / 0.606 / 0.972.
    // session 21: 0.931 / 0.639 / 1.000.
    // session 22: 0.931 / 0.647 / 1.000.
    assert!(ent >= 0.90, "{table}");
    assert!(rel >= 0.62, "{table}");
    assert!(quo >= 0.95, "{table}");
}

#[test]
fn held_out_fresh5_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("fresh5", &[]);
    // Written in session 18 by a helper who never ran kg nor read its rules;
    // only its totals are read. First run (session 18's binary): 0.903 /
    // 0.556 / 0.958; end of session 19: 0.903 / 0.567 / 0.958; end of
    // session 20: 0.903 / 0.595 / 0.958.
    // session 21: 0.907 / 0.621 / 0.980.
    // session 22: 0.907 / 0.626 / 1.000.
    assert!(ent >= 0.88, "{table}");
    assert!(rel >= 0.60, "{table}");
    assert!(quo >= 0.97, "{table}");
}

#[test]
fn held_out_dev7_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev7", &[]);
    // Written in session 20 by a helper who never ran kg nor read its rules;
    // first run (session 19's binary): 0.898 / 0.546 / 0.816. Its misses
    // are read; end of session 20: 0.938 / 0.667 / 0.939.
    // session 21: 0.952 / 0.713 / 0.980.
    assert!(ent >= 0.92, "{table}");
    assert!(rel >= 0.66, "{table}");
    assert!(quo >= 0.95, "{table}");
}

#[test]
fn held_out_fresh6_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("fresh6", &[]);
    // Written in session 20 by a helper who never ran kg nor read its rules;
    // only its totals are read. First run (session 19's binary): 0.819 /
    // 0.487 / 0.739; end of session 20: 0.817 / 0.513 / 0.783.
    // session 21: 0.846 / 0.548 / 0.826.
    assert!(ent >= 0.82, "{table}");
    assert!(rel >= 0.52, "{table}");
    assert!(quo >= 0.80, "{table}");
}

#[test]
fn held_out_dev8_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev8", &[]);
    // Written in session 21 by a helper who never ran kg; first run
    // (session 20's binary): 0.951 / 0.545 / 0.727; end of session 21:
    // 0.955 / 0.595 / 0.852.
    // session 22: 0.960 / 0.641 / 0.893.
    assert!(ent >= 0.93, "{table}");
    assert!(rel >= 0.61, "{table}");
    assert!(quo >= 0.86, "{table}");
}

#[test]
fn held_out_dev9_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev9", &[]);
    // Written in session 21 by a helper who never ran kg; first run
    // (session 20's binary): 0.867 / 0.529 / 0.894; end of session 21:
    // 0.894 / 0.577 / 0.936.
    // session 22: 0.905 / 0.585 / 0.980.
    assert!(ent >= 0.88, "{table}");
    assert!(rel >= 0.56, "{table}");
    assert!(quo >= 0.95, "{table}");
}

#[test]
fn held_out_dev10_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev10", &[]);
    // Written in session 22 by a helper who never ran kg; first run
    // (a428b98): 0.884 / 0.540 / 0.896; end of session 22: 0.912 / 0.711 /
    // 0.985.
    assert!(ent >= 0.89, "{table}");
    assert!(rel >= 0.68, "{table}");
    assert!(quo >= 0.95, "{table}");
}

#[test]
fn held_out_dev11_scores_stay_above_the_floors() {
    let (ent, rel, quo, table) = scores("dev11", &[]);
    // Written in session 22 by a helper who never ran kg; first run
    // (a428b98): 0.903 / 0.599 / 0.901; end of session 22: 0.933 / 0.653 /
    // 0.986.
    assert!(ent >= 0.91, "{table}");
    assert!(rel >= 0.62, "{table}");
    assert!(quo >= 0.95, "{table}");
}
