//! Signing in with a passkey: without the ID number, into a new session,
//! and never for an address not confirmed.

use app::server::entities::passkey;
use app::server::{ServiceError, passkeys, sessions};
use sea_orm::EntityTrait;

use super::{sign_in, with_passkey};
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;
use crate::services::support::{caller, services};
use crate::soft_passkey::SoftPhone;

on_both_backends!(
    a_passkey_added_on_the_account_signs_in_without_the_id_number_into_a_new_session,
    a_passkey_of_an_address_not_confirmed_does_not_sign_in,
);

async fn a_passkey_added_on_the_account_signs_in_without_the_id_number_into_a_new_session(
    backend: Backend,
) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    let marie = with_passkey(&s, &mut phone).await;
    let added = s.last_email().await;
    assert_eq!(added.recipient, "marie@example.fr");
    assert!(
        added.subject.contains("passkey was added"),
        "{}",
        added.subject
    );

    let list = passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
        .await
        .expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].last_used_at_ms, None);

    // A browser that was signed in to someone else: that session ends.
    let before = caller().with_session(
        &sessions::log_in(&s.state, &caller(), "SIR094701", PASSWORD.to_owned())
            .await
            .expect("login")
            .token,
    );
    let session = sign_in(&s, &before, &mut phone)
        .await
        .expect("the passkey signs in");
    let now_signed_in = caller().with_session(&session.token);
    assert_eq!(
        sessions::current_candidate(&s.state, &now_signed_in)
            .await
            .expect("session"),
        Some(s.account_of("SIR094701").await.id)
    );
    assert_eq!(
        sessions::current_candidate(&s.state, &before)
            .await
            .expect("session"),
        None,
        "the old session ended"
    );
    assert_eq!(session.lifetime, s.state.settings.session_lifetime);
    assert!(
        sessions::current_candidate(&s.state, &marie)
            .await
            .expect("session")
            .is_some(),
        "other devices stay signed in"
    );

    let list = passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
        .await
        .expect("list");
    assert!(list[0].last_used_at_ms.is_some());
    // The stored sign count went up.
    let stored = passkey::Entity::find()
        .one(&s.state.db)
        .await
        .expect("row")
        .expect("passkey");
    let counter = serde_json::from_str::<serde_json::Value>(&stored.credential).expect("json")["cred"]["counter"].as_u64();
    assert_eq!(counter, Some(1));
}

async fn a_passkey_of_an_address_not_confirmed_does_not_sign_in(backend: Backend) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    with_passkey(&s, &mut phone).await;
    app::server::entities::account::Entity::update_many()
        .col_expr(
            app::server::entities::account::Column::EmailConfirmedAt,
            sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .exec(&s.state.db)
        .await
        .expect("unconfirmed");
    assert!(matches!(
        sign_in(&s, &caller(), &mut phone).await,
        Err(ServiceError::EmailNotConfirmed)
    ));
}
