//! Portal pages asked many at once, while other servers start in the same
//! process (as the tests' servers do): every one is answered in full.

use super::support::{add_centre, staff_session};
use crate::helpers::{Backend, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(portal_pages_asked_while_other_servers_start_are_each_answered_in_full);

async fn portal_pages_asked_while_other_servers_start_are_each_answered_in_full(backend: Backend) {
    let app = spawn_app_with(backend, |c| {
        c.http.request_timeout = std::time::Duration::from_secs(10)
    })
    .await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let cookie = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;
    let mut answers = std::collections::BTreeMap::new();
    for round in 0..8 {
        let asks: Vec<String> = (0..20)
            .map(|i| {
                let path = ["/centre", "/centre/release", "/centre/audit"][i % 3];
                format!("{path}?n={round}x{i}")
            })
            .collect();
        // Each server lists the app's pages as it starts; listing them once
        // held every page rendered meanwhile in the process until its 408.
        // (SQLite servers of their own: PostgreSQL's connections are few.)
        let starting = futures::future::join_all((0..3).map(|_| spawn_app(Backend::Sqlite)));
        let asked = futures::future::join_all(asks.iter().map(|p| app.get(p, Some(&cookie))));
        let (_replicas, responses) = futures::join!(starting, asked);
        for (path, res) in asks.iter().zip(responses) {
            let status = res.status().as_u16();
            let whole = res.text().await.unwrap().contains("</html>");
            let what = if (status, whole) == (200, true) {
                "in full".to_owned()
            } else {
                format!("{path}: {status}, whole: {whole}")
            };
            *answers.entry(what).or_insert(0) += 1;
        }
    }
    assert_eq!(answers, [("in full".to_owned(), 160)].into());
}
