use chrono::Duration;

use crate::helpers::{Backend, PASSWORD, json, registration_form, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    thirty_wrong_secret_numbers_block_the_right_one_until_the_window_passes,
    an_unknown_id_number_is_blocked_exactly_like_a_known_one,
    password_failures_make_the_next_attempt_wait_longer_and_a_success_resets_them,
    one_address_cannot_spread_its_guesses_over_many_id_numbers,
    behind_a_trusted_proxy_the_client_address_comes_from_its_header,
    simultaneous_guesses_are_limited_exactly_like_successive_ones,
);

async fn register_with(app: &crate::helpers::TestApp, id: &str, secret: &str) -> reqwest::Response {
    app.post(
        "/api/register",
        &registration_form(id, secret, "marie@example.fr"),
        None,
    )
    .await
}

async fn thirty_wrong_secret_numbers_block_the_right_one_until_the_window_passes(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let mut statuses = Vec::new();
    for n in 0..30 {
        statuses.push(
            register_with(&app, "SIR094701", &format!("{:04}", 9000 + n))
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(
        &statuses[..5],
        [401; 5],
        "five wrong guesses are answered as wrong"
    );
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    let blocked = register_with(&app, "SIR094701", "4821").await;
    assert_eq!(blocked.status(), 429);
    let retry: i64 = blocked.headers()["retry-after"]
        .to_str()
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!((1..=3600).contains(&retry), "{retry}");
    let body = json(blocked).await;
    assert!(
        body["TooManyAttempts"]["retry_after_seconds"]
            .as_i64()
            .is_some_and(|s| s == retry),
        "{body}"
    );
    assert_eq!(app.count("accounts").await, 0);
    // Ten a day: after an hour the hourly window has passed but the daily one has not.
    app.clock.advance(Duration::minutes(61));
    assert_eq!(
        register_with(&app, "SIR094701", "4821").await.status(),
        200,
        "only five failures were counted in the last hour"
    );
    app.execute("DELETE FROM accounts").await;
    for n in 0..5 {
        register_with(&app, "SIR094701", &format!("{:04}", 9100 + n)).await;
    }
    assert_eq!(
        register_with(&app, "SIR094701", "4821").await.status(),
        429,
        "ten in a day"
    );
    app.clock.advance(Duration::hours(25));
    assert_eq!(register_with(&app, "SIR094701", "4821").await.status(), 200);
}

async fn an_unknown_id_number_is_blocked_exactly_like_a_known_one(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    for id in ["SIR094701", "ZZZ999999"] {
        let mut seen = Vec::new();
        for n in 0..7 {
            seen.push(
                register_with(&app, id, &format!("{:04}", 9000 + n))
                    .await
                    .status()
                    .as_u16(),
            );
        }
        assert_eq!(seen, [401, 401, 401, 401, 401, 429, 429], "{id}");
    }
}

async fn password_failures_make_the_next_attempt_wait_longer_and_a_success_resets_them(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let _ = app.signed_in("SIR094701", "4821").await;
    let login = |password: &'static str| app.login("SIR094701", password);
    for _ in 0..5 {
        assert_eq!(login("wrong-password-12").await.status(), 401);
    }
    // Even the right password waits: the attempt is not even checked.
    let waiting = login(PASSWORD).await;
    assert_eq!(waiting.status(), 429);
    let retry = |res: &reqwest::Response| {
        res.headers()["retry-after"]
            .to_str()
            .expect("header")
            .parse::<i64>()
            .expect("seconds")
    };
    assert!(
        (50..=60).contains(&retry(&waiting)),
        "about a minute: {}",
        retry(&waiting)
    );
    app.clock.advance(Duration::seconds(61));
    assert_eq!(login("wrong-password-12").await.status(), 401);
    let longer = login(PASSWORD).await;
    assert!(
        (110..=120).contains(&retry(&longer)),
        "the wait doubles: {}",
        retry(&longer)
    );
    app.clock.advance(Duration::seconds(121));
    assert_eq!(
        login(PASSWORD).await.status(),
        200,
        "the right password after the wait"
    );
    // A success starts the count again.
    for _ in 0..4 {
        assert_eq!(login("wrong-password-12").await.status(), 401);
    }
    assert_eq!(login(PASSWORD).await.status(), 200);
    // An unknown ID Number is counted and answered the same way.
    for _ in 0..5 {
        assert_eq!(
            app.login("ZZZ999999", "wrong-password-12").await.status(),
            401
        );
    }
    assert_eq!(
        app.login("ZZZ999999", "wrong-password-12").await.status(),
        429
    );
}

async fn one_address_cannot_spread_its_guesses_over_many_id_numbers(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.attempts_per_ip_per_hour = 8).await;
    app.load_entries().await;
    for n in 0..8 {
        // Two guesses per ID Number: never enough to block an ID by itself.
        let id = format!("ABC{:06}", n / 2);
        assert_eq!(register_with(&app, &id, "0000").await.status(), 401);
    }
    assert_eq!(
        register_with(&app, "SIR094701", "4821").await.status(),
        429,
        "this address has used its hour"
    );
    app.clock.advance(Duration::minutes(61));
    assert_eq!(register_with(&app, "SIR094701", "4821").await.status(), 200);
}

async fn behind_a_trusted_proxy_the_client_address_comes_from_its_header(backend: Backend) {
    let app = spawn_app_with(backend, |c| {
        c.attempts_per_ip_per_hour = 3;
        c.trusted_proxy_header = Some("x-forwarded-for".to_owned());
    })
    .await;
    app.load_entries().await;
    let app = &app;
    let from = |ip: &'static str, id: &'static str| async move {
        let form = registration_form(id, "0000", "marie@example.fr");
        app.post_with("/api/register", &form, &[("x-forwarded-for", ip)])
            .await
            .status()
            .as_u16()
    };
    // The proxy appends the address it saw; what the client wrote before it is ignored.
    for id in ["ABC000001", "ABC000002", "ABC000003"] {
        assert_eq!(from("1.1.1.1, 203.0.113.7", id).await, 401);
    }
    assert_eq!(
        from("9.9.9.9, 203.0.113.7", "ABC000004").await,
        429,
        "same address, whatever the client claims"
    );
    assert_eq!(
        from("203.0.113.8", "ABC000004").await,
        401,
        "another address has its own count"
    );
}

async fn simultaneous_guesses_are_limited_exactly_like_successive_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let _ = app.signed_in("SIR094701", "4821").await;
    // Twenty at once, as a script would send them: each is counted before it
    // is checked, so only the first five are checked at all.
    let passwords = (0..20).map(|_| app.login("SIR094701", "wrong-password-12"));
    let statuses: Vec<u16> = futures::future::join_all(passwords)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        15,
        "{statuses:?}"
    );
    let guesses: Vec<String> = (0..20).map(|n| format!("{:04}", 9000 + n)).collect();
    let secrets = guesses
        .iter()
        .map(|secret| register_with(&app, "SIR094702", secret));
    let statuses: Vec<u16> = futures::future::join_all(secrets)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        15,
        "{statuses:?}"
    );
    assert_eq!(
        app.count("failed_attempts").await,
        20,
        "five per ID and five per address, for each kind"
    );
}
