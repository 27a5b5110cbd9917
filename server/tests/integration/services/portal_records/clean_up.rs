//! The hourly clean-up deletes uploads never imported, and ended staff
//! sessions and links.

use app::domain::{StaffRole, UploadKind};
use app::server::entities::{centre_upload, staff_session, staff_token};
use app::server::retention::clean_up;
use app::server::staff::uploads;
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

use crate::helpers::Backend;
use crate::on_both_backends;
use crate::services::portal::lyon_entries;
use crate::services::staff::{invite, lyon, signed_in_staff};
use crate::services::support::services;

on_both_backends!(
    the_hourly_clean_up_deletes_uploads_never_imported_and_ended_staff_sessions_and_links,
);

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
