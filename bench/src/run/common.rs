//! What the phases share: the open-loop cap on requests in flight, and
//! the wrapper that makes a closure a load generator's request.

use std::sync::Arc;

use crate::load::{Outcome, RequestFn};

/// Open-loop cap on requests in flight, below the file-descriptor limit.
pub(super) const MAX_OUTSTANDING: usize = 8000;

pub fn request_fn<F, Fut>(f: F) -> RequestFn
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Outcome> + Send + 'static,
{
    Arc::new(move |n| Box::pin(f(n)))
}
