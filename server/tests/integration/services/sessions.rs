use app::server::entities::session;
use app::server::{ServiceError, sessions};
use sea_orm::EntityTrait;

use super::support::{caller, services};
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;

on_both_backends!(
    a_login_gives_a_session_the_caller_is_then_signed_in_with,
    logging_in_again_ends_the_session_the_caller_came_with,
    an_idle_session_ends_unless_it_is_kept_alive,
    the_right_password_of_an_unconfirmed_account_does_not_sign_in,
);

async fn a_login_gives_a_session_the_caller_is_then_signed_in_with(backend: Backend) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    assert_eq!(
        sessions::current_candidate(&s.state, &caller())
            .await
            .expect("lookup"),
        None
    );
    let session = sessions::log_in(&s.state, &caller(), "sir094701", PASSWORD.to_owned())
        .await
        .expect("logged in");
    assert_eq!(session.token.len(), 64);
    assert_eq!(session.lifetime, s.state.settings.session_lifetime);
    let signed_in = caller().with_session(&session.token);
    assert_eq!(
        sessions::require_candidate(&s.state, &signed_in)
            .await
            .expect("signed in"),
        s.account_of("SIR094701").await.id
    );
    // Only the hash is stored.
    let stored = |id: String| async {
        session::Entity::find_by_id(id)
            .one(&s.state.db)
            .await
            .expect("query")
            .is_some()
    };
    assert!(!stored(session.token.clone()).await);
    assert!(stored(app::server::tokens::hash(&session.token)).await);
    sessions::end_session(&s.state, &signed_in)
        .await
        .expect("logged out");
    assert!(matches!(
        sessions::require_candidate(&s.state, &signed_in).await,
        Err(ServiceError::NotSignedIn)
    ));
}

async fn logging_in_again_ends_the_session_the_caller_came_with(backend: Backend) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    let first = s.signed_in("SIR094701").await;
    let second = sessions::log_in(&s.state, &first, "SIR094701", PASSWORD.to_owned())
        .await
        .expect("logged in again");
    assert_ne!(
        first.session_token.as_deref(),
        Some(second.token.as_str()),
        "a new id at each login"
    );
    assert_eq!(
        sessions::current_candidate(&s.state, &first)
            .await
            .expect("lookup"),
        None,
        "the old id no longer works"
    );
}

async fn an_idle_session_ends_unless_it_is_kept_alive(backend: Backend) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    let kept = s.signed_in("SIR094701").await;
    let left = s.signed_in("SIR094701").await;
    let idle = s.state.settings.session_idle_timeout;
    s.state
        .settings
        .clock
        .advance(idle - chrono::Duration::minutes(1));
    sessions::keep_alive(&s.state, &kept)
        .await
        .expect("kept alive");
    s.state.settings.clock.advance(chrono::Duration::minutes(2));
    assert_eq!(
        sessions::current_candidate(&s.state, &kept)
            .await
            .expect("lookup"),
        Some(s.account_of("SIR094701").await.id)
    );
    assert_eq!(
        sessions::current_candidate(&s.state, &left)
            .await
            .expect("lookup"),
        None
    );
    assert!(matches!(
        sessions::keep_alive(&s.state, &left).await,
        Err(ServiceError::NotSignedIn)
    ));
}

async fn the_right_password_of_an_unconfirmed_account_does_not_sign_in(backend: Backend) {
    let s = services(backend).await;
    s.register("SIR094701", "4821", PASSWORD)
        .await
        .expect("registered");
    let outcome = sessions::log_in(&s.state, &caller(), "SIR094701", PASSWORD.to_owned()).await;
    assert!(
        matches!(outcome, Err(ServiceError::EmailNotConfirmed)),
        "{outcome:?}"
    );
    let wrong = sessions::log_in(&s.state, &caller(), "SIR094701", "resultats68".to_owned()).await;
    assert!(
        matches!(wrong, Err(ServiceError::CredentialsRejected)),
        "{wrong:?}"
    );
}
