//! Cleans text as the models clean a visitor's markup when they read it (`html_sanitize`): one
//! JSON string a line on standard input, the cleaned string, as JSON, a line on standard output.
//!
//! ```sh
//! echo '"<b>Hi</b> <script>x</script>"' | cargo run -q --example sanitize
//! # "<b>Hi</b> &lt;script&gt;x&lt;/script&gt;"
//! ```
//!
//! `scripts/sanitize-compare.py` feeds it generated markup and compares its answers with the
//! platform's cleaner. Exits with 2 on a line that is not a JSON string.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

use clustaar_webhook::schemas::processors::html_sanitize;

fn main() -> ExitCode {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (index, line) in std::io::stdin().lock().lines().enumerate() {
        let text = match line.map(|line| serde_json::from_str::<String>(&line)) {
            Ok(Ok(text)) => text,
            Ok(Err(error)) => {
                eprintln!("line {}: not a JSON string: {error}", index + 1);
                return ExitCode::from(2);
            }
            Err(error) => {
                eprintln!("line {}: {error}", index + 1);
                return ExitCode::from(2);
            }
        };
        let clean = serde_json::Value::String(html_sanitize(text));
        if writeln!(out, "{clean}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
