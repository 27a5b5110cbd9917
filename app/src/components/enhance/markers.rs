//! What the server's markup and the browser's enhancements agree on.

/// How long before the idle timeout the warning appears: time enough to
/// read it and answer (WCAG 2.2.1 asks for at least 20 seconds).
pub const WARN_BEFORE_SECONDS: i64 = 120;

/// The id of the slot the error summary is drawn in (by the server, and by
/// the browser's own check).
pub const SUMMARY_SLOT: &str = "error-summary-slot";
