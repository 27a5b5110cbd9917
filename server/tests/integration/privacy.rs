//! The candidate's data over HTTP: the privacy page, the downloaded copy and
//! the deletion of the account, on one replica or two.

use crate::helpers::{Backend, PASSWORD, json, session_cookie, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    the_privacy_page_states_the_periods_the_service_uses,
    the_copy_and_the_deletion_need_a_session_and_the_password,
    the_copy_is_a_json_file_that_no_cache_keeps,
    deleting_the_account_ends_its_sessions_on_every_replica_and_the_id_can_register_again,
);

async fn the_privacy_page_states_the_periods_the_service_uses(backend: Backend) {
    let app = crate::helpers::spawn_app_with(backend, |c| {
        c.retention.unconfirmed_accounts = chrono::Duration::days(45)
    })
    .await;
    for (language, heading) in [("en", "Your data"), ("fr", "Vos données")] {
        let page = app
            .get_with("/privacy", &[("cookie", &format!("ro_lang={language}"))])
            .await;
        assert_eq!(page.status(), 200);
        let text = crate::helpers::visible_text(&page.text().await.expect("page"));
        assert!(text.contains(heading), "{language}: {text}");
        // The setting, not a number written into the text.
        assert!(text.contains("45"), "{language}: {text}");
    }
    let periods = json(app.post("/api/privacy_periods", &[], None).await).await;
    assert_eq!(periods["unconfirmed_account_days"], 45);
    assert_eq!(periods["sent_email_days"], 30);
}

async fn the_copy_and_the_deletion_need_a_session_and_the_password(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    for path in ["/api/download_my_data", "/api/delete_account"] {
        let res = app
            .post(path, &[("current_password", PASSWORD)], None)
            .await;
        assert_eq!(res.status(), 401, "{path}");
        assert_eq!(json(res).await, "NotSignedIn", "{path}");
    }
    let cookie = app.signed_in("SIR094701", "4821").await;
    for path in ["/api/download_my_data", "/api/delete_account"] {
        let res = app
            .post(
                path,
                &[("current_password", "not-my-password-1")],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status(), 422, "{path}");
        assert_eq!(
            json(res).await,
            serde_json::json!({"Invalid": [["CurrentPassword", "WrongPassword"]]}),
            "{path}"
        );
    }
    assert_eq!(app.count("accounts").await, 1, "nothing deleted");
    // Without JavaScript, a wrong password sends the browser back to the form with the error.
    let res = app
        .post_with(
            "/api/delete_account",
            &[("current_password", "not-my-password-1")],
            &[
                ("cookie", &cookie),
                ("accept", "text/html"),
                ("referer", &format!("{}/account", app.origin)),
            ],
        )
        .await;
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(location.starts_with("/account?"), "{location}");
}

async fn the_copy_is_a_json_file_that_no_cache_keeps(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    // As the browser's script would post it, and as a plain form post without JavaScript.
    let referer = format!("{}/account", app.origin);
    let plain = [
        ("cookie", cookie.as_str()),
        ("accept", "text/html"),
        ("referer", referer.as_str()),
    ];
    let script = [("cookie", cookie.as_str())];
    for headers in [&script[..], &plain[..]] {
        let res = app
            .post_with(
                "/api/download_my_data",
                &[("current_password", PASSWORD)],
                headers,
            )
            .await;
        assert_eq!(res.status(), 200, "{headers:?}");
        assert_eq!(
            res.headers()["content-disposition"],
            "attachment; filename=\"results-online-SIR094701.json\""
        );
        assert_eq!(res.headers()["cache-control"], "no-store");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .expect("type")
                .starts_with("application/json")
        );
        let data = json(res).await;
        assert_eq!(data["exams"][0]["entry"]["id_number"], "SIR094701");
        assert_eq!(data["account"]["email"], "marie@example.fr");
        assert_eq!(data["exams"][0]["results"]["Released"]["overall"], 176);
        assert_eq!(data["sessions"].as_array().map(Vec::len), Some(1));
        assert!(
            data.to_string().find("argon2").is_none(),
            "no password hash"
        );
    }
}

async fn deleting_the_account_ends_its_sessions_on_every_replica_and_the_id_can_register_again(
    backend: Backend,
) {
    let first = spawn_app(backend).await;
    first.load_entries().await;
    let second = first.replica().await;
    let here = first.signed_in("SIR094701", "4821").await;
    let login = second.login("SIR094701", PASSWORD).await;
    let there = session_cookie(&login).expect("a session on the other replica");
    let res = first
        .post(
            "/api/delete_account",
            &[("current_password", PASSWORD)],
            Some(&here),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/login?session=deleted");
    let cleared = session_cookie(&res).expect("the cookie is cleared");
    assert!(cleared.ends_with('='), "{cleared}");
    for (app, cookie) in [
        (&first, &here),
        (&second, &there),
        (&first, &there),
        (&second, &here),
    ] {
        let page = app.get("/results", Some(cookie)).await;
        assert_eq!(page.status(), 303, "signed out on {}", app.address);
    }
    assert_eq!(
        second.login("SIR094701", PASSWORD).await.status(),
        401,
        "the password no longer signs in"
    );
    assert_eq!(
        (
            first.count("accounts").await,
            first.count("sessions").await,
            first.count("email_tokens").await
        ),
        (0, 0, 0)
    );
    assert_eq!(
        (first.count("entries").await, first.count("results").await),
        (2, 2),
        "the centre's records stay"
    );
    let mails = first.wait_for_emails(2).await;
    assert!(
        mails.iter().any(|m| m.contains("deleted")),
        "a notice went to the address"
    );
    assert_eq!(
        second
            .register("SIR094701", "4821", "marie.l@example.fr")
            .await
            .status(),
        200,
        "registers again"
    );
}
