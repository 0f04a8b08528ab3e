//! The Python user's path: runs the snippets of `docs/python.md` (pandas,
//! networkx, rdflib, and rdflib's CONSTRUCT against `kg serve` over HTTP)
//! through `tests/py/run_docs.py`. Without python3 and those packages the
//! test says loudly that it skipped; `.ci/run` installs them and runs it.

use std::process::Command;

#[test]
fn the_python_recipe_runs_as_documented() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{root}/tests/py/run_docs.py"))
        .arg(env!("CARGO_BIN_EXE_kg"))
        .current_dir(root)
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            eprintln!("\n*** SKIPPED the_python_recipe_runs_as_documented: no python3 ({e}) ***\n");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        eprintln!(
            "\n*** SKIPPED the_python_recipe_runs_as_documented: {} \
             (pip install pandas networkx rdflib; .ci/run does) ***\n",
            stderr.trim()
        );
        return;
    }
    assert!(
        out.status.success(),
        "{}\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("snippet 4") && stdout.contains("meetings"),
        "{stdout}"
    );
}
