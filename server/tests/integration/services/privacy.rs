use app::domain::{Field, Outcome, ValidationError};
use app::server::entities::{
    account, email_token, entry, exam_result, failed_attempt, outbox, session,
};
use app::server::retention::{Deleted, clean_up};
use app::server::{Caller, ServiceError, privacy, tokens};
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use super::support::{caller, services};
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;

on_both_backends!(
    the_copy_holds_every_kind_of_data_and_nothing_secret,
    deleting_an_account_removes_its_rows_and_nothing_of_another,
    each_retention_rule_deletes_what_is_past_its_period_and_keeps_the_rest,
);

async fn the_copy_holds_every_kind_of_data_and_nothing_secret(backend: Backend) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    let browser = Caller {
        user_agent: Some("Mozilla/5.0 (Android 14; Mobile) Firefox/140.0".into()),
        ..caller()
    };
    let session =
        app::server::sessions::log_in(&s.state, &browser, "SIR094701", PASSWORD.to_owned())
            .await
            .expect("signed in");
    let signed_in = browser.with_session(&session.token);
    let wrong = privacy::my_data(&s.state, &signed_in, "not-my-password-1".to_owned()).await;
    let Err(ServiceError::Invalid(errors)) = wrong else {
        panic!("{wrong:?}")
    };
    assert_eq!(
        errors.get(Field::CurrentPassword),
        Some(ValidationError::WrongPassword)
    );

    let code = app::server::share_codes::create(&s.state, &signed_in, app::domain::ValidFor::Week)
        .await
        .expect("a share code")
        .code;
    let check =
        app::domain::VerifyInput::parse(&code, "Lefebvre", "Université de Lyon").expect("a check");
    app::server::verification::verify(&s.state, &caller(), check)
        .await
        .expect("verified");

    let data = privacy::my_data(&s.state, &signed_in, PASSWORD.to_owned())
        .await
        .expect("the copy");
    assert_eq!(data.share_codes.len(), 1);
    assert_eq!(
        data.share_codes[0].checks[0].organisation.as_deref(),
        Some("Université de Lyon")
    );
    assert_eq!(
        (
            data.entry.given_name.as_str(),
            data.entry.family_name.as_str(),
            data.entry.exam.as_str()
        ),
        ("Marie", "Lefebvre", "B2 First")
    );
    assert_eq!(data.account.email, "marie@example.fr");
    assert!(data.account.email_confirmed_at.is_some());
    let Outcome::Released(scores) = &data.results else {
        panic!("{:?}", data.results)
    };
    assert_eq!(scores.overall, 176);
    assert_eq!(data.sessions.len(), 1);
    assert!(data.sessions[0].this_session);
    assert_eq!(
        data.sessions[0].device.as_deref(),
        Some("Mozilla/5.0 (Android 14; Mobile) Firefox/140.0")
    );
    assert!(
        data.emails
            .iter()
            .any(|e| e.subject.starts_with("Confirm your email address")),
        "{:?}",
        data.emails
    );

    let json = serde_json::to_string(&data).expect("serialises");
    let hash = account::Entity::find_by_id("SIR094701")
        .one(&s.state.db)
        .await
        .expect("query")
        .expect("account")
        .password_hash;
    let links: Vec<String> = email_token::Entity::find()
        .all(&s.state.db)
        .await
        .expect("query")
        .into_iter()
        .map(|t| t.token_hash)
        .collect();
    assert!(
        !json.contains("argon2") && !json.contains(&hash),
        "no password hash"
    );
    assert!(
        !json.contains(&session.token) && !json.contains(&tokens::hash(&session.token)),
        "no session id"
    );
    for link in links {
        assert!(!json.contains(&link), "no link token");
    }
    let fingerprint = app::server::entities::share_code::Entity::find()
        .one(&s.state.db)
        .await
        .expect("query")
        .expect("code")
        .fingerprint;
    assert!(
        !json.contains(&code)
            && !json.contains(&code.replace('-', ""))
            && !json.contains(&fingerprint),
        "no share code nor its hash"
    );
}

async fn deleting_an_account_removes_its_rows_and_nothing_of_another(backend: Backend) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    s.confirmed_account("SIR094702", "1907").await;
    let marie = s.signed_in("SIR094701").await;
    let thomas = s.signed_in("SIR094702").await;
    let code = app::server::share_codes::create(&s.state, &marie, app::domain::ValidFor::Week)
        .await
        .expect("a share code")
        .code;
    let check = app::domain::VerifyInput::parse(&code, "Lefebvre", "").expect("a check");
    app::server::verification::verify(&s.state, &caller(), check)
        .await
        .expect("verified");
    // A wrong password first: it is counted, and the count goes with the account.
    assert!(
        privacy::delete_account(&s.state, &marie, "not-my-password-1".to_owned())
            .await
            .is_err()
    );
    privacy::delete_account(&s.state, &marie, PASSWORD.to_owned())
        .await
        .expect("deleted");

    let db = &s.state.db;
    let of = |id: &'static str| async move {
        (
            account::Entity::find()
                .filter(account::Column::IdNumber.eq(id))
                .count(db)
                .await
                .expect("query"),
            session::Entity::find()
                .filter(session::Column::IdNumber.eq(id))
                .count(db)
                .await
                .expect("query"),
            email_token::Entity::find()
                .filter(email_token::Column::IdNumber.eq(id))
                .count(db)
                .await
                .expect("query"),
            failed_attempt::Entity::find()
                .filter(failed_attempt::Column::Subject.eq(format!("id:{id}")))
                .count(db)
                .await
                .expect("query"),
        )
    };
    assert_eq!(of("SIR094701").await, (0, 0, 0, 0));
    use app::server::entities::{share_check, share_code};
    assert_eq!(
        share_code::Entity::find().count(db).await.expect("query"),
        0,
        "the share codes go with the account"
    );
    assert_eq!(
        share_check::Entity::find().count(db).await.expect("query"),
        0,
        "and the checks of them"
    );
    let (accounts, sessions, links, _) = of("SIR094702").await;
    assert_eq!(
        (accounts, sessions, links),
        (1, 1, 1),
        "the other account is untouched"
    );
    assert_eq!(
        app::server::sessions::current_candidate(&s.state, &marie)
            .await
            .expect("lookup"),
        None
    );
    assert!(
        app::server::sessions::current_candidate(&s.state, &thomas)
            .await
            .expect("lookup")
            .is_some()
    );
    // Of the emails to the address, only the notice of the deletion remains, waiting to go.
    let mails = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("marie@example.fr"))
        .all(db)
        .await
        .expect("query");
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("deleted"), "{}", mails[0].subject);
    // The centre's entry and results stay, and the candidate can register again.
    assert_eq!(entry::Entity::find().count(db).await.expect("query"), 2);
    assert_eq!(
        exam_result::Entity::find().count(db).await.expect("query"),
        2
    );
    s.register("SIR094701", "4821", PASSWORD)
        .await
        .expect("registered again");
}

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
        new_account(id, created, confirmed)
            .insert(db)
            .await
            .expect("account");
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
    new_account(
        "SIR094703",
        now - Duration::days(90),
        Some(now - Duration::days(89)),
    )
    .insert(db)
    .await
    .expect("confirmed account");
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
            id_number: Set("SIR094703".into()),
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
            id_number: Set(id.into()),
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
    let accounts = account::Entity::find()
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

fn new_account(
    id: &str,
    created: chrono::DateTime<chrono::Utc>,
    confirmed: Option<chrono::DateTime<chrono::Utc>>,
) -> account::ActiveModel {
    account::ActiveModel {
        id_number: Set(id.into()),
        email: Set(format!("{}@example.fr", id.to_lowercase())),
        password_hash: Set("$argon2id$v=19$m=19456,t=2,p=1$x$y".into()),
        wants_updates: Set(false),
        email_confirmed_at: Set(confirmed),
        created_at: Set(created),
        language: Set("en".into()),
        ..Default::default()
    }
}
