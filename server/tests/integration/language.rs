use crate::helpers::{Backend, registration_form, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(
    a_french_browser_gets_the_site_in_french_and_an_english_one_in_english,
    the_language_switch_is_remembered_and_returns_to_the_same_page,
    the_language_switch_never_sends_the_visitor_to_another_site,
    a_candidate_who_registers_in_french_gets_the_email_in_french,
    a_signed_in_candidate_who_switches_language_has_it_stored_for_emails,
    results_are_worded_in_the_page_language,
    validation_messages_from_the_server_follow_the_language,
);

const FRENCH: (&str, &str) = ("accept-language", "fr-FR,fr;q=0.9,en;q=0.5");

async fn a_french_browser_gets_the_site_in_french_and_an_english_one_in_english(backend: Backend) {
    let app = spawn_app(backend).await;
    let fr = app
        .get_with("/register", &[FRENCH])
        .await
        .text()
        .await
        .expect("page");
    assert!(fr.contains(r#"lang="fr""#), "{fr}");
    for text in [
        "S’inscrire",
        "Numéro secret (Secret Number)",
        "Confirmez le mot de passe",
        "English",
        "Français",
    ] {
        assert!(fr.contains(text), "{text} missing");
    }
    let en = app
        .get_with("/register", &[("accept-language", "en-GB,en;q=0.9")])
        .await
        .text()
        .await
        .expect("page");
    assert!(
        en.contains(r#"lang="en""#)
            && en.contains("Confirm Password")
            && !en.contains("S’inscrire")
    );
    // A language the site does not speak falls back to English.
    let de = app
        .get_with("/", &[("accept-language", "de-DE")])
        .await
        .text()
        .await
        .expect("page");
    assert!(de.contains(r#"lang="en""#) && de.contains("Get your exam results online"));
}

async fn the_language_switch_is_remembered_and_returns_to_the_same_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let res = app
        .post_with(
            "/language",
            &[("lang", "fr"), ("next", "/login?id_number=SIR094701")],
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login?id_number=SIR094701");
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(
        cookie.starts_with("ro_lang=fr;")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Max-Age="),
        "{cookie}"
    );
    // The choice beats the browser's own preference.
    let page = app
        .get_with(
            "/login",
            &[("cookie", "ro_lang=fr"), ("accept-language", "en")],
        )
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains(r#"lang="fr""#) && page.contains("Se connecter"),
        "{page}"
    );
    let back = app
        .post_with(
            "/language",
            &[("lang", "en"), ("next", "/login")],
            &[("cookie", "ro_lang=fr")],
        )
        .await;
    assert!(
        back.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .starts_with("ro_lang=en;")
    );
    let unknown = app
        .post_with("/language", &[("lang", "xx"), ("next", "/")], &[])
        .await;
    assert_eq!(unknown.status(), 400);
}

async fn the_language_switch_never_sends_the_visitor_to_another_site(backend: Backend) {
    let app = spawn_app(backend).await;
    for next in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
    ] {
        let res = app
            .post_with("/language", &[("lang", "fr"), ("next", next)], &[])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/", "{next}");
    }
}

async fn a_candidate_who_registers_in_french_gets_the_email_in_french(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let res = app
        .post_with(
            "/api/register",
            &registration_form("SIR094701", "4821", "marie@example.fr"),
            &[FRENCH],
        )
        .await;
    assert_eq!(res.status(), 200);
    let mail = app.emails().await.pop().expect("an email");
    assert!(
        mail.contains("Bonjour Marie,")
            && mail.contains(r#"lang="fr""#)
            && mail.contains("Confirmer mon adresse e-mail"),
        "{mail}"
    );
    assert_eq!(
        app.text_value("SELECT language AS v FROM accounts WHERE id = (SELECT account_id FROM account_entries WHERE id_number = 'SIR094701')")
            .await,
        "fr"
    );
    // Someone else asking for a resend in English does not change the candidate's language.
    app.execute("UPDATE email_tokens SET created_at = '2020-01-01T00:00:00Z'")
        .await;
    app.post_with(
        "/api/resend_confirmation",
        &[("id_number", "SIR094701")],
        &[("accept-language", "en")],
    )
    .await;
    let resent = app.wait_for_emails(2).await.pop().expect("a second email");
    assert!(resent.contains("Bonjour Marie,"), "{resent}");
}

async fn a_signed_in_candidate_who_switches_language_has_it_stored_for_emails(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let language = || {
        app.text_value("SELECT language AS v FROM accounts WHERE id = (SELECT account_id FROM account_entries WHERE id_number = 'SIR094701')")
    };
    assert_eq!(language().await, "en");
    let res = app
        .post_with(
            "/language",
            &[("lang", "fr"), ("next", "/results")],
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(language().await, "fr");
}

async fn results_are_worded_in_the_page_language(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let page = app
        .get_with("/results", &[("cookie", &format!("{cookie}; ro_lang=fr"))])
        .await
        .text()
        .await
        .expect("page");
    let page = visible_text(&page);
    for text in [
        "Vos résultats",
        "13 juin 2026",
        "Compréhension écrite",
        "Score global",
        "Niveau CECRL",
    ] {
        assert!(page.contains(text), "{text} missing: {page}");
    }
    let pending = app.signed_in("SIR094702", "1907").await;
    let page = app
        .get_with("/results", &[("cookie", &format!("{pending}; ro_lang=fr"))])
        .await
        .text()
        .await
        .expect("page");
    let page = visible_text(&page);
    assert!(
        page.contains("Vos résultats seront disponibles le ") && page.contains(" UTC."),
        "{page}"
    );
}

async fn validation_messages_from_the_server_follow_the_language(backend: Backend) {
    let app = spawn_app(backend).await;
    // A form posted without JavaScript comes back to the page, which words the error.
    let res = app
        .post_with(
            "/api/register",
            &registration_form("BAD", "4821", "marie@example.fr"),
            &[("accept", "text/html"), ("cookie", "ro_lang=fr")],
        )
        .await;
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let page = app
        .get_with(&location, &[("cookie", "ro_lang=fr")])
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("Il y a un problème") && page.contains("Saisissez votre ID Number"),
        "{page}"
    );
}
