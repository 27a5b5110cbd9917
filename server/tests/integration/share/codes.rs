//! Share codes: created by a plain post and shown once, verified by an
//! institution, revoked at once on every replica; and an HTTPS site
//! needs a server key to make them.

use super::support::{check, new_code, newest_code_id};
use crate::helpers::{Backend, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(
    a_share_code_created_by_a_plain_post_is_shown_once_and_an_institution_verifies_it,
    a_revoked_code_stops_working_at_once_on_another_replica,
);

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
