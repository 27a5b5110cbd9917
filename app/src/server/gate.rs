//! Work that must not pile up: at most so many at once, so many more in
//! line, and past them a refusal at once. Password checks (one per core,
//! `PASSWORD_QUEUE` waiting), results pages (`RESULTS_MAX_IN_FLIGHT`) and
//! statements (one per core drawing) each go through one.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// At most `running` at once, and `waiting` more in line for a turn.
#[derive(Debug, Clone)]
pub struct Gate {
    turns: Arc<Semaphore>,
    admitted: Arc<AtomicUsize>,
    capacity: usize,
}

/// A place inside the gate, running or in line; leaving (dropping it)
/// frees it.
#[derive(Debug)]
pub struct Admission {
    turns: Arc<Semaphore>,
    admitted: Arc<AtomicUsize>,
}

/// Every place is taken: the answer is to come back later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} already inside")]
pub struct Full(pub usize);

impl Gate {
    pub fn new(running: usize, waiting: usize) -> Self {
        Self {
            turns: Arc::new(Semaphore::new(running)),
            admitted: Arc::new(AtomicUsize::new(0)),
            capacity: running.saturating_add(waiting),
        }
    }

    /// A place, or [`Full`] at once when every place is taken. Counted
    /// before checked, so that two racing for the last place cannot both
    /// get it; the refused one leaves as its place drops.
    ///
    /// # Errors
    /// [`Full`], with how many were inside.
    pub fn admit(&self) -> Result<Admission, Full> {
        let before = self.admitted.fetch_add(1, Ordering::SeqCst);
        let admission = Admission {
            turns: Arc::clone(&self.turns),
            admitted: Arc::clone(&self.admitted),
        };
        if before >= self.capacity {
            return Err(Full(before));
        }
        Ok(admission)
    }

    /// How many are inside now, running or in line.
    pub fn inside(&self) -> usize {
        self.admitted.load(Ordering::SeqCst)
    }
}

impl Admission {
    /// Waits for a turn to run (the gate's `running` share it).
    ///
    /// # Errors
    /// Never: the gate's turns are never closed.
    pub async fn turn(&self) -> anyhow::Result<OwnedSemaphorePermit> {
        Arc::clone(&self.turns)
            .acquire_owned()
            .await
            .map_err(|_| anyhow::anyhow!("a gate was closed"))
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        self.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_refused_past_the_running_and_the_waiting_and_given_back_on_leaving() {
        let gate = Gate::new(1, 1);
        let first = gate.admit();
        let second = gate.admit();
        assert!(first.is_ok() && second.is_ok());
        assert_eq!(gate.admit().map(drop), Err(Full(2)), "a third is refused");
        assert_eq!(gate.inside(), 2, "the refused one left at once");
        drop(first);
        assert!(gate.admit().is_ok(), "a place is free again");
        drop(second);
        assert_eq!(gate.inside(), 0);
    }

    #[test]
    fn a_gate_of_no_places_refuses_everyone() {
        assert!(Gate::new(0, 0).admit().is_err());
    }

    #[tokio::test]
    async fn turns_go_to_as_many_as_run_at_once_and_the_others_wait() {
        let gate = Gate::new(1, 5);
        let (a, b) = (gate.admit().expect("a"), gate.admit().expect("b"));
        let running = a.turn().await.expect("a's turn");
        let waiting = tokio::time::timeout(std::time::Duration::from_millis(50), b.turn()).await;
        assert!(waiting.is_err(), "b waits while a runs");
        drop(running);
        assert!(b.turn().await.is_ok(), "then b runs");
    }
}
