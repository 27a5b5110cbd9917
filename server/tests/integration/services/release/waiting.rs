//! Candidates waiting for their results: signed in only while they are
//! due soon, their first look noted once, and asks beyond the replicas'
//! bound told to come back.

use app::domain::CentreCode;
use app::server::release::keep_waiting;
use app::server::{results, sessions};
use chrono::{DateTime, Duration, Utc};
use sea_orm::EntityTrait;

use super::{candidates, signed_in};
use crate::helpers::{Backend, import_entries};
use crate::on_both_backends;
use crate::services::support::{Services, services, services_with};

on_both_backends!(
    a_waiting_candidate_stays_signed_in_only_while_the_results_are_due_soon,
    the_first_look_at_released_results_is_noted_once_and_a_look_before_the_release_not_at_all,
    asks_beyond_the_replicas_bound_are_told_to_come_back_after_one_spread,
);

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

async fn seen_at(s: &Services, id: &str) -> Option<DateTime<Utc>> {
    app::server::entities::account_entry::Entity::find_by_id(id)
        .one(&s.state.db)
        .await
        .expect("query")
        .expect("in an account")
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
    assert!(matches!(
        view.shown.outcome,
        app::domain::Outcome::Pending { .. }
    ));
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
    assert!(matches!(
        view.shown.outcome,
        app::domain::Outcome::Released(_)
    ));
    assert_eq!(
        s.state.results_pages.inside(),
        0,
        "the answered ask gave its place back"
    );
}
