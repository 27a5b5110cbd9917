//! How many results pages this replica is working on at once. At the
//! release every waiting page asks within one spread; if more ask than the
//! database can answer, the extra asks would only queue for a connection
//! and make every answer late. Past a bound an ask is told at once to come
//! back after one more spread: the server widens the window it asked for.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A shared count of the requests inside; cloned into each request.
#[derive(Debug, Clone, Default)]
pub struct InFlight(Arc<AtomicUsize>);

/// One request inside the count; leaving (dropping it) takes it out.
#[derive(Debug)]
pub struct Inside(Arc<AtomicUsize>);

impl InFlight {
    /// A place inside, or `None` when `limit` requests already hold one.
    pub fn enter(&self, limit: usize) -> Option<Inside> {
        let inside = Inside(Arc::clone(&self.0));
        // Counted before checked, so that two requests racing for the last
        // place cannot both get it; the refused one leaves as it drops.
        (self.0.fetch_add(1, Ordering::SeqCst) < limit).then_some(inside)
    }

    /// Requests inside now.
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::InFlight;

    #[test]
    fn a_place_is_refused_past_the_limit_and_given_back_on_leaving() {
        let gate = InFlight::default();
        let first = gate.enter(2);
        let second = gate.enter(2);
        assert!(first.is_some() && second.is_some());
        assert!(gate.enter(2).is_none(), "a third request is refused");
        assert_eq!(gate.count(), 2, "the refused one left at once");
        drop(first);
        assert!(gate.enter(2).is_some(), "a place is free again");
        drop(second);
        assert_eq!(gate.count(), 0);
    }

    #[test]
    fn a_limit_of_zero_refuses_everyone() {
        assert!(InFlight::default().enter(0).is_none());
    }
}
