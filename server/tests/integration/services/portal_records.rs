//! What the portal keeps and forgets: every action commits with its audit
//! entry or not at all, a right password forgives a staff member's typos,
//! the hourly clean-up takes what the portal no longer needs, and a staff
//! row that cannot be read opens nothing.

use app::domain::{Email, StaffRole, UploadKind};
use app::i18n::Locale;
use app::server::entities::{audit_entry, centre_upload, entry, staff_session, staff_token};
use app::server::import::import_as_operator;
use app::server::retention::clean_up;
use app::server::staff::audit::Actor;
use app::server::staff::release_times::ExamSession;
use app::server::staff::{candidates, invitations, release_times, sessions, uploads};
use app::server::{ServiceError, centres};
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

use super::portal::lyon_entries;
use super::staff::{STAFF_PASSWORD, invite, lyon, signed_in_staff};
use super::support::{Services, caller, services};
use crate::helpers::Backend;
use crate::on_both_backends;

on_both_backends!(
    every_portal_action_is_undone_when_its_audit_entry_cannot_be_written,
    a_right_staff_password_forgives_the_typos_before_it,
    the_hourly_clean_up_deletes_uploads_never_imported_and_ended_staff_sessions_and_links,
    a_staff_row_whose_role_cannot_be_read_opens_nothing,
);

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

fn failed(outcome: Result<impl std::fmt::Debug, ServiceError>) -> bool {
    matches!(outcome, Err(ServiceError::Unexpected(_)))
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

async fn a_right_staff_password_forgives_the_typos_before_it(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let token = invite(&s, &centre, "claire@lycee-ampere.fr", StaffRole::Officer).await;
    invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD)
        .await
        .expect("accepted");
    let browser = caller();
    let sign_in = |password: &'static str| {
        sessions::sign_in(
            &s.state,
            &browser,
            "claire@lycee-ampere.fr",
            password.to_owned(),
        )
    };
    // Four typos at a time, each time followed by the right password: a
    // day of ordinary sign-ins. None of them may ever have to wait.
    for round in 0..3 {
        for _ in 0..4 {
            let typo = sign_in("portail-2026-centr").await;
            assert!(
                matches!(typo, Err(ServiceError::CredentialsRejected)),
                "round {round}: {typo:?}"
            );
        }
        sign_in(STAFF_PASSWORD).await.expect("the right password");
    }
    // The fifth typo in a row is where the wait begins.
    for _ in 0..5 {
        assert!(matches!(
            sign_in("x-portail-2026").await,
            Err(ServiceError::CredentialsRejected)
        ));
    }
    assert!(matches!(
        sign_in(STAFF_PASSWORD).await,
        Err(ServiceError::TooManyAttempts { .. })
    ));
}

async fn the_hourly_clean_up_deletes_uploads_never_imported_and_ended_staff_sessions_and_links(
    backend: Backend,
) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let release = lyon_entries(&s, &centre).await;
    let (staff, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    invite(&s, &centre, "hugo@lycee-ampere.fr", StaffRole::Officer).await;
    let csv = format!(
        "{}\nLYN000003,3333,Inès,Faure,B2 First,2026-06-13,{release}\n",
        UploadKind::Entries.header()
    );
    uploads::check_upload(
        &s.state,
        &staff,
        UploadKind::Entries,
        "a.csv",
        csv.into_bytes(),
    )
    .await
    .expect("checked");
    let (db, settings) = (&s.state.db, &s.state.settings);
    let count = async |table: &str| {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                sql,
            ))
            .await
            .expect("query")
            .expect("row");
        row.try_get::<i64>("", "n").expect("n")
    };
    assert_eq!(
        (
            count("centre_uploads").await,
            count("staff_sessions").await,
            count("staff_tokens").await
        ),
        (1, 1, 2)
    );

    let clean = async |after: Duration| {
        clean_up(db, settings, Utc::now() + after)
            .await
            .expect("clean-up")
            .expect("the lock was free")
    };
    let soon = clean(Duration::minutes(10)).await;
    assert_eq!(
        (soon.uploads, soon.staff_sessions, soon.staff_links),
        (0, 0, 0),
        "all still in use"
    );
    let hour = clean(Duration::minutes(61)).await;
    assert_eq!(
        (hour.uploads, hour.staff_sessions, hour.staff_links),
        (1, 1, 0),
        "the upload's hour and the session's 15 idle minutes are over"
    );
    // Links: kept a week after they stop working (used, or 72 hours old).
    let week =
        clean(Duration::hours(72) + settings.retention.dead_links + Duration::minutes(1)).await;
    assert_eq!(
        week.staff_links, 2,
        "the accepted invitation and the one left unanswered"
    );
    assert_eq!(
        (
            centre_upload::Entity::find()
                .count(db)
                .await
                .expect("count"),
            staff_session::Entity::find()
                .count(db)
                .await
                .expect("count"),
            staff_token::Entity::find().count(db).await.expect("count"),
        ),
        (0, 0, 0)
    );
}

async fn a_staff_row_whose_role_cannot_be_read_opens_nothing(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let (staff, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    s.state
        .db
        .execute_unprepared("UPDATE staff SET role = 'root'")
        .await
        .expect("role changed behind our back");
    let refused = sessions::require_staff(&s.state, &staff).await;
    assert!(failed(refused), "neither an officer nor an admin");
    let again = sessions::sign_in(
        &s.state,
        &caller(),
        "claire@lycee-ampere.fr",
        STAFF_PASSWORD.to_owned(),
    )
    .await;
    assert!(failed(again), "not even the password step");
}
