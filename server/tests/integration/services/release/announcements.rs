//! Announcements of released results: once, to candidates confirmed
//! before the release, at the rate across replicas, not to those who
//! have seen them, and for results loaded after the release.

use app::domain::CentreCode;
use app::server::entities::outbox;
use app::server::release::{Policy, announce_released, progress};
use app::server::results;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{candidates, signed_in};
use crate::helpers::{Backend, import_results};
use crate::on_both_backends;
use crate::services::support::services;

on_both_backends!(
    results_are_announced_once_at_the_release_to_candidates_confirmed_before_it,
    announcements_keep_to_the_rate_across_replicas_and_tell_everyone_once,
    candidates_who_have_already_seen_their_results_are_not_told,
    results_loaded_after_the_release_are_announced_when_they_arrive,
);

const SUBJECT: &str = "Your exam results are available";

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
    assert!(matches!(
        view.shown.outcome,
        app::domain::Outcome::Released(_)
    ));
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
