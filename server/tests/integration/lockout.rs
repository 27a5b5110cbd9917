//! A candidate kept out by someone else's wrong passwords: the emailed
//! sign-in link gets them in past the per-ID wait, which an attacker
//! without the inbox cannot.

use crate::helpers::{
    Backend, PASSWORD, json, link_token, recipient, session_cookie, spawn_app, spawn_app_with,
    visible_text,
};
use crate::on_both_backends;

on_both_backends!(
    a_candidate_made_to_wait_by_wrong_passwords_gets_in_with_an_emailed_link,
    a_sign_in_link_is_asked_for_alike_for_every_id_number,
);

async fn a_candidate_made_to_wait_by_wrong_passwords_gets_in_with_an_emailed_link(
    backend: Backend,
) {
    // Behind a proxy, so that the guesser and the candidate come from two addresses.
    let app = spawn_app_with(backend, |c| {
        c.trusted_proxy_header = Some("X-Forwarded-For".to_owned())
    })
    .await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    // Someone else, from elsewhere, tries passwords for a known ID Number.
    for n in 0..6 {
        let wrong = app
            .post_with(
                "/api/login",
                &[
                    ("id_number", "SIR094701"),
                    ("password", &format!("guess-{n}-1234")),
                ],
                &[("x-forwarded-for", "203.0.113.9")],
            )
            .await;
        assert!([401, 429].contains(&wrong.status().as_u16()));
    }
    let waiting = app.login("SIR094701", PASSWORD).await;
    assert_eq!(waiting.status(), 429, "the right password waits too");
    // The login page offers the way through (here as a browser without JavaScript sees it).
    let form = [("id_number", "SIR094701"), ("password", PASSWORD)];
    let back = app
        .post_with("/api/login", &form, &[("accept", "text/html")])
        .await;
    let location = back.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let page = visible_text(&app.get(&location, None).await.text().await.expect("page"));
    assert!(
        page.contains("Too many attempts") && page.contains("Email me a sign-in link"),
        "{page}"
    );

    let before = app.emails().await.len();
    let asked = app
        .post(
            "/api/email_sign_in_link",
            &[("id_number", "SIR094701")],
            None,
        )
        .await;
    assert_eq!(asked.status(), 200);
    let mails = app.wait_for_emails(before + 1).await;
    let mail = mails.last().expect("the sign-in email");
    assert_eq!(recipient(mail), "marie@example.fr");
    let token = link_token(mail, "/login/link?token=");
    // Opening the link (a mail scanner would) spends nothing.
    assert_eq!(
        app.get(&format!("/login/link?token={token}"), None)
            .await
            .status(),
        200
    );
    let signed_in = app
        .post("/api/sign_in_with_link", &[("token", &token)], None)
        .await;
    assert_eq!(signed_in.status(), 200);
    let cookie = session_cookie(&signed_in).expect("a session");
    assert_eq!(app.get("/results", Some(&cookie)).await.status(), 200);
    let again = app
        .post("/api/sign_in_with_link", &[("token", &token)], None)
        .await;
    assert_eq!(again.status(), 410);
    assert_eq!(
        json(again).await,
        serde_json::json!({ "TokenInvalid": "Used" })
    );
    // The count of wrong passwords started again: the password works too.
    assert_eq!(app.login("SIR094701", PASSWORD).await.status(), 200);
}

async fn a_sign_in_link_is_asked_for_alike_for_every_id_number(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    // SIR094702 has an entry but no account; SIR999999 has neither.
    let mut answers = Vec::new();
    for id in ["SIR094701", "SIR094702", "SIR999999"] {
        let res = app
            .post("/api/email_sign_in_link", &[("id_number", id)], None)
            .await;
        answers.push((res.status().as_u16(), res.text().await.expect("body")));
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    let mails = app.wait_for_emails(2).await;
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.contains("/login/link?token="))
            .count(),
        1,
        "a link only for the account"
    );
}
