//! The Statement of Results and share codes over HTTP: who may fetch what,
//! the headers, and `/verify` answering a plain form post.

use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with, visible_text};
use crate::on_both_backends;

on_both_backends!(
    the_statement_is_a_pdf_for_its_signed_in_owner_after_the_release_and_never_stored,
    a_share_code_created_by_a_plain_post_is_shown_once_and_an_institution_verifies_it,
    every_refusal_at_verify_is_the_same_page_with_the_same_status,
    guessing_at_verify_is_limited_per_address_with_a_retry_after,
    a_malformed_check_is_answered_422_with_the_problem_beside_its_field,
    a_revoked_code_stops_working_at_once_on_another_replica,
);

const CODE_CHARS: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The new code in the share-codes page answering its creation.
fn code_in(page: &str) -> String {
    let tag = page
        .find("id=\"share-code\"")
        .expect("a new code on the page");
    let start = tag + page[tag..].find('>').expect("the tag ends") + 1;
    let code: String = page[start..].chars().take(11).collect();
    assert!(
        code.chars().enumerate().all(|(i, c)| if i == 5 {
            c == '-'
        } else {
            CODE_CHARS.contains(c)
        }),
        "{code}"
    );
    code
}

async fn new_code(app: &TestApp, cookie: &str, days: &str) -> String {
    let res = app
        .post("/results/share-codes", &[("valid_for", days)], Some(cookie))
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["cache-control"], "no-store");
    code_in(&res.text().await.expect("page"))
}

/// The row of the newest code, as its Revoke form names it (listed first).
async fn newest_code_id(app: &TestApp, cookie: &str) -> String {
    let list = app
        .get("/results/share-codes", Some(cookie))
        .await
        .text()
        .await
        .unwrap();
    let start = list
        .find("name=\"code\" value=\"")
        .expect("a Revoke button")
        + "name=\"code\" value=\"".len();
    list[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

async fn check(app: &TestApp, code: &str, name: &str) -> reqwest::Response {
    app.post(
        "/verify",
        &[
            ("share_code", code),
            ("family_name", name),
            ("organisation", "Université de Lyon"),
        ],
        None,
    )
    .await
}

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

async fn a_share_code_created_by_a_plain_post_is_shown_once_and_an_institution_verifies_it(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let code = new_code(&app, &cookie, "90").await;
    let listed = app.get("/results/share-codes", Some(&cookie)).await;
    assert_eq!(listed.headers()["cache-control"], "no-store");
    let listed = listed.text().await.unwrap();
    assert!(
        !listed.contains(&code) && !listed.contains(&code.replace('-', "")),
        "a code is shown only when created"
    );
    assert!(
        visible_text(&listed).contains("Not checked yet."),
        "{listed}"
    );

    let res = check(&app, &code.to_lowercase(), "LEFEBVRE").await;
    assert_eq!(res.status(), 200);
    for (header, value) in [
        ("cache-control", "no-store"),
        ("referrer-policy", "no-referrer"),
        ("x-robots-tag", "noindex"),
    ] {
        assert_eq!(res.headers()[header], value, "{header}");
    }
    let page = visible_text(&res.text().await.unwrap());
    for expected in [
        "Result verified",
        "Marie Lefebvre",
        "B2 First",
        "13 June 2026",
        "176",
        "172",
        "183",
        "code valid until",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    let form = app.get("/verify", None).await;
    assert_eq!(form.headers()["referrer-policy"], "no-referrer");
    assert_eq!(form.headers()["x-robots-tag"], "noindex");

    let listed = visible_text(
        &app.get("/results/share-codes", Some(&cookie))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(
        listed.contains("Successful checks: 1") && listed.contains("by Université de Lyon"),
        "{listed}"
    );
}

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

async fn a_revoked_code_stops_working_at_once_on_another_replica(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let other = app.replica().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let code = new_code(&app, &cookie, "30").await;
    assert!(
        visible_text(&check(&other, &code, "Lefebvre").await.text().await.unwrap())
            .contains("Result verified")
    );
    let id = newest_code_id(&app, &cookie).await;
    app.post("/api/revoke_share_code", &[("code", &id)], Some(&cookie))
        .await;
    assert!(
        visible_text(&check(&other, &code, "Lefebvre").await.text().await.unwrap())
            .contains("We could not verify")
    );
}

#[tokio::test]
async fn a_site_served_over_https_refuses_to_start_without_a_server_key() {
    let (mut config, _dir, _) = crate::helpers::prepare(Backend::Sqlite, |_| {}).await;
    config.server_key_generated = true;
    let refused = server::startup::Application::build(&config, "127.0.0.1:0".parse().unwrap())
        .await
        .err()
        .expect("refused");
    assert!(refused.to_string().contains("SERVER_KEY"), "{refused}");
    config.public_url = "http://127.0.0.1:3000".to_owned();
    server::startup::Application::build(&config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("a development site makes its own key");
}
