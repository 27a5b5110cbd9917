//! The two shapes of the account tables: before (an account is an entry)
//! and after (an account holds entries). Only what differs is spelt twice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `accounts.id_number` is the key: one account per entry.
    OneEntryEach,
    /// `accounts.id` is the key; `account_entries` links entries to it.
    ManyEntries,
}

pub struct NamedIndex {
    pub name: &'static str,
    pub table: &'static str,
    pub column: &'static str,
}

const fn index(name: &'static str, table: &'static str, column: &'static str) -> NamedIndex {
    NamedIndex {
        name,
        table,
        column,
    }
}

impl Shape {
    /// The tables rebuilt, parents before children.
    pub fn tables(self) -> Vec<&'static str> {
        let mut tables = vec!["accounts"];
        if self == Self::ManyEntries {
            tables.push("account_entries");
        }
        tables.extend([
            "email_tokens",
            "sessions",
            "passkeys",
            "passkey_ceremonies",
            "share_codes",
            "share_checks",
        ]);
        tables
    }

    /// The tables whose `id` comes from a sequence.
    pub fn serial(self) -> Vec<&'static str> {
        let mut tables = vec!["passkeys", "share_codes", "share_checks"];
        if self == Self::ManyEntries {
            tables.push("accounts");
        }
        tables
    }

    pub fn indexes(self) -> Vec<NamedIndex> {
        let mut indexes = vec![
            index(
                "idx_passkey_ceremonies_expires_at",
                "passkey_ceremonies",
                "expires_at",
            ),
            index("idx_share_codes_id_number", "share_codes", "id_number"),
            index("idx_share_checks_code", "share_checks", "share_code_id"),
        ];
        indexes.extend(match self {
            Self::OneEntryEach => vec![
                index("idx_email_tokens_id_number", "email_tokens", "id_number"),
                index("idx_passkeys_id_number", "passkeys", "id_number"),
            ],
            Self::ManyEntries => vec![
                index(
                    "idx_account_entries_account_id",
                    "account_entries",
                    "account_id",
                ),
                index("idx_email_tokens_account_id", "email_tokens", "account_id"),
                index("idx_sessions_account_id", "sessions", "account_id"),
                index("idx_passkeys_account_id", "passkeys", "account_id"),
            ],
        });
        indexes
    }

    /// The tables in this shape, parents before children.
    pub fn create(self) -> Vec<TableCreateStatement> {
        let mut tables = match self {
            Self::OneEntryEach => vec![accounts_by_entry()],
            Self::ManyEntries => vec![accounts_of_their_own(), account_entries()],
        };
        tables.extend([
            email_tokens(self),
            sessions(self),
            passkeys(self),
            passkey_ceremonies(self),
            share_codes(self),
            share_checks(),
        ]);
        tables
    }
}

fn name(table: &str) -> Alias {
    Alias::new(table)
}

/// What a row belongs to: the account's key in either shape.
fn owner(table: &mut TableCreateStatement, shape: Shape, from: &str, nullable: bool) {
    let (column, key) = match shape {
        Shape::OneEntryEach => ("id_number", "id_number"),
        Shape::ManyEntries => ("account_id", "id"),
    };
    let mut def = match (shape, nullable) {
        (Shape::OneEntryEach, false) => string_len(name(column), 9),
        (Shape::OneEntryEach, true) => string_len_null(name(column), 9),
        (Shape::ManyEntries, false) => big_integer(name(column)),
        (Shape::ManyEntries, true) => big_integer_null(name(column)),
    };
    table.col(&mut def).foreign_key(
        ForeignKey::create()
            .from(name(from), name(column))
            .to(name("accounts"), name(key))
            .on_delete(ForeignKeyAction::Cascade),
    );
}

fn account_columns(table: &mut TableCreateStatement) {
    table
        .col(string_len(name("email"), 254))
        .col(string_len(name("password_hash"), 255))
        .col(boolean(name("wants_updates")))
        .col(timestamp_with_time_zone_null(name("email_confirmed_at")))
        .col(timestamp_with_time_zone(name("created_at")))
        .col(string_len(name("language"), 8).default("en"));
}

fn results_markers(table: &mut TableCreateStatement) {
    table
        .col(timestamp_with_time_zone_null(name("results_notified_at")))
        .col(timestamp_with_time_zone_null(name("results_seen_at")));
}

fn entry_key(table: &mut TableCreateStatement, from: &str) {
    table
        .col(string_len(name("id_number"), 9).primary_key())
        .foreign_key(
            ForeignKey::create()
                .from(name(from), name("id_number"))
                .to(name("entries"), name("id_number"))
                .on_delete(ForeignKeyAction::Cascade),
        );
}

fn accounts_by_entry() -> TableCreateStatement {
    let mut table = Table::create().table(name("accounts")).to_owned();
    entry_key(&mut table, "accounts");
    account_columns(&mut table);
    results_markers(&mut table);
    table
}

fn accounts_of_their_own() -> TableCreateStatement {
    let mut table = Table::create()
        .table(name("accounts"))
        .col(big_pk_auto(name("id")))
        .to_owned();
    account_columns(&mut table);
    table
}

/// The exams in an account. The primary key on the ID Number is what
/// keeps an entry in one account at most, whatever runs at the same time.
fn account_entries() -> TableCreateStatement {
    let mut table = Table::create().table(name("account_entries")).to_owned();
    entry_key(&mut table, "account_entries");
    owner(&mut table, Shape::ManyEntries, "account_entries", false);
    table.col(timestamp_with_time_zone(name("added_at")));
    results_markers(&mut table);
    table
}

fn email_tokens(shape: Shape) -> TableCreateStatement {
    let mut table = Table::create()
        .table(name("email_tokens"))
        .col(string_len(name("token_hash"), 64).primary_key())
        .to_owned();
    owner(&mut table, shape, "email_tokens", false);
    table
        .col(timestamp_with_time_zone(name("created_at")))
        .col(timestamp_with_time_zone(name("expires_at")))
        .col(timestamp_with_time_zone_null(name("used_at")))
        .col(boolean(name("superseded")))
        .col(string_len(name("purpose"), 16).default("confirm"))
        .col(string_len_null(name("new_email"), 254));
    table
}

fn sessions(shape: Shape) -> TableCreateStatement {
    let mut table = Table::create()
        .table(name("sessions"))
        .col(string_len(name("id_hash"), 64).primary_key())
        .to_owned();
    owner(&mut table, shape, "sessions", false);
    table
        .col(timestamp_with_time_zone(name("created_at")))
        .col(timestamp_with_time_zone(name("expires_at")))
        .col(timestamp_with_time_zone_null(name("last_seen_at")))
        .col(string_len_null(name("device"), 200));
    table
}

fn passkeys(shape: Shape) -> TableCreateStatement {
    let mut table = Table::create()
        .table(name("passkeys"))
        .col(big_pk_auto(name("id")))
        .to_owned();
    owner(&mut table, shape, "passkeys", false);
    table
        .col(string_len_uniq(name("credential_id"), 2048))
        .col(string_len(name("user_handle"), 36))
        .col(string_len(name("name"), 60))
        .col(text(name("credential")))
        .col(timestamp_with_time_zone(name("created_at")))
        .col(timestamp_with_time_zone_null(name("last_used_at")));
    table
}

fn passkey_ceremonies(shape: Shape) -> TableCreateStatement {
    let mut table = Table::create()
        .table(name("passkey_ceremonies"))
        .col(string_len(name("id_hash"), 64).primary_key())
        .col(string_len(name("purpose"), 16))
        .to_owned();
    owner(&mut table, shape, "passkey_ceremonies", true);
    table
        .col(text(name("state")))
        .col(big_integer_null(name("attempt_id")))
        .col(timestamp_with_time_zone(name("expires_at")));
    table
}

/// Share codes are per exam: after, they name the exam in its account, so
/// they follow it into another account and end when it is removed.
fn share_codes(shape: Shape) -> TableCreateStatement {
    let to = match shape {
        Shape::OneEntryEach => "accounts",
        Shape::ManyEntries => "account_entries",
    };
    Table::create()
        .table(name("share_codes"))
        .col(big_pk_auto(name("id")))
        .col(string_len(name("id_number"), 9))
        .col(string_len_uniq(name("fingerprint"), 64))
        .col(timestamp_with_time_zone(name("created_at")))
        .col(timestamp_with_time_zone(name("expires_at")))
        .col(timestamp_with_time_zone_null(name("revoked_at")))
        .foreign_key(
            ForeignKey::create()
                .from(name("share_codes"), name("id_number"))
                .to(name(to), name("id_number"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// Unchanged, but rebuilt because the table it refers to is.
fn share_checks() -> TableCreateStatement {
    Table::create()
        .table(name("share_checks"))
        .col(big_pk_auto(name("id")))
        .col(big_integer_null(name("share_code_id")))
        .col(timestamp_with_time_zone(name("checked_at")))
        .col(string_len(name("outcome"), 16))
        .col(string_len_null(name("organisation"), 200))
        .col(string_len_null(name("client_hash"), 64))
        .foreign_key(
            ForeignKey::create()
                .from(name("share_checks"), name("share_code_id"))
                .to(name("share_codes"), name("id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}
