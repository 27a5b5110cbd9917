//! An admin invites a colleague from the portal; an officer cannot.

use app::domain::StaffRole;

use super::support::{add_centre, mail_to, staff_session, staff_session_as};
use crate::helpers::{Backend, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(an_admin_invites_a_colleague_from_the_portal_and_an_officer_cannot);

async fn an_admin_invites_a_colleague_from_the_portal_and_an_officer_cannot(backend: Backend) {
    let app = spawn_app(backend).await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let admin = staff_session_as(&app, &lyon, "direction@lycee-ampere.fr", StaffRole::Admin).await;
    let home = visible_text(&app.get("/centre", Some(&admin)).await.text().await.unwrap());
    assert!(home.contains("Invite a colleague"), "{home}");
    let res = app
        .post(
            "/centre/invite",
            &[("email", "nouveau@lycee-ampere.fr"), ("language", "fr")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        visible_text(&res.text().await.unwrap())
            .contains("Invitation sent to nouveau@lycee-ampere.fr.")
    );
    let mail = mail_to(&app, "nouveau@lycee-ampere.fr").await;
    assert!(mail.contains("/centre/invitation?token="), "{mail}");
    let again = app
        .post(
            "/centre/invite",
            &[("email", "nouveau@lycee-ampere.fr"), ("language", "fr")],
            Some(&admin),
        )
        .await;
    assert_eq!(
        again.status(),
        200,
        "inviting again sends a new link, which replaces the old one"
    );
    let taken = app
        .post(
            "/centre/invite",
            &[("email", "direction@lycee-ampere.fr"), ("language", "fr")],
            Some(&admin),
        )
        .await;
    assert_eq!(taken.status(), 422);
    assert!(
        visible_text(&taken.text().await.unwrap())
            .contains("This address already has a staff account")
    );

    let officer = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;
    let home = visible_text(
        &app.get("/centre", Some(&officer))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(!home.contains("Invite a colleague"), "{home}");
    let res = app
        .post(
            "/centre/invite",
            &[("email", "autre@lycee-ampere.fr"), ("language", "en")],
            Some(&officer),
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        app.count("staff WHERE email = 'autre@lycee-ampere.fr'")
            .await,
        0
    );
    let csv = app
        .get("/centre/audit.csv", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(
            ",direction@lycee-ampere.fr,invitation,nouveau@lycee-ampere.fr (officer),127.0.0.1"
        ),
        "{csv}"
    );
}
