//! What the report is written from: the yardsticks measured once for the
//! machine, and the run's context around each backend's results.

use crate::load::Tally;
use crate::machine::Machine;
use crate::run::BackendResult;

/// What was measured once for the whole machine.
pub struct Yardsticks {
    pub baseline_sweep: Vec<(usize, Tally)>,
    pub baseline_half: Tally,
    pub baseline_half_rate: f64,
}

pub struct Context<'a> {
    pub date: String,
    pub smoke: bool,
    pub machine: &'a Machine,
    pub server_bin: String,
    pub command: String,
    /// 1-minute load average before and after the run: anything else busy
    /// on the machine skews every number.
    pub load_before: String,
    pub load_after: String,
    pub yardsticks: &'a Yardsticks,
    pub backends: &'a [BackendResult],
}
