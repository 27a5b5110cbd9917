//! What the portal refuses: another centre's candidates and another
//! staff member's upload, cross-site posts, candidates' sessions, pages
//! before both factors, and a file too large.

use app::domain::CentreCode;

use super::support::{ENTRIES_HEADER, add_centre, staff_session, text_after, upload};
use crate::helpers::{Backend, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(
    a_centres_staff_cannot_import_another_staff_members_upload_nor_reach_the_portal_without_both_factors,
    a_file_too_large_is_refused_beside_its_field_and_nothing_is_kept,
);

async fn a_centres_staff_cannot_import_another_staff_members_upload_nor_reach_the_portal_without_both_factors(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let claire = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;
    let other = staff_session(&app, &CentreCode::default_centre(), "paul@example.org").await;

    // Lyon cannot load the default centre's candidate.
    let file = format!(
        "{ENTRIES_HEADER}\nSIR094701,9999,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n"
    );
    let page = visible_text(
        &upload(&app, &claire, "entries", "a.csv", file.clone().into_bytes())
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(page.contains("belongs to another centre"), "{page}");
    // Paul (the default centre) may, but Claire cannot import Paul's upload.
    let html = upload(&app, &other, "entries", "b.csv", file.into_bytes())
        .await
        .text()
        .await
        .unwrap();
    let upload_id = text_after(&html, "name=\"upload\" value=\"")
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned();
    let res = app
        .post("/centre/import", &[("upload", &upload_id)], Some(&claire))
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(app.count("entries WHERE secret_number = '9999'").await, 0);
    // Each sees only their own centre's log.
    let log = app
        .get("/centre/audit.csv", Some(&claire))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        log.contains("claire@lycee-ampere.fr") && !log.contains("paul@example.org"),
        "{log}"
    );
    // A cross-site post is refused, as everywhere.
    let res = app
        .post_with(
            "/centre/import",
            &[("upload", &upload_id)],
            &[("cookie", &other), ("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(res.status(), 403);
    // Candidates' sessions open nothing here.
    let candidate = app.signed_in("SIR094701", "4821").await;
    assert_eq!(
        app.get("/centre/audit", Some(&candidate)).await.headers()["location"]
            .to_str()
            .unwrap(),
        "/centre/login"
    );
}

async fn a_file_too_large_is_refused_beside_its_field_and_nothing_is_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let cookie = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;
    // Twice the limit: the answer still comes back as a page.
    let big = vec![b'a'; 2 * app::domain::MAX_UPLOAD_BYTES];
    let res = upload(&app, &cookie, "entries", "big.csv", big).await;
    let status = res.status();
    let html = res.text().await.unwrap();
    assert_eq!(status, 422, "{}", visible_text(&html));
    let error = &html[html.find("id=\"file-error\"").expect("the field's error")..];
    assert!(
        visible_text(&error[..error.find("</p>").expect("end")])
            .contains("This file is larger than 4 MB"),
        "{}",
        visible_text(&html)
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(app.count("centre_uploads").await, 0);
}
