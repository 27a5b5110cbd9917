//! Staff find a candidate, give a new Secret Number and move a release
//! time, all through plain forms.

use super::support::{ENTRIES_HEADER, add_centre, staff_session, text_after};
use crate::helpers::{Backend, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(
    staff_find_a_candidate_give_a_new_secret_number_and_move_a_release_time_through_plain_forms,
);

async fn staff_find_a_candidate_give_a_new_secret_number_and_move_a_release_time_through_plain_forms(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let release = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%dT%H:%M:%SZ");
    let csv = format!(
        "{ENTRIES_HEADER}\nLYN000001,1111,Chloé,Girard,B2 First,2026-06-13,{release}\nLYN000002,2222,Hugo,Roux,B2 First,2026-06-13,{release}\n"
    );
    crate::helpers::import_entries(&app.db, &lyon, csv.as_bytes())
        .await
        .expect("entries");
    let cookie = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;

    let res = app.get("/centre/candidates?q=roux", Some(&cookie)).await;
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["cache-control"].to_str().unwrap()
        ),
        (200, "no-store")
    );
    let page = visible_text(&res.text().await.unwrap());
    assert!(
        page.contains("LYN000002") && page.contains("Hugo Roux") && page.contains("Not registered"),
        "{page}"
    );
    assert!(
        !page.contains("LYN000001") && !page.contains("SIR094701"),
        "{page}"
    );

    let res = app
        .post(
            "/centre/candidates/secret",
            &[("id_number", "LYN000002")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let shown = text_after(&html, "class=\"secret-number\"><strong>").to_owned();
    assert_eq!(
        app.text_value("SELECT secret_number AS v FROM entries WHERE id_number = 'LYN000002'")
            .await,
        shown
    );
    let res = app
        .post(
            "/centre/candidates/secret",
            &[("id_number", "SIR094701")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status(), 404, "another centre's candidate");
    assert_eq!(
        app.text_value("SELECT secret_number AS v FROM entries WHERE id_number = 'SIR094701'")
            .await,
        "4821"
    );

    let page = app
        .get("/centre/release", Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        visible_text(&page).contains("2 candidates; results visible from"),
        "{}",
        visible_text(&page)
    );
    let current = text_after(&page, "name=\"current\" value=\"")
        .split('"')
        .next()
        .unwrap_or_default()
        .replace("&#x2B;", "+");
    let fields = |when: &str| {
        vec![
            ("exam", "B2 First".to_owned()),
            ("exam_date", "2026-06-13".to_owned()),
            ("current", current.clone()),
            ("release_at", when.to_owned()),
        ]
    };
    let app_ref = &app;
    let post = |f: Vec<(&'static str, String)>| {
        let c = cookie.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app_ref.post("/centre/release", &pairs, Some(&c)).await
        }
    };
    let res = post(fields("2020-01-01T10:00")).await;
    assert_eq!(res.status(), 422);
    assert!(
        visible_text(&res.text().await.unwrap()).contains("Choose a time that has not passed yet.")
    );
    let target = (chrono::Utc::now() + chrono::Duration::days(9)).date_naive();
    let res = post(fields(&format!("{target}T09:30"))).await;
    assert_eq!(res.status(), 200);
    let page = visible_text(&res.text().await.unwrap());
    assert!(
        page.contains(&format!(
            "B2 First: 2 candidates; results will be visible from {target} 09:30 (Europe/Paris)."
        )),
        "{page}"
    );
    assert_eq!(
        app.count(
            "entries WHERE centre_code = 'FR-LYON-02' AND results_release_at > CURRENT_TIMESTAMP"
        )
        .await,
        2
    );
    let csv = app
        .get("/centre/audit.csv", Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(",secret-number-reissued,LYN000002,")
            && csv.contains(",release-time-changed,"),
        "{csv}"
    );
}
