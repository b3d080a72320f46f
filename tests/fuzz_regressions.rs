//! The inputs the fuzz targets (`fuzz/`) found, replayed with the targets' own checks: every
//! file of `tests/fuzz-regressions/<target>/`, and the seed corpus of `fuzz/seeds/<target>/`.
//!
//! A new crash: copy `fuzz/artifacts/<target>/crash-…` to `tests/fuzz-regressions/<target>/`
//! under a name saying what it found.

use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
pub(crate) mod checks;

/// Runs `check` on every file of the target's regression and seed folders.
fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in [
        root.join("tests/fuzz-regressions").join(target),
        root.join("fuzz/seeds").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
        files.sort();
        for file in files {
            let input = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&input));
            assert!(outcome.is_ok(), "{} fails", file.display());
            count += 1;
        }
    }
    assert!(count > 0, "no input for {target}");
}

#[test]
fn fuzz_pipeline_inputs() {
    replay("pipeline", checks::pipeline);
}

#[test]
fn fuzz_key_path_inputs() {
    replay("key_path", checks::key_path);
}

#[test]
fn fuzz_models_inputs() {
    replay("models", checks::models);
}

#[test]
fn fuzz_sanitize_inputs() {
    replay("sanitize", checks::sanitize);
}
