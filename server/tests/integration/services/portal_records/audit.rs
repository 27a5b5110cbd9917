//! Every portal action is undone when its audit entry cannot be written.

use app::domain::{Email, StaffRole, UploadKind};
use app::i18n::Locale;
use app::server::entities::{audit_entry, centre_upload, entry};
use app::server::import::import_as_operator;
use app::server::staff::audit::Actor;
use app::server::staff::release_times::ExamSession;
use app::server::staff::{candidates, invitations, release_times, sessions, uploads};
use app::server::{ServiceError, centres};
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

use super::failed;
use crate::helpers::Backend;
use crate::on_both_backends;
use crate::services::portal::lyon_entries;
use crate::services::staff::{lyon, signed_in_staff};
use crate::services::support::{Services, services};

on_both_backends!(every_portal_action_is_undone_when_its_audit_entry_cannot_be_written);

async fn entry_of(s: &Services, id: &str) -> entry::Model {
    entry::Entity::find_by_id(id)
        .one(&s.state.db)
        .await
        .expect("query")
        .expect("entry")
}

async fn audit_rows(s: &Services) -> u64 {
    audit_entry::Entity::find()
        .count(&s.state.db)
        .await
        .expect("count")
}

async fn every_portal_action_is_undone_when_its_audit_entry_cannot_be_written(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let release = lyon_entries(&s, &centre).await;
    let (staff, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    let csv = format!(
        "{}\nLYN000003,3333,Inès,Faure,B2 First,2026-06-13,{release}\n",
        UploadKind::Entries.header()
    );
    let upload = uploads::check_upload(
        &s.state,
        &staff,
        UploadKind::Entries,
        "a.csv",
        csv.clone().into_bytes(),
    )
    .await
    .expect("checked")
    .upload;
    let before = (entry_of(&s, "LYN000002").await, audit_rows(&s).await);
    let kept = centre_upload::Entity::find()
        .count(&s.state.db)
        .await
        .expect("count");

    // The log can no longer be written: every action must fail whole.
    let db = &s.state.db;
    db.execute_unprepared("ALTER TABLE audit_log RENAME TO audit_log_away")
        .await
        .expect("log moved away");
    assert!(failed(
        candidates::reissue_secret(&s.state, &staff, "LYN000002").await
    ));
    let sessions_now = release_times::sessions(&s.state, &staff)
        .await
        .expect("sessions")
        .sessions;
    let session = &sessions_now[0];
    let later = (Utc::now() + Duration::days(9))
        .format("%Y-%m-%dT10:00")
        .to_string();
    let moved = release_times::change(
        &s.state,
        &staff,
        &ExamSession::parse(&session.exam, &session.exam_date, &session.release_at)
            .expect("a session"),
        &later,
    )
    .await;
    assert!(failed(moved));
    assert_eq!(
        entry_of(&s, "LYN000002").await,
        before.0,
        "Secret Number and release time unchanged"
    );
    let again = uploads::check_upload(
        &s.state,
        &staff,
        UploadKind::Entries,
        "b.csv",
        csv.clone().into_bytes(),
    )
    .await;
    assert!(failed(again));
    assert!(failed(
        uploads::import_upload(&s.state, &staff, &upload).await
    ));
    assert_eq!(
        centre_upload::Entity::find()
            .count(db)
            .await
            .expect("count"),
        kept,
        "no upload kept without its entry; the one previewed still waits for its Import"
    );
    let by_cli = import_as_operator(
        db,
        &centre,
        UploadKind::Entries,
        csv.as_bytes(),
        "c.csv",
        &|_, _| {},
    )
    .await;
    assert!(by_cli.is_err(), "{by_cli:?}");
    assert!(
        entry::Entity::find_by_id("LYN000003")
            .one(db)
            .await
            .expect("query")
            .is_none()
    );
    let other = app::domain::CentreCode::parse("FR-NICE-03").expect("code");
    let added = centres::add(
        db,
        &other,
        "Lycée Masséna",
        "Europe/Paris",
        &Actor::operator(),
        Utc::now(),
    )
    .await;
    assert!(added.is_err());
    assert!(centres::find(db, &other).await.expect("query").is_none());
    let email = Email::parse("hugo@lycee-ampere.fr").expect("email");
    let invited = invitations::invite(
        &s.state,
        &centre,
        &email,
        StaffRole::Officer,
        Locale::fr,
        &Actor::operator(),
    )
    .await;
    assert!(failed(invited));
    assert!(failed(sessions::sign_out(&s.state, &staff).await));
    assert!(
        sessions::require_staff(&s.state, &staff).await.is_ok(),
        "a sign-out that could not be logged did not happen"
    );

    db.execute_unprepared("ALTER TABLE audit_log_away RENAME TO audit_log")
        .await
        .expect("log back");
    assert_eq!(
        audit_rows(&s).await,
        before.1,
        "nothing was logged of what did not happen"
    );
    sessions::sign_out(&s.state, &staff)
        .await
        .expect("signed out");
    assert_eq!(
        audit_rows(&s).await,
        before.1 + 1,
        "a sign-out is logged with it"
    );
    assert!(matches!(
        sessions::require_staff(&s.state, &staff).await,
        Err(ServiceError::NotSignedIn)
    ));
}
