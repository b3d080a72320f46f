//! Compile-time behaviour of the macros: what compiles (`tests/on/pass`) and the errors of what
//! does not (`tests/on/fail`, with `.stderr` snapshots; regenerate with `TRYBUILD=overwrite`).

#[test]
fn on_attribute() {
    // One `TestCases` for all files: trybuild builds them as one crate.
    let cases = trybuild::TestCases::new();
    cases.pass("tests/on/pass/*.rs");
    cases.compile_fail("tests/on/fail/*.rs");
}
