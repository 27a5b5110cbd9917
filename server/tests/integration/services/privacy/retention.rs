//! The retention rules: each deletes what is past its period and keeps
//! the rest.

use app::server::entities::account::{self, AccountId};
use app::server::entities::{account_entry, email_token, entry, failed_attempt, outbox, session};
use app::server::retention::{Deleted, clean_up};
use chrono::Duration;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::helpers::Backend;
use crate::on_both_backends;
use crate::services::support::services;

on_both_backends!(each_retention_rule_deletes_what_is_past_its_period_and_keeps_the_rest);

/// Rows of every kind, some just past their period and some just inside it,
/// then one clean-up at `now`.
async fn each_retention_rule_deletes_what_is_past_its_period_and_keeps_the_rest(backend: Backend) {
    let s = services(backend).await;
    let db = &s.state.db;
    let now = s.state.settings.clock.now();
    let day = Duration::days(1);
    for (id, created, confirmed) in [
        ("SIR094701", now - Duration::days(31), None),
        ("SIR094702", now - Duration::days(29), None),
    ] {
        new_account(db, id, created, confirmed).await;
    }
    // The seed has two entries; the third account needs its own.
    entry::ActiveModel {
        id_number: Set("SIR094703".into()),
        secret_number: Set("5530".into()),
        given_name: Set("Léa".into()),
        family_name: Set("Durand".into()),
        exam: Set("B2 First".into()),
        exam_date: Set(chrono::NaiveDate::from_ymd_opt(2026, 6, 13).expect("date")),
        results_release_at: Set(now),
        centre_code: Set(app::domain::DEFAULT_CENTRE.into()),
    }
    .insert(db)
    .await
    .expect("entry");
    let lea = new_account(
        db,
        "SIR094703",
        now - Duration::days(90),
        Some(now - Duration::days(89)),
    )
    .await;
    let sessions = [
        (
            "expired",
            now - Duration::hours(13),
            now - Duration::minutes(1),
            Some(now - Duration::minutes(1)),
        ),
        (
            "idle",
            now - Duration::hours(2),
            now + Duration::hours(10),
            Some(now - Duration::minutes(31)),
        ),
        (
            "live",
            now - Duration::hours(2),
            now + Duration::hours(10),
            Some(now - Duration::minutes(29)),
        ),
    ];
    for (name, created, expires, seen) in sessions {
        session::ActiveModel {
            id_hash: Set(name.into()),
            account_id: Set(lea),
            created_at: Set(created),
            expires_at: Set(expires),
            last_seen_at: Set(seen),
            device: Set(None),
        }
        .insert(db)
        .await
        .expect("session");
    }
    let links = [
        (
            "of-an-old-unconfirmed-account",
            "SIR094701",
            now - Duration::days(31),
            now + day,
            None,
            false,
        ),
        (
            "used-8-days-ago",
            "SIR094703",
            now - Duration::days(9),
            now + day,
            Some(now - Duration::days(8)),
            false,
        ),
        (
            "used-6-days-ago",
            "SIR094703",
            now - Duration::days(7),
            now + day,
            Some(now - Duration::days(6)),
            false,
        ),
        (
            "expired-8-days-ago",
            "SIR094703",
            now - Duration::days(10),
            now - Duration::days(8),
            None,
            false,
        ),
        (
            "replaced-8-days-ago",
            "SIR094703",
            now - Duration::days(8),
            now + day,
            None,
            true,
        ),
        ("live", "SIR094703", now, now + day, None, false),
    ];
    for (hash, id, created, expires, used, superseded) in links {
        email_token::ActiveModel {
            token_hash: Set(hash.into()),
            account_id: Set(s.account_of(id).await.id),
            created_at: Set(created),
            expires_at: Set(expires),
            used_at: Set(used),
            superseded: Set(superseded),
            purpose: Set(app::server::links::Purpose::ConfirmEmail),
            new_email: Set(None),
        }
        .insert(db)
        .await
        .expect("link");
    }
    for (subject, at) in [
        ("id:old", now - Duration::hours(25)),
        ("id:recent", now - Duration::hours(23)),
    ] {
        failed_attempt::ActiveModel {
            kind: Set(app::server::throttle::Guess::Password),
            subject: Set(subject.into()),
            at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("guess");
    }
    let mails = [
        ("sent-31-days-ago", Some(now - Duration::days(31)), None),
        ("sent-29-days-ago", Some(now - Duration::days(29)), None),
        ("failed-31-days-ago", None, Some(now - Duration::days(31))),
        ("waiting", None, None),
    ];
    for (subject, sent, failed) in mails {
        outbox::ActiveModel {
            recipient: Set("a@example.fr".into()),
            subject: Set(subject.into()),
            text_body: Set(String::new()),
            html_body: Set(String::new()),
            created_at: Set(now - Duration::days(40)),
            next_attempt_at: Set(now + Duration::days(1)),
            claimed_until: Set(None),
            attempts: Set(0),
            sent_at: Set(sent),
            failed_at: Set(failed),
            last_error: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("email");
    }

    let deleted = clean_up(db, &s.state.settings, now)
        .await
        .expect("clean-up")
        .expect("the lock was free");
    assert_eq!(
        deleted,
        Deleted {
            accounts: 1,
            sessions: 2,
            links: 4,
            guesses: 1,
            emails: 2,
            checks: 0,
            ceremonies: 0,
            ..Deleted::default()
        }
    );
    let left = |names: Vec<String>| {
        let mut names = names;
        names.sort();
        names
    };
    let accounts = account_entry::Entity::find()
        .all(db)
        .await
        .expect("query")
        .into_iter()
        .map(|a| a.id_number)
        .collect();
    assert_eq!(left(accounts), ["SIR094702", "SIR094703"]);
    let sessions = session::Entity::find()
        .all(db)
        .await
        .expect("query")
        .into_iter()
        .map(|s| s.id_hash)
        .collect();
    assert_eq!(left(sessions), ["live"]);
    let links = email_token::Entity::find()
        .all(db)
        .await
        .expect("query")
        .into_iter()
        .map(|t| t.token_hash)
        .collect();
    assert_eq!(left(links), ["live", "used-6-days-ago"]);
    let guesses = failed_attempt::Entity::find()
        .all(db)
        .await
        .expect("query")
        .into_iter()
        .map(|g| g.subject)
        .collect();
    assert_eq!(left(guesses), ["id:recent"]);
    let emails = outbox::Entity::find()
        .all(db)
        .await
        .expect("query")
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(left(emails), ["sent-29-days-ago", "waiting"]);
    // Nothing more to do at the same moment.
    assert_eq!(
        clean_up(db, &s.state.settings, now)
            .await
            .expect("clean-up"),
        Some(Deleted::default())
    );
}

/// An account holding the exam `id`, registered at `created`.
async fn new_account(
    db: &sea_orm::DatabaseConnection,
    id: &str,
    created: chrono::DateTime<chrono::Utc>,
    confirmed: Option<chrono::DateTime<chrono::Utc>>,
) -> AccountId {
    let account = account::ActiveModel {
        email: Set(format!("{}@example.fr", id.to_lowercase())),
        password_hash: Set("$argon2id$v=19$m=19456,t=2,p=1$x$y".into()),
        wants_updates: Set(false),
        email_confirmed_at: Set(confirmed),
        created_at: Set(created),
        language: Set("en".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("account");
    account_entry::ActiveModel {
        id_number: Set(id.into()),
        account_id: Set(account.id),
        added_at: Set(created),
        results_notified_at: Set(None),
        results_seen_at: Set(None),
    }
    .insert(db)
    .await
    .expect("its exam");
    account.id
}
