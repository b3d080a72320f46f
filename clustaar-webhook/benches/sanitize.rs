//! The HTML sanitizer must take time linear in its input, whatever the input: a chat visitor's
//! message reaches it.
//!
//! One group, `sanitize`, with one benchmark per input family and size:
//! `sanitize/<family>/<KiB>`, `html_sanitize` on a text of about 16, 64 and 256 KiB (the
//! families are in `benches/common/sanitize_inputs.rs`: prose with markup, plain text, and
//! inputs shaped to make a naive cleaner quadratic or worse: unclosed tags, tags with thousands
//! of attributes, deep or misnested markup, runs of `<`, `&`, `</`, `<!--`…). Copying the input
//! (`html_sanitize` takes a `String`) is not measured.
//!
//! ```sh
//! cargo bench -p clustaar-webhook --bench sanitize
//! cargo bench -p clustaar-webhook --bench sanitize -- sanitize/open_tags/
//! ```
//!
//! Other modes, chosen by environment variables (with the bench's executable, or through
//! `cargo bench -p clustaar-webhook --bench sanitize`):
//! - `CLUSTAAR_SANITIZE_DUMP=<dir>`: writes each input to `<dir>/<family>-<KiB>.txt` (UTF-8)
//!   and exits, so that another cleaner can be timed on the same bytes
//!   (`scripts/sanitize-bench.sh` times the platform's, in Python);
//! - `CLUSTAAR_SANITIZE_TIMES=1`: instead of criterion, prints for each family and size the
//!   median wall time of at least 5 calls (more, up to about 1 s per case; the sizes of a
//!   family take turns, so that a shared machine's load weighs on them alike), as the
//!   tab-separated line `<family>\t<KiB>\t<seconds>`, then for each family the growth from one
//!   size to the next four times larger as `<family>\t<KiB>/<KiB>\t<ratio>` (`64/16`: about 4
//!   when the time is linear);
//! - `CLUSTAAR_SANITIZE_DRIVER=<family>:<KiB>:<calls>`: calls `html_sanitize` that many times
//!   on one input and exits, for an instruction counter (`scripts/sanitize-bench.sh` runs it
//!   under callgrind: instruction counts do not depend on the machine's load or allocator);
//! - `CLUSTAAR_SANITIZE_KIB=1,4` sets the sizes (default `16,64,256`), and
//!   `CLUSTAAR_SANITIZE_FAMILIES=prose,open_tags` keeps only those families, in every mode.

#[path = "common/sanitize_inputs.rs"]
mod sanitize_inputs;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group};

use clustaar_webhook::schemas::processors::html_sanitize;

use sanitize_inputs::{Generator, families};

/// The default sizes, in KiB.
const SIZES_KIB: [usize; 3] = [16, 64, 256];

/// The families and sizes to run: all of them, or those the environment names.
fn cases() -> (Vec<(&'static str, Generator)>, Vec<usize>) {
    let mut families = families();
    if let Ok(names) = std::env::var("CLUSTAAR_SANITIZE_FAMILIES") {
        let names: Vec<&str> = names.split(',').map(str::trim).collect();
        for name in &names {
            assert!(
                families.iter().any(|(family, _)| family == name),
                "CLUSTAAR_SANITIZE_FAMILIES: no family {name}"
            );
        }
        families.retain(|(family, _)| names.contains(family));
    }
    let sizes = match std::env::var("CLUSTAAR_SANITIZE_KIB") {
        Ok(sizes) => sizes
            .split(',')
            .map(|size| {
                size.trim()
                    .parse()
                    .expect("CLUSTAAR_SANITIZE_KIB=16,64,256")
            })
            .collect(),
        Err(_) => SIZES_KIB.to_vec(),
    };
    (families, sizes)
}

fn sanitize(c: &mut Criterion) {
    let (families, sizes) = cases();
    let mut group = c.benchmark_group("sanitize");
    for (family, generate) in families {
        for &kib in &sizes {
            let input = generate(kib * 1024);
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_with_input(BenchmarkId::new(family, kib), &input, |b, input| {
                b.iter_batched(
                    || input.clone(),
                    |text| html_sanitize(black_box(text)),
                    BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();
}

/// Writes each input to `<dir>/<family>-<KiB>.txt`.
fn dump(dir: &str) {
    let (families, sizes) = cases();
    std::fs::create_dir_all(dir).expect("the dump directory");
    for (family, generate) in families {
        for &kib in &sizes {
            let path = std::path::Path::new(dir).join(format!("{family}-{kib}.txt"));
            std::fs::write(&path, generate(kib * 1024))
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        }
    }
}

/// The wall time of one call of `html_sanitize` on `input` (copying `input` not counted).
fn time_once(input: &str) -> f64 {
    let text = input.to_owned();
    let start = Instant::now();
    let clean = html_sanitize(black_box(text));
    let seconds = start.elapsed().as_secs_f64();
    drop(black_box(clean));
    seconds
}

/// Prints the median time of each case, then the growth of each family's time.
///
/// The sizes of a family take turns, one call each, so that the load of a shared machine
/// weighs on all of them alike: at least 5 calls each, more while the family took less than
/// about a second per size (at most 100,000).
fn times() {
    let (families, sizes) = cases();
    for (family, generate) in families {
        let inputs: Vec<String> = sizes.iter().map(|kib| generate(kib * 1024)).collect();
        let budget = Duration::from_secs(sizes.len() as u64);
        let mut samples = vec![Vec::new(); sizes.len()];
        let start = Instant::now();
        while samples.iter().any(|calls| calls.len() < 5)
            || (start.elapsed() < budget && samples.iter().all(|calls| calls.len() < 100_000))
        {
            for (input, calls) in inputs.iter().zip(&mut samples) {
                calls.push(time_once(input));
            }
        }
        let medians: Vec<(usize, f64)> = sizes
            .iter()
            .zip(&mut samples)
            .map(|(&kib, calls)| {
                calls.sort_by(f64::total_cmp);
                (kib, calls[calls.len() / 2])
            })
            .collect();
        for &(kib, median) in &medians {
            println!("{family}\t{kib}\t{median:.9}");
        }
        for &(small, small_time) in &medians {
            if let Some(&(large, large_time)) = medians.iter().find(|(kib, _)| *kib == 4 * small) {
                println!("{family}\t{large}/{small}\t{:.3}", large_time / small_time);
            }
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1));
    targets = sanitize
}

/// Runs `html_sanitize` `calls` times on one case, for an instruction counter
/// (`family:KiB:calls`).
fn drive(case: &str) {
    let mut parts = case.split(':');
    let (Some(family), Some(kib), Some(calls), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        panic!("CLUSTAAR_SANITIZE_DRIVER=family:KiB:calls, not {case}");
    };
    let kib: usize = kib.parse().expect("KiB, a number");
    let calls: usize = calls.parse().expect("calls, a number");
    let (_, generate) = families()
        .into_iter()
        .find(|(name, _)| *name == family)
        .unwrap_or_else(|| panic!("no family {family}"));
    let input = generate(kib * 1024);
    for _ in 0..calls {
        drop(black_box(html_sanitize(black_box(input.clone()))));
    }
}

fn main() {
    if let Ok(dir) = std::env::var("CLUSTAAR_SANITIZE_DUMP") {
        return dump(&dir);
    }
    if let Ok(case) = std::env::var("CLUSTAAR_SANITIZE_DRIVER") {
        return drive(&case);
    }
    if std::env::var_os("CLUSTAAR_SANITIZE_TIMES").is_some() {
        return times();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
