//! What a page repeats: success banners only for what the server put
//! there, and what it echoes from its address, capped.

use crate::helpers::{Backend, PASSWORD, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(
    success_banners_name_only_what_the_server_put_there,
    what_a_page_echoes_from_its_address_is_capped,
);

async fn success_banners_name_only_what_the_server_put_there(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let lure = "support@evil.example. Call +1 555 0100 with your Secret Number";
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("id", "SIR094701")
        .append_pair("email", lure)
        .finish();
    let page = visible_text(
        &app.get(&format!("/register/sent?{query}"), None)
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        !page.contains("555 0100") && !page.contains("evil.example"),
        "{page}"
    );
    assert!(
        page.contains("We have sent an email to the address you gave."),
        "{page}"
    );
    // The browser that registered is shown its own address.
    let res = app.register("SIR094701", "4821", "marie@example.fr").await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ro_registered="));
    let cookie = cookie
        .and_then(|v| v.split(';').next())
        .expect("a cookie for the page after registering")
        .to_owned();
    let page = visible_text(
        &app.get(&format!("/register/sent?{query}"), Some(&cookie))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        page.contains("We have sent an email to marie@example.fr."),
        "{page}"
    );
    assert!(!page.contains("555 0100"), "{page}");
    // The account page's banner names the address the server is waiting for.
    assert_eq!(
        app.confirm(&app.last_confirmation_token().await)
            .await
            .status(),
        200
    );
    let session = app.second_session("SIR094701", PASSWORD).await;
    let lure_query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("done", "email")
        .append_pair("email", lure)
        .finish();
    let page = visible_text(
        &app.get(&format!("/account?{lure_query}"), Some(&session))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        !page.contains("555 0100")
            && page.contains("We have sent a confirmation link to your new address."),
        "{page}"
    );
    let changed = app
        .post(
            "/api/change_email",
            &[("email", "new@example.fr"), ("current_password", PASSWORD)],
            Some(&session),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let page = visible_text(
        &app.get(&format!("/account?{lure_query}"), Some(&session))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        !page.contains("555 0100")
            && page.contains("We have sent a confirmation link to new@example.fr."),
        "{page}"
    );
}

async fn what_a_page_echoes_from_its_address_is_capped(backend: Backend) {
    let app = spawn_app(backend).await;
    let long = "A".repeat(60 * 1024);
    let page = app
        .get(&format!("/login?id_number={long}"), None)
        .await
        .text()
        .await
        .expect("page");
    assert!(page.len() < 40 * 1024, "the page is {} bytes", page.len());
    assert!(
        page.contains(&"A".repeat(100)) && !page.contains(&"A".repeat(300)),
        "a typed value is echoed, up to a field's length"
    );
}
