//! Passkeys over the wire: the JSON of the two ceremonies, the cookie of a
//! passkey sign-in, the refusals' statuses and words, the pages that offer
//! passkeys (and only those load the script), and the plain forms that
//! rename and remove them.
//!
//! - `ceremonies`: adding a passkey and signing in with it, and refusals;
//! - `pages`: the pages that offer passkeys, and renaming and removing;
//! - `support`: the ceremonies' posts and a passkey added.

mod ceremonies;
mod pages;
mod support;
