use crate::helpers::{Backend, json, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(
    before_release_no_score_reaches_the_page_or_the_api,
    after_release_every_score_is_shown,
    released_results_not_yet_loaded_say_so,
    results_need_a_session,
);

async fn before_release_no_score_reaches_the_page_or_the_api(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094702", "1907").await;
    let api = app.post("/api/my_results", &[], Some(&cookie)).await;
    assert_eq!(api.status(), 200);
    let body = api.text().await.expect("body");
    assert!(body.contains("Pending") && body.contains("Thomas Moreau"), "{body}");
    let page = app.get("/results", Some(&cookie)).await.text().await.expect("page");
    assert!(page.contains("Your results will be available from"), "{page}");
    for text in [&body, &page] {
        for score in ["193", "190", "186", "199", "196", "194"] {
            assert!(!has_number(text, score), "score {score} leaked: {text}");
        }
        assert!(!text.contains("Released") && !text.contains("overall"), "{text}");
    }
}

async fn after_release_every_score_is_shown(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let body = json(app.post("/api/my_results", &[], Some(&cookie)).await).await;
    let scores = &body["outcome"]["Released"];
    assert_eq!(scores["overall"], 176);
    assert_eq!(scores["grade"], "B");
    assert_eq!(scores["cefr_level"], "B2");
    assert_eq!(scores["scale"], serde_json::json!({"min": 122, "max": 190}));
    let skills = scores["skills"].as_array().expect("skills");
    assert_eq!(skills.len(), 4, "B2 First has no Use of English score in this file");
    let html = app.get("/results", Some(&cookie)).await.text().await.expect("page");
    // The date for machines, in the markup; for people, in words.
    assert!(html.contains("datetime=\"2026-06-13\""), "{html}");
    let page = visible_text(&html);
    for text in ["Marie Lefebvre", "B2 First", "13 June 2026", "176", "Reading", "Writing", "Listening", "Speaking"] {
        assert!(page.contains(text), "{text} missing");
    }
    assert!(!page.contains("Use of English"));
}

async fn released_results_not_yet_loaded_say_so(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.execute("DELETE FROM results WHERE id_number = 'SIR094701'").await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let body = json(app.post("/api/my_results", &[], Some(&cookie)).await).await;
    assert_eq!(body["outcome"], "NotYetLoaded");
}

async fn results_need_a_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let api = app.post("/api/my_results", &[], None).await;
    assert_eq!(api.status(), 401);
    let page = app.get("/results", None).await;
    assert_eq!(page.status(), 303);
    assert_eq!(page.headers().get("location").and_then(|v| v.to_str().ok()), Some("/login"));
    let forged = app.get("/results", Some("__Host-ro_session=00000000000000000000000000000000")).await;
    assert_eq!(forged.status(), 303);
    assert_eq!(forged.headers().get("location").and_then(|v| v.to_str().ok()), Some("/login?session=ended"));
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
