//! Compile-time behaviour of the macros: what compiles (`tests/compile/pass`) and the errors of what
//! does not (`tests/compile/fail`, with `.stderr` snapshots; regenerate with `TRYBUILD=overwrite`).
//!
//! The snapshots hold the compiler's own words besides ours: its lists of "the following other
//! types implement trait …", its notes and how it lays out spans, which change from one rustc
//! version to the next. So the fail cases run only with the rustc that recorded them, whose
//! `rustc --version` is in `tests/compile/fail/RUSTC_VERSION`; on any other version only the pass
//! cases run, and the test prints why the fail cases were skipped. `TRYBUILD=overwrite` records
//! the snapshots and the version together: after a toolchain upgrade, run it once and review
//! the `.stderr` diffs.

use std::io::Write;
use std::path::Path;
use std::process::Command;

#[test]
fn macros_compile_and_refuse_with_clear_errors() {
    // One `TestCases` for all files: trybuild builds them as one crate.
    let cases = trybuild::TestCases::new();
    cases.pass("tests/compile/pass/*.rs");

    let recorded_in =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compile/fail/RUSTC_VERSION");
    let current = rustc_version();
    if std::env::var_os("TRYBUILD").is_some_and(|mode| mode == "overwrite") {
        std::fs::write(&recorded_in, format!("{current}\n")).expect("RUSTC_VERSION is writable");
    }
    let recorded = std::fs::read_to_string(&recorded_in).unwrap_or_default();
    if recorded.trim() == current {
        cases.compile_fail("tests/compile/fail/*.rs");
    } else {
        // Straight to stderr, as trybuild writes: the test harness captures `eprintln!`.
        let _ = writeln!(
            std::io::stderr(),
            "skipping the fail cases of tests/compile/fail: their .stderr snapshots were recorded with \
             `{}`, and this is `{current}`; rerun with TRYBUILD=overwrite to record them again \
             and review the diffs",
            recorded.trim()
        );
    }
}

/// `rustc --version` of the compiler Cargo runs (trybuild builds the cases with it too).
fn rustc_version() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .arg("--version")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}
