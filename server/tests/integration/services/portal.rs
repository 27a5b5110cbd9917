//! The centre portal's candidate list, Secret Number re-issue and release
//! times: each reaches only the staff member's own centre.

use app::domain::{AccountState, CentreCode, Field, ValidationError};
use app::server::ServiceError;
use app::server::staff::release_times::ExamSession;
use app::server::staff::{candidates, release_times};
use chrono::{Duration, Utc};

use super::staff::{lyon, signed_in_staff};
use super::support::{Services, caller, services};
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;

on_both_backends!(
    the_candidate_list_shows_only_the_centres_candidates_and_where_each_account_stands,
    a_new_secret_number_replaces_the_old_one_at_once_and_the_log_keeps_only_that_it_was_issued,
    a_release_time_moves_for_a_whole_session_in_the_centres_zone_and_only_before_it_passes,
);

/// Lyon's two candidates: results out in three days, exam on 13 June.
pub(super) async fn lyon_entries(s: &Services, centre: &CentreCode) -> String {
    let release = (Utc::now() + Duration::days(3))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let csv = format!(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
         LYN000001,1111,Chloé,Girard,B2 First,2026-06-13,{release}\n\
         LYN000002,2222,Hugo,Roux,B2 First,2026-06-13,{release}\n"
    );
    crate::helpers::import_entries(&s.state.db, centre, csv.as_bytes())
        .await
        .expect("Lyon's entries");
    release
}

fn invalid_release(e: &ServiceError) -> Option<ValidationError> {
    match e {
        ServiceError::Invalid(errors) => errors.get(Field::ReleaseAt),
        _ => None,
    }
}

async fn the_candidate_list_shows_only_the_centres_candidates_and_where_each_account_stands(
    backend: Backend,
) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    lyon_entries(&s, &centre).await;
    s.register("LYN000001", "1111", PASSWORD)
        .await
        .expect("registered");
    s.confirmed_account("SIR094701", "4821").await;
    let (staff, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;

    let all = candidates::search(&s.state, &staff, "")
        .await
        .expect("listed");
    let ids: Vec<&str> = all.iter().map(|c| c.id_number.as_str()).collect();
    assert_eq!(
        ids,
        ["LYN000001", "LYN000002"],
        "Girard before Roux, and nobody of another centre"
    );
    assert_eq!(all[0].account, AccountState::WaitingConfirmation);
    assert_eq!(all[1].account, AccountState::NotRegistered);
    assert!(!all[0].results_loaded && !all[0].results_seen);
    assert_eq!(all[0].name, "Chloé Girard");
    for (query, expected) in [
        ("gir", vec!["LYN000001"]),
        ("lyn000002", vec!["LYN000002"]),
        ("HUGO", vec!["LYN000002"]),
        ("lefebvre", vec![]),
        ("SIR094701", vec![]),
        ("%", vec!["LYN000001", "LYN000002"]),
    ] {
        let found = candidates::search(&s.state, &staff, query)
            .await
            .expect("searched");
        assert_eq!(
            found
                .iter()
                .map(|c| c.id_number.as_str())
                .collect::<Vec<_>>(),
            expected,
            "{query:?}"
        );
    }
    let other = candidates::search(&s.state, &caller(), "").await;
    assert!(matches!(other, Err(ServiceError::NotSignedIn)));
}

async fn a_new_secret_number_replaces_the_old_one_at_once_and_the_log_keeps_only_that_it_was_issued(
    backend: Backend,
) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    lyon_entries(&s, &centre).await;
    let (staff, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    let new = candidates::reissue_secret(&s.state, &staff, "lyn000002")
        .await
        .expect("re-issued");
    assert_eq!(
        (new.id_number.as_str(), new.name.as_str()),
        ("LYN000002", "Hugo Roux")
    );
    assert!(
        new.secret_number.len() == 4
            && new.secret_number.bytes().all(|b| b.is_ascii_digit())
            && new.secret_number != "2222"
    );
    let old = s.register("LYN000002", "2222", PASSWORD).await;
    assert!(
        matches!(old, Err(ServiceError::EntryNotMatched)),
        "the old number no longer works: {old:?}"
    );
    s.register("LYN000002", &new.secret_number, PASSWORD)
        .await
        .expect("the new one does");
    let elsewhere = candidates::reissue_secret(&s.state, &staff, "SIR094701").await;
    assert!(
        matches!(elsewhere, Err(ServiceError::NotFound)),
        "another centre's candidate is out of reach"
    );
    let log = app::server::staff::audit::entries(&s.state.db, "FR-LYON-02", 100)
        .await
        .expect("log");
    let reissued: Vec<_> = log
        .iter()
        .filter(|e| e.action.name() == "secret-number-reissued")
        .collect();
    assert_eq!(reissued.len(), 1);
    assert_eq!(reissued[0].detail, "LYN000002");
}

async fn a_release_time_moves_for_a_whole_session_in_the_centres_zone_and_only_before_it_passes(
    backend: Backend,
) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    lyon_entries(&s, &centre).await;
    let (staff, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    let sessions = release_times::sessions(&s.state, &staff)
        .await
        .expect("sessions")
        .sessions;
    assert_eq!(
        sessions.len(),
        1,
        "the default centre's sessions are not Lyon's"
    );
    let session = &sessions[0];
    assert_eq!(
        (
            session.exam.as_str(),
            session.exam_date.as_str(),
            session.candidates,
            session.released
        ),
        ("B2 First", "2026-06-13", 2, false)
    );

    let (state, who) = (&s.state, &staff);
    let change = move |new: String| async move {
        release_times::change(
            state,
            who,
            &ExamSession::parse(&session.exam, &session.exam_date, &session.release_at)
                .expect("a session"),
            &new,
        )
        .await
    };
    assert_eq!(
        invalid_release(
            &change("12/07/2026 10h".into())
                .await
                .expect_err("not a time")
        ),
        Some(ValidationError::DateTimeFormat)
    );
    assert_eq!(
        invalid_release(&change("2020-07-12T10:00".into()).await.expect_err("past")),
        Some(ValidationError::NotInFuture)
    );
    let target = (Utc::now() + Duration::days(10)).date_naive();
    let changed = change(format!("{target}T10:00")).await.expect("moved");
    assert_eq!(
        (changed.candidates, changed.time_zone.as_str()),
        (2, "Europe/Paris")
    );
    assert_eq!(changed.release_local, format!("{target} 10:00"));
    let moved = release_times::sessions(&s.state, &staff)
        .await
        .expect("sessions")
        .sessions;
    assert_eq!(moved[0].release_local, format!("{target} 10:00"));
    let utc = chrono::DateTime::parse_from_rfc3339(&moved[0].release_at)
        .expect("rfc 3339")
        .with_timezone(&Utc);
    assert!(
        matches!(utc.format("%H:%M").to_string().as_str(), "08:00" | "09:00"),
        "10:00 in Paris is 08:00 or 09:00 UTC: {utc}"
    );
    assert!(
        matches!(
            change(format!("{target}T11:00")).await,
            Err(ServiceError::NotFound)
        ),
        "the form's old time no longer names a session"
    );

    // A session already out cannot move.
    s.state.settings.clock.advance(Duration::days(11));
    let released = release_times::sessions(&s.state, &staff).await;
    // The staff session is long over after eleven days.
    assert!(matches!(released, Err(ServiceError::NotSignedIn)));
    let (again, _) = signed_in_staff(&s, &centre, "paul@lycee-ampere.fr").await;
    let out = release_times::sessions(&s.state, &again)
        .await
        .expect("sessions")
        .sessions;
    assert!(out[0].released);
    let late = release_times::change(
        &s.state,
        &again,
        &ExamSession::parse(&out[0].exam, &out[0].exam_date, &out[0].release_at)
            .expect("a session"),
        "2030-01-01T10:00",
    )
    .await;
    assert_eq!(
        invalid_release(&late.expect_err("released")),
        Some(ValidationError::AlreadyReleased)
    );
    // Another centre's session is out of reach.
    let sir =
        <app::server::entities::entry::Entity as sea_orm::EntityTrait>::find_by_id("SIR094702")
            .one(&s.state.db)
            .await
            .expect("loaded")
            .expect("entry");
    let theirs = release_times::change(
        &s.state,
        &again,
        &ExamSession::parse(
            &sir.exam,
            &sir.exam_date.to_string(),
            &sir.results_release_at.to_rfc3339(),
        )
        .expect("a session"),
        "2030-01-01T10:00",
    )
    .await;
    assert!(
        matches!(
            theirs,
            Err(ServiceError::NotFound) | Err(ServiceError::Invalid(_))
        ),
        "{theirs:?}"
    );
    assert_eq!(
        <app::server::entities::entry::Entity as sea_orm::EntityTrait>::find_by_id("SIR094702")
            .one(&s.state.db)
            .await
            .expect("loaded")
            .expect("entry")
            .results_release_at,
        sir.results_release_at
    );
    let log = app::server::staff::audit::entries(&s.state.db, "FR-LYON-02", 100)
        .await
        .expect("log");
    assert!(
        log.iter().any(|e| e.action.name() == "release-time-changed"
            && e.detail.contains("(Europe/Paris), 2 candidates")),
        "{log:?}"
    );
}
