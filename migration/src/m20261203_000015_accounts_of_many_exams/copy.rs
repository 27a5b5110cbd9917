//! The rows copied from the tables renamed aside (`*_old`) into the new
//! shape: plain SQL that SQLite and PostgreSQL read alike.

use super::tables::Shape;

/// Into [`Shape::ManyEntries`]: each account keeps its rows and gets a key
/// numbered in ID Number order (the same numbering in both statements that
/// use it, so each account and its entry agree).
const INTO_MANY: &[&str] = &[
    "INSERT INTO accounts (id, email, password_hash, wants_updates, email_confirmed_at, created_at, language) \
     SELECT ROW_NUMBER() OVER (ORDER BY id_number), email, password_hash, wants_updates, email_confirmed_at, created_at, language \
     FROM accounts_old",
    "INSERT INTO account_entries (id_number, account_id, added_at, results_notified_at, results_seen_at) \
     SELECT id_number, ROW_NUMBER() OVER (ORDER BY id_number), created_at, results_notified_at, results_seen_at \
     FROM accounts_old",
    "INSERT INTO email_tokens (token_hash, account_id, created_at, expires_at, used_at, superseded, purpose, new_email) \
     SELECT t.token_hash, e.account_id, t.created_at, t.expires_at, t.used_at, t.superseded, t.purpose, t.new_email \
     FROM email_tokens_old t JOIN account_entries e ON e.id_number = t.id_number",
    "INSERT INTO sessions (id_hash, account_id, created_at, expires_at, last_seen_at, device) \
     SELECT s.id_hash, e.account_id, s.created_at, s.expires_at, s.last_seen_at, s.device \
     FROM sessions_old s JOIN account_entries e ON e.id_number = s.id_number",
    "INSERT INTO passkeys (id, account_id, credential_id, user_handle, name, credential, created_at, last_used_at) \
     SELECT p.id, e.account_id, p.credential_id, p.user_handle, p.name, p.credential, p.created_at, p.last_used_at \
     FROM passkeys_old p JOIN account_entries e ON e.id_number = p.id_number",
    "INSERT INTO passkey_ceremonies (id_hash, purpose, account_id, state, attempt_id, expires_at) \
     SELECT c.id_hash, c.purpose, e.account_id, c.state, c.attempt_id, c.expires_at \
     FROM passkey_ceremonies_old c LEFT JOIN account_entries e ON e.id_number = c.id_number",
];

/// Into [`Shape::OneEntryEach`]: one account per exam, each with the
/// account's address and password; what belonged to the account goes to
/// the exam added to it first.
const INTO_ONE_EACH: &[&str] = &[
    "INSERT INTO accounts (id_number, email, password_hash, wants_updates, email_confirmed_at, created_at, language, results_notified_at, results_seen_at) \
     SELECT e.id_number, a.email, a.password_hash, a.wants_updates, a.email_confirmed_at, a.created_at, a.language, e.results_notified_at, e.results_seen_at \
     FROM account_entries_old e JOIN accounts_old a ON a.id = e.account_id",
    "INSERT INTO email_tokens (token_hash, id_number, created_at, expires_at, used_at, superseded, purpose, new_email) \
     SELECT t.token_hash, FIRST_EXAM(t), t.created_at, t.expires_at, t.used_at, t.superseded, t.purpose, t.new_email \
     FROM email_tokens_old t WHERE FIRST_EXAM(t) IS NOT NULL",
    "INSERT INTO sessions (id_hash, id_number, created_at, expires_at, last_seen_at, device) \
     SELECT t.id_hash, FIRST_EXAM(t), t.created_at, t.expires_at, t.last_seen_at, t.device \
     FROM sessions_old t WHERE FIRST_EXAM(t) IS NOT NULL",
    "INSERT INTO passkeys (id, id_number, credential_id, user_handle, name, credential, created_at, last_used_at) \
     SELECT t.id, FIRST_EXAM(t), t.credential_id, t.user_handle, t.name, t.credential, t.created_at, t.last_used_at \
     FROM passkeys_old t WHERE FIRST_EXAM(t) IS NOT NULL",
    "INSERT INTO passkey_ceremonies (id_hash, purpose, id_number, state, attempt_id, expires_at) \
     SELECT t.id_hash, t.purpose, FIRST_EXAM(t), t.state, t.attempt_id, t.expires_at \
     FROM passkey_ceremonies_old t",
];

/// The same in both directions: share codes keep their ID Number, and
/// checks their code.
const UNCHANGED: &[&str] = &[
    "INSERT INTO share_codes (id, id_number, fingerprint, created_at, expires_at, revoked_at) \
     SELECT id, id_number, fingerprint, created_at, expires_at, revoked_at FROM share_codes_old",
    "INSERT INTO share_checks (id, share_code_id, checked_at, outcome, organisation, client_hash) \
     SELECT id, share_code_id, checked_at, outcome, organisation, client_hash FROM share_checks_old",
];

/// The ID Number of the exam first added to the account of row `t`.
const FIRST_EXAM: &str = "(SELECT f.id_number FROM account_entries_old f WHERE f.account_id = t.account_id ORDER BY f.added_at, f.id_number LIMIT 1)";

pub fn statements(into: Shape) -> Vec<String> {
    let own = match into {
        Shape::ManyEntries => INTO_MANY,
        Shape::OneEntryEach => INTO_ONE_EACH,
    };
    own.iter()
        .chain(UNCHANGED)
        .map(|sql| sql.replace("FIRST_EXAM(t)", FIRST_EXAM))
        .collect()
}
