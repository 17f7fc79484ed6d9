//! One row of the benchmark table: a measure's samples beside those of what a user would
//! compare it with, printed as one `BENCH {json}` line. `scripts/bench.sh` collects the
//! lines of every benchmark into one table and `target/bench/latest.json`
//! (`scripts/bench-table.py` computes min/median/max and the ratio).

// Each benchmark includes this file; not every one uses every function.
#![allow(dead_code)]

use std::time::Duration;

/// Milliseconds of each duration.
pub fn ms(samples: &[Duration]) -> Vec<f64> {
    samples.iter().map(|d| d.as_secs_f64() * 1e3).collect()
}

/// Prints one row: `samples` of `measure` in `unit`, and what it is compared with (its
/// name and samples in the same unit) when there is something to compare. `goal` says in
/// words what the ratio (ours ÷ theirs) should be.
pub fn row(
    measure: &str,
    unit: &str,
    samples: &[f64],
    comparison: Option<(&str, &[f64])>,
    goal: &str,
) {
    row_stat(measure, unit, samples, comparison, goal, "median");
}

/// [`row`] summarised by `stat` ("median" or "p95") instead of the median: the table
/// shows it and computes the ratio from it.
pub fn row_stat(
    measure: &str,
    unit: &str,
    samples: &[f64],
    comparison: Option<(&str, &[f64])>,
    goal: &str,
    stat: &str,
) {
    let (name, theirs) = comparison.map_or((None, None), |(n, s)| (Some(n), Some(s)));
    println!(
        "BENCH {}",
        serde_json::json!({
            "measure": measure,
            "unit": unit,
            "samples": samples,
            "comparison": name,
            "comparison_samples": theirs,
            "goal": goal,
            "stat": stat,
        })
    );
}
