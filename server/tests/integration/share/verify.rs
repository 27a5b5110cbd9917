//! `/verify`'s refusals: one page and one status for all, guessing
//! limited per address, and a malformed check answered beside its field.

use super::support::{check, new_code, newest_code_id};
use crate::helpers::{Backend, spawn_app, spawn_app_with, visible_text};
use crate::on_both_backends;

on_both_backends!(
    every_refusal_at_verify_is_the_same_page_with_the_same_status,
    guessing_at_verify_is_limited_per_address_with_a_retry_after,
    a_malformed_check_is_answered_422_with_the_problem_beside_its_field,
);

async fn every_refusal_at_verify_is_the_same_page_with_the_same_status(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let expired = new_code(&app, &cookie, "7").await;
    let code = new_code(&app, &cookie, "30").await;
    let revoked = new_code(&app, &cookie, "30").await;
    let id = newest_code_id(&app, &cookie).await;
    let res = app
        .post_with(
            "/api/revoke_share_code",
            &[("code", &id)],
            &[("cookie", &cookie), ("accept", "text/html")],
        )
        .await;
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["location"].to_str().unwrap()
        ),
        (302, "/results/share-codes?done=revoked")
    );
    let unknown = if code.starts_with('0') {
        "11111-11111"
    } else {
        "00000-00000"
    };
    assert!(
        visible_text(
            &check(&app, &expired, "Lefebvre")
                .await
                .text()
                .await
                .unwrap()
        )
        .contains("176"),
        "the 7-day code works on its first day"
    );
    app.clock.advance(chrono::Duration::days(8));
    let mut answers = Vec::new();
    for (code, name) in [
        (code.as_str(), "Martin"),
        (unknown, "Lefebvre"),
        (revoked.as_str(), "Lefebvre"),
        (expired.as_str(), "Lefebvre"),
    ] {
        let res = check(&app, code, name).await;
        let status = res.status();
        let page = visible_text(&res.text().await.unwrap()).replace(name, "");
        assert!(
            page.contains("We could not verify a result with this share code and family name."),
            "{page}"
        );
        assert!(!page.contains("176"), "{page}");
        answers.push((status, page));
    }
    assert!(
        answers.iter().all(|a| a == &answers[0]),
        "one answer for every refusal: {answers:#?}"
    );
    assert_eq!(answers[0].0, 200);
}

async fn guessing_at_verify_is_limited_per_address_with_a_retry_after(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.attempts_per_ip_per_hour = 2).await;
    for _ in 0..2 {
        assert_eq!(check(&app, "7KQ2M-X9D4T", "Martin").await.status(), 200);
    }
    let res = check(&app, "7KQ2M-X9D4T", "Martin").await;
    assert_eq!(res.status(), 429);
    assert!(
        res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<i64>()
            .unwrap()
            > 0
    );
    assert!(visible_text(&res.text().await.unwrap()).contains("Too many attempts"));
}

async fn a_malformed_check_is_answered_422_with_the_problem_beside_its_field(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let res = app
        .post(
            "/verify",
            &[
                ("share_code", "7KQ2M-X9D4"),
                ("family_name", ""),
                ("organisation", "Banque"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"share_code-error\" aria-live=\"polite\" class=\"error\">Enter the share code as the candidate gave it"), "{html}");
    assert!(
        html.contains(
            "id=\"family_name-error\" aria-live=\"polite\" class=\"error\">This field is required."
        ),
        "{html}"
    );
    assert!(
        html.contains("value=\"Banque\""),
        "the organisation typed is kept"
    );
    assert!(!html.contains("7KQ2M-X9D4\""), "the code is not sent back");
    let res = app
        .post(
            "/results/share-codes",
            &[("valid_for", "365")],
            Some(&app.signed_in("SIR094701", "4821").await),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(visible_text(&res.text().await.unwrap()).contains("This value is not recognised."));
}
