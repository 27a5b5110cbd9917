use crate::helpers::{Backend, json, spawn_app, spawn_app_with, visible_text};
use crate::on_both_backends;

on_both_backends!(
    before_release_no_score_reaches_the_page_or_the_api,
    after_release_every_score_is_shown,
    released_results_not_yet_loaded_say_so,
    results_need_a_session,
    the_waiting_page_counts_down_on_the_servers_clock_and_spreads_the_asks,
    a_database_failure_while_the_results_page_is_made_is_answered_5xx_with_a_reference,
    the_release_time_comes_as_a_calendar_file_in_the_candidates_language,
    a_results_page_past_the_replicas_bound_answers_503_with_retry_after_one_spread,
);

async fn before_release_no_score_reaches_the_page_or_the_api(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094702", "1907").await;
    let api = app.post("/api/my_results", &[], Some(&cookie)).await;
    assert_eq!(api.status(), 200);
    let body = api.text().await.expect("body");
    assert!(
        body.contains("Pending") && body.contains("Thomas Moreau"),
        "{body}"
    );
    let page = app
        .get("/results", Some(&cookie))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("Your results will be available from"),
        "{page}"
    );
    for text in [&body, &page] {
        for score in ["193", "190", "186", "199", "196", "194"] {
            assert!(!has_number(text, score), "score {score} leaked: {text}");
        }
        assert!(
            !text.contains("Released") && !text.contains("overall"),
            "{text}"
        );
    }
}

async fn after_release_every_score_is_shown(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let body = json(app.post("/api/my_results", &[], Some(&cookie)).await).await;
    let scores = &body["shown"]["outcome"]["Released"];
    assert_eq!(scores["overall"], 176);
    assert_eq!(scores["grade"], "B");
    assert_eq!(scores["cefr_level"], "B2");
    assert_eq!(scores["scale"], serde_json::json!({"min": 122, "max": 190}));
    let skills = scores["skills"].as_array().expect("skills");
    assert_eq!(
        skills.len(),
        4,
        "B2 First has no Use of English score in this file"
    );
    let html = app
        .get("/results", Some(&cookie))
        .await
        .text()
        .await
        .expect("page");
    // The date for machines, in the markup; for people, in words.
    assert!(html.contains("datetime=\"2026-06-13\""), "{html}");
    let page = visible_text(&html);
    for text in [
        "Marie Lefebvre",
        "B2 First",
        "13 June 2026",
        "176",
        "Reading",
        "Writing",
        "Listening",
        "Speaking",
    ] {
        assert!(page.contains(text), "{text} missing");
    }
    assert!(!page.contains("Use of English"));
}

async fn released_results_not_yet_loaded_say_so(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.execute("DELETE FROM results WHERE id_number = 'SIR094701'")
        .await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let body = json(app.post("/api/my_results", &[], Some(&cookie)).await).await;
    assert_eq!(body["shown"]["outcome"], "NotYetLoaded");
}

async fn results_need_a_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let api = app.post("/api/my_results", &[], None).await;
    assert_eq!(api.status(), 401);
    let page = app.get("/results", None).await;
    assert_eq!(page.status(), 303);
    assert_eq!(
        page.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/login")
    );
    let forged = app
        .get(
            "/results",
            Some("__Host-ro_session=00000000000000000000000000000000"),
        )
        .await;
    assert_eq!(forged.status(), 303);
    assert_eq!(
        forged
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/login?session=ended")
    );
}

async fn the_waiting_page_counts_down_on_the_servers_clock_and_spreads_the_asks(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094702", "1907").await;
    // The server's clock runs 20 minutes ahead of the machine's: the page
    // must count from the server's time, not from anything else.
    app.clock.advance(chrono::Duration::minutes(20));
    let page = app
        .get("/results", Some(&cookie))
        .await
        .text()
        .await
        .expect("page");
    let left: i64 = attribute(&page, "data-left-ms")
        .parse()
        .expect("milliseconds");
    let expected = (chrono::Duration::days(2) - chrono::Duration::minutes(20)).num_milliseconds();
    assert!(
        (expected - 60_000..=expected).contains(&left),
        "{left} ms left, expected about {expected}"
    );
    assert_eq!(attribute(&page, "data-spread-ms"), "30000");
    assert!(
        page.contains("Your results are ready — loading them…"),
        "the status line's words are on the page"
    );
}

async fn a_database_failure_while_the_results_page_is_made_is_answered_5xx_with_a_reference(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    app.execute("ALTER TABLE results RENAME TO results_away")
        .await;
    let res = app.get("/results", Some(&cookie)).await;
    assert_eq!(res.status(), 500, "not a 200 with an error inside");
    let page = visible_text(&res.text().await.expect("page"));
    let reference = page
        .split("quote reference ")
        .nth(1)
        .map(|r| r.chars().take(8).collect::<String>())
        .unwrap_or_default();
    assert!(
        reference.len() == 8 && reference.chars().all(|c| c.is_ascii_alphanumeric()),
        "{page}"
    );
    app.execute("ALTER TABLE results_away RENAME TO results")
        .await;
    assert_eq!(
        app.get("/results", Some(&cookie)).await.status(),
        200,
        "served again once the table is back"
    );
}

async fn the_release_time_comes_as_a_calendar_file_in_the_candidates_language(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let signed_out = app.get("/results/release.ics", None).await;
    assert_eq!(signed_out.status(), 303);
    let cookie = app.signed_in("SIR094702", "1907").await;
    let res = app.get("/results/release.ics", Some(&cookie)).await;
    assert_eq!(res.status(), 200);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "text/calendar; charset=utf-8");
    assert_eq!(header("cache-control"), "no-store");
    assert!(
        header("content-disposition").starts_with("attachment; filename=\"results-release.ics\"")
    );
    let ics = res.text().await.expect("calendar");
    use sea_orm::EntityTrait;
    let entry = app::server::entities::entry::Entity::find_by_id("SIR094702")
        .one(&app.db)
        .await
        .expect("query")
        .expect("entry");
    let release = entry.results_release_at;
    let line = |name: &str| {
        ics.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        line("DTSTART"),
        format!("DTSTART:{}", release.format("%Y%m%dT%H%M%SZ")),
        "{ics}"
    );
    assert_eq!(
        line("SUMMARY"),
        "SUMMARY:Your C1 Advanced results are available"
    );
    assert_eq!(line("URL"), "URL:https://results.example.org/results");
    assert!(
        line("UID").starts_with("UID:release-")
            && line("UID").ends_with("@results.example.org")
            && !ics.contains("SIR094702@"),
        "{ics}"
    );
    let french = app
        .get_with(
            "/results/release.ics",
            &[("cookie", &format!("{cookie}; ro_lang=fr"))],
        )
        .await
        .text()
        .await
        .expect("calendar");
    assert!(
        french.contains("SUMMARY:Vos résultats C1 Advanced sont disponibles"),
        "{french}"
    );
    let uid = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("UID"))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        uid(&french),
        line("UID"),
        "the same event each time, so calendars update it"
    );
}

/// The value of the first `name="…"` attribute in `html`.
fn attribute(html: &str, name: &str) -> String {
    html.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// Whether `number` appears in `text` on its own, not inside a longer number
/// such as a timestamp.
fn has_number(text: &str, number: &str) -> bool {
    text.match_indices(number).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

async fn a_results_page_past_the_replicas_bound_answers_503_with_retry_after_one_spread(
    backend: Backend,
) {
    // A bound of none: every results page is one too many.
    let app = spawn_app_with(backend, |c| c.release.max_in_flight = 0).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let res = app.get("/results", Some(&cookie)).await;
    assert_eq!(res.status(), 503);
    assert_eq!(
        res.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("30"),
        "one default spread"
    );
    let page = visible_text(&res.text().await.expect("page"));
    assert!(page.contains("Please try again in 30 s"), "{page}");
    assert!(
        !page.contains("4821") && !page.contains("176"),
        "no score on a refused page"
    );
}
