use crate::helpers::{import_entries, import_results};
use app::domain::CentreCode;
use app::server::entities::{account, outbox};
use app::server::release::{Policy, announce_released, keep_waiting, progress};
use app::server::{results, sessions};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::support::{Services, services, services_with};
use crate::helpers::Backend;
use crate::on_both_backends;

on_both_backends!(
    results_are_announced_once_at_the_release_to_candidates_confirmed_before_it,
    announcements_keep_to_the_rate_across_replicas_and_tell_everyone_once,
    candidates_who_have_already_seen_their_results_are_not_told,
    results_loaded_after_the_release_are_announced_when_they_arrive,
    a_waiting_candidate_stays_signed_in_only_while_the_results_are_due_soon,
    the_first_look_at_released_results_is_noted_once_and_a_look_before_the_release_not_at_all,
    asks_beyond_the_replicas_bound_are_told_to_come_back_after_one_spread,
);

const SUBJECT: &str = "Your exam results are available";

/// `n` entries named `REL00000i` released at `release`, each with a
/// confirmed account (confirmed `confirmed`); results loaded if `results`.
pub(crate) async fn candidates(
    db: &DatabaseConnection,
    n: usize,
    release: DateTime<Utc>,
    confirmed: DateTime<Utc>,
    results: bool,
) -> Vec<String> {
    let ids: Vec<String> = (1..=n).map(|i| format!("REL{i:06}")).collect();
    let mut entries = String::from(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n",
    );
    let mut scores = String::from(
        "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n",
    );
    for id in &ids {
        entries.push_str(&format!(
            "{id},1234,Zoé,Martin,B2 First,2026-06-13,{}\n",
            release.to_rfc3339()
        ));
        scores.push_str(&format!("{id},176,B,B2,172,168,181,183,\n"));
    }
    import_entries(db, &CentreCode::default_centre(), entries.as_bytes())
        .await
        .expect("entries");
    if results {
        import_results(db, &CentreCode::default_centre(), scores.as_bytes())
            .await
            .expect("results");
    }
    for id in &ids {
        account::ActiveModel {
            id_number: Set(id.clone()),
            email: Set(format!("{}@example.fr", id.to_lowercase())),
            password_hash: Set("$argon2id$v=19$m=19456,t=2,p=1$x$y".into()),
            wants_updates: Set(false),
            email_confirmed_at: Set(Some(confirmed)),
            created_at: Set(confirmed),
            language: Set(if id.ends_with('2') { "fr" } else { "en" }.into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("account");
    }
    ids
}

async fn announcements(db: &DatabaseConnection) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Subject.is_in([SUBJECT, "Vos résultats d’examen sont disponibles"]))
        .all(db)
        .await
        .expect("outbox")
}

fn policy(per_minute: u32) -> Policy {
    Policy {
        emails_per_minute: per_minute,
        ..Policy::default()
    }
}

async fn results_are_announced_once_at_the_release_to_candidates_confirmed_before_it(
    backend: Backend,
) {
    let s = services(backend).await;
    let db = &s.state.db;
    let now = Utc::now();
    candidates(db, 2, now + Duration::hours(1), now, true).await;
    // SIR094701's results came out yesterday and its account is confirmed
    // today: a candidate who registers after the release is not emailed.
    s.confirmed_account("SIR094701", "4821").await;
    let url = "https://results.example.org";
    assert_eq!(
        announce_released(db, url, &policy(1800), now)
            .await
            .expect("announce"),
        Some(0),
        "nothing before the release"
    );
    let after = now + Duration::hours(1);
    assert_eq!(
        announce_released(db, url, &policy(1800), after)
            .await
            .expect("announce"),
        Some(2)
    );
    assert_eq!(
        announce_released(db, url, &policy(1800), after + Duration::minutes(5))
            .await
            .expect("announce"),
        Some(0),
        "once"
    );
    let mails = announcements(db).await;
    assert_eq!(mails.len(), 2);
    let english = mails
        .iter()
        .find(|m| m.recipient == "rel000001@example.fr")
        .expect("REL000001 told");
    assert!(
        english.text_body.contains("B2 First") && english.text_body.contains("REL000001"),
        "{}",
        english.text_body
    );
    assert!(
        english
            .text_body
            .contains("https://results.example.org/login"),
        "{}",
        english.text_body
    );
    let french = mails
        .iter()
        .find(|m| m.recipient == "rel000002@example.fr")
        .expect("REL000002 told");
    assert_eq!(
        french.subject, "Vos résultats d’examen sont disponibles",
        "in the candidate's language"
    );
    assert!(
        french.text_body.contains("Bonjour Zoé"),
        "{}",
        french.text_body
    );
    assert_eq!(
        progress(db, after).await.expect("progress"),
        app::server::release::Progress {
            told: 2,
            waiting: 0
        }
    );
}

async fn announcements_keep_to_the_rate_across_replicas_and_tell_everyone_once(backend: Backend) {
    let s = services(backend).await;
    let db = &s.state.db;
    // A second replica: a pool of its own on the same database.
    let other =
        app::server::db::connect_and_migrate(&s.database_url(), &app::server::db::Pool::default())
            .await
            .expect("second pool");
    let release = Utc::now() - Duration::minutes(1);
    let ids = candidates(db, 23, release, release - Duration::days(1), true).await;
    assert_eq!(
        progress(db, Utc::now()).await.expect("progress").waiting,
        23
    );
    // 60 a minute: 5 in each five-second window, whichever replica asks.
    let (url, rate) = ("https://results.example.org", policy(60));
    let mut now = Utc::now();
    let mut per_window = Vec::new();
    while announcements(db).await.len() < ids.len() {
        let first = announce_released(db, url, &rate, now)
            .await
            .expect("first replica")
            .unwrap_or(0);
        let second = announce_released(&other, url, &rate, now + Duration::seconds(2))
            .await
            .expect("second replica")
            .unwrap_or(0);
        per_window.push(first + second);
        now += Duration::seconds(5);
        assert!(per_window.len() < 10, "stuck: {per_window:?}");
    }
    assert_eq!(
        per_window,
        vec![5, 5, 5, 5, 3],
        "5 per window across both replicas"
    );
    let mut told: Vec<String> = announcements(db)
        .await
        .into_iter()
        .map(|m| m.recipient)
        .collect();
    told.sort();
    told.dedup();
    assert_eq!(told.len(), ids.len(), "everyone told, nobody twice");
    assert_eq!(
        announce_released(&other, url, &rate, now + Duration::minutes(1))
            .await
            .expect("again"),
        Some(0)
    );
}

async fn candidates_who_have_already_seen_their_results_are_not_told(backend: Backend) {
    let s = services(backend).await;
    let db = &s.state.db;
    let release = Utc::now() - Duration::minutes(10);
    candidates(db, 2, release, release - Duration::days(1), true).await;
    // REL000001 signs in and looks before the email goes.
    let caller = signed_in(&s, "REL000001").await;
    let view = results::my_results(&s.state, &caller)
        .await
        .expect("results");
    assert!(matches!(view.outcome, app::domain::Outcome::Released(_)));
    assert_eq!(
        announce_released(db, "https://results.example.org", &policy(1800), Utc::now())
            .await
            .expect("announce"),
        Some(1)
    );
    let mails = announcements(db).await;
    assert_eq!(
        mails
            .iter()
            .map(|m| m.recipient.as_str())
            .collect::<Vec<_>>(),
        vec!["rel000002@example.fr"]
    );
}

async fn results_loaded_after_the_release_are_announced_when_they_arrive(backend: Backend) {
    let s = services(backend).await;
    let db = &s.state.db;
    let release = Utc::now() - Duration::hours(2);
    candidates(db, 1, release, release - Duration::days(3), false).await;
    let url = "https://results.example.org";
    assert_eq!(
        announce_released(db, url, &policy(1800), Utc::now())
            .await
            .expect("announce"),
        Some(0),
        "no results, nothing to tell"
    );
    import_results(
        db,
        &CentreCode::default_centre(),
        &b"id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\nREL000001,181,B,B2,178,176,184,186,\n"[..],
    )
    .await
    .expect("late results");
    assert_eq!(
        announce_released(db, url, &policy(1800), Utc::now())
            .await
            .expect("announce"),
        Some(1)
    );
}

async fn a_waiting_candidate_stays_signed_in_only_while_the_results_are_due_soon(backend: Backend) {
    let s = services(backend).await;
    let clock = &s.state.settings.clock;
    let release = clock.now() + Duration::hours(2);
    candidates(
        &s.state.db,
        1,
        release,
        clock.now() - Duration::days(1),
        true,
    )
    .await;
    let caller = signed_in(&s, "REL000001").await;
    // Idle 29 minutes, then the waiting page asks: kept, again and again,
    // well past the 30-minute idle timeout.
    for _ in 0..4 {
        clock.advance(Duration::minutes(29));
        assert!(
            keep_waiting(&s.state, &caller).await.expect("asked"),
            "kept while due within 3 hours"
        );
    }
    assert!(
        sessions::current_candidate(&s.state, &caller)
            .await
            .expect("lookup")
            .is_some(),
        "still signed in after 116 minutes"
    );
    // Past the release the ordinary idle timeout applies again, and the
    // refused request itself is not counted as activity.
    clock.advance(Duration::minutes(29));
    assert!(
        !keep_waiting(&s.state, &caller).await.expect("asked"),
        "released: not kept"
    );
    clock.advance(Duration::minutes(2));
    assert!(
        sessions::current_candidate(&s.state, &caller)
            .await
            .expect("lookup")
            .is_none(),
        "ended after 31 idle minutes"
    );

    // Results due in two days: the page is an ordinary page.
    let far = clock.now() + Duration::days(2);
    import_entries(
        &s.state.db,
        &CentreCode::default_centre(),
        format!(
            "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\nREL000001,1234,Zoé,Martin,B2 First,2026-06-13,{}\n",
            far.to_rfc3339()
        )
        .as_bytes(),
    )
    .await
    .expect("new release time");
    let caller = signed_in(&s, "REL000001").await;
    clock.advance(Duration::minutes(29));
    assert!(!keep_waiting(&s.state, &caller).await.expect("asked"));
    clock.advance(Duration::minutes(2));
    assert!(
        sessions::current_candidate(&s.state, &caller)
            .await
            .expect("lookup")
            .is_none()
    );
}

/// Gives `id` the test password (the accounts above have a dummy hash).
async fn set_password(s: &Services, id: &str) {
    let hash = s
        .state
        .hasher
        .hash(secrecy::SecretString::from(crate::helpers::PASSWORD))
        .await
        .expect("hash");
    account::Entity::update_many()
        .col_expr(
            account::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .filter(account::Column::IdNumber.eq(id))
        .exec(&s.state.db)
        .await
        .expect("password set");
}

async fn signed_in(s: &Services, id: &str) -> app::server::Caller {
    set_password(s, id).await;
    s.signed_in(id).await
}

async fn seen_at(s: &Services, id: &str) -> Option<DateTime<Utc>> {
    account::Entity::find_by_id(id)
        .one(&s.state.db)
        .await
        .expect("query")
        .expect("account")
        .results_seen_at
}

async fn the_first_look_at_released_results_is_noted_once_and_a_look_before_the_release_not_at_all(
    backend: Backend,
) {
    let s = services(backend).await;
    let clock = &s.state.settings.clock;
    // SIR094702's results come out in two days.
    s.confirmed_account("SIR094702", "1907").await;
    let waiting = s.signed_in("SIR094702").await;
    let view = results::my_results(&s.state, &waiting)
        .await
        .expect("pending view");
    assert!(matches!(view.outcome, app::domain::Outcome::Pending { .. }));
    assert_eq!(
        seen_at(&s, "SIR094702").await,
        None,
        "a countdown is not the results"
    );

    let release = clock.now() - Duration::minutes(10);
    candidates(&s.state.db, 1, release, release - Duration::days(1), true).await;
    let caller = signed_in(&s, "REL000001").await;
    // The clock runs: the look is noted at a moment between these two.
    let before = clock.now();
    results::my_results(&s.state, &caller)
        .await
        .expect("results");
    let after = clock.now();
    let first = seen_at(&s, "REL000001")
        .await
        .expect("the first look is noted");
    assert!(
        (before.timestamp()..=after.timestamp()).contains(&first.timestamp()),
        "{before} <= {first} <= {after}"
    );
    clock.advance(Duration::minutes(5));
    results::my_results(&s.state, &caller)
        .await
        .expect("results again");
    assert_eq!(
        seen_at(&s, "REL000001").await,
        Some(first),
        "the first look stays the one noted"
    );
}

async fn asks_beyond_the_replicas_bound_are_told_to_come_back_after_one_spread(backend: Backend) {
    let s = services_with(backend, |c| {
        c.release.max_in_flight = 2;
        c.release.spread = Duration::seconds(45);
    })
    .await;
    s.confirmed_account("SIR094701", "4821").await;
    let caller = s.signed_in("SIR094701").await;
    // Two results pages are being answered on this replica.
    let held = [s.state.results_pages.admit(), s.state.results_pages.admit()];
    assert!(held.iter().all(Result::is_ok));
    match results::my_results(&s.state, &caller).await {
        Err(app::server::ServiceError::Busy {
            retry_after_seconds,
        }) => assert_eq!(retry_after_seconds, 45, "one spread"),
        other => panic!("expected Busy, got {other:?}"),
    }
    assert_eq!(
        s.state.results_pages.inside(),
        2,
        "the refused ask holds no place"
    );
    drop(held);
    let view = results::my_results(&s.state, &caller)
        .await
        .expect("answered once a place is free");
    assert!(matches!(view.outcome, app::domain::Outcome::Released(_)));
    assert_eq!(
        s.state.results_pages.inside(),
        0,
        "the answered ask gave its place back"
    );
}
