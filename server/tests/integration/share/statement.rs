//! The Statement of Results: a PDF for its signed-in owner, after the
//! release, never stored.

use crate::helpers::{Backend, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(
    the_statement_is_a_pdf_for_its_signed_in_owner_after_the_release_and_never_stored,
);

async fn the_statement_is_a_pdf_for_its_signed_in_owner_after_the_release_and_never_stored(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let anonymous = app.get("/results/statement.pdf", None).await;
    assert_eq!(
        (
            anonymous.status().as_u16(),
            anonymous.headers()["location"].to_str().unwrap()
        ),
        (303, "/login")
    );
    let waiting = app.signed_in("SIR094702", "1907").await;
    let before = app.get("/results/statement.pdf", Some(&waiting)).await;
    assert_eq!(before.status(), 404);
    assert!(!before.text().await.unwrap().contains("%PDF"));
    let cookie = app.signed_in("SIR094701", "4821").await;
    let res = app.get("/results/statement.pdf", Some(&cookie)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"statement-of-results-SIR094701.pdf\""
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    let pdf = res.bytes().await.expect("pdf");
    let text = crate::helpers::pdf_text(&pdf);
    for expected in [
        "Marie Lefebvre",
        "SIR094701",
        "176",
        "172",
        "168",
        "181",
        "183",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    let results = visible_text(
        &app.get("/results", Some(&cookie))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(
        results.contains("Download your Statement of Results (PDF)")
            && results.contains("Create a share code"),
        "{results}"
    );
}
