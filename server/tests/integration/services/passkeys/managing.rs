//! A candidate's passkeys managed: removed, renamed, kept through a reset
//! and signing out everywhere, and added later on only with the password.

use app::domain::{Field, FieldErrors, ValidationError};
use app::server::{ServiceError, passkeys};
use chrono::Duration;

use super::{refused, sign_in, with_passkey};
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;
use crate::services::support::{caller, services};
use crate::soft_passkey::{SITE, SoftPhone};

on_both_backends!(
    a_removed_passkey_no_longer_signs_in_and_the_candidate_is_told,
    after_the_first_minutes_of_a_sign_in_adding_a_passkey_asks_for_the_password,
    a_reset_and_signing_out_everywhere_keep_passkeys_and_their_emails_name_them,
    renaming_and_removing_reach_only_the_candidates_own_passkeys,
);

async fn a_removed_passkey_no_longer_signs_in_and_the_candidate_is_told(backend: Backend) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    let marie = with_passkey(&s, &mut phone).await;
    let id = passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
        .await
        .expect("list")[0]
        .id;
    passkeys::remove(&s.state, &marie, id)
        .await
        .expect("removed");
    let told = s.last_email().await;
    assert!(
        told.subject.contains("passkey was removed"),
        "{}",
        told.subject
    );
    assert!(
        told.text_body.contains("“Passkey”"),
        "named after the default: {}",
        told.text_body
    );
    refused(sign_in(&s, &caller(), &mut phone).await);
    // Removing it again finds nothing.
    assert!(matches!(
        passkeys::remove(&s.state, &marie, id).await,
        Err(ServiceError::NotFound)
    ));
}

async fn after_the_first_minutes_of_a_sign_in_adding_a_passkey_asks_for_the_password(
    backend: Backend,
) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    let marie = s.signed_in("SIR094701").await;
    assert!(
        !passkeys::needs_password(&s.state, &marie)
            .await
            .expect("fresh")
    );
    s.state
        .settings
        .clock
        .advance(Duration::minutes(5) + Duration::seconds(1));
    assert!(
        passkeys::needs_password(&s.state, &marie)
            .await
            .expect("old")
    );
    let problem = |field, e| ServiceError::Invalid(FieldErrors(vec![(field, e)]));
    let missing = passkeys::begin_adding(&s.state, &marie, String::new())
        .await
        .map(|_| ());
    assert_eq!(
        format!("{missing:?}"),
        format!(
            "{:?}",
            Err::<(), _>(problem(Field::CurrentPassword, ValidationError::Required))
        )
    );
    let wrong = passkeys::begin_adding(&s.state, &marie, "not-the-password-12".to_owned())
        .await
        .map(|_| ());
    assert_eq!(
        format!("{wrong:?}"),
        format!(
            "{:?}",
            Err::<(), _>(problem(
                Field::CurrentPassword,
                ValidationError::WrongPassword
            ))
        )
    );
    let mut phone = SoftPhone::new();
    let begun = passkeys::begin_adding(&s.state, &marie, PASSWORD.to_owned())
        .await
        .expect("with the password");
    let made = phone.register(SITE, begun.options);
    passkeys::finish_adding(&s.state, &marie, &begun.ceremony, &made)
        .await
        .expect("added");
    // Without a session, nothing at all.
    assert!(matches!(
        passkeys::begin_adding(&s.state, &caller(), PASSWORD.to_owned()).await,
        Err(ServiceError::NotSignedIn)
    ));
}

async fn a_reset_and_signing_out_everywhere_keep_passkeys_and_their_emails_name_them(
    backend: Backend,
) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    let marie = with_passkey(&s, &mut phone).await;
    let id = passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
        .await
        .expect("list")[0]
        .id;
    passkeys::rename(&s.state, &marie, id, "Téléphone de Marie")
        .await
        .expect("renamed");

    app::server::account_settings::sign_out_everywhere(&s.state, &marie)
        .await
        .expect("signed out");
    let notice = s.last_email().await;
    assert!(
        notice.subject.contains("signed out of all devices"),
        "{}",
        notice.subject
    );
    assert!(
        notice.text_body.contains("“Téléphone de Marie”"),
        "{}",
        notice.text_body
    );

    let now = s.state.settings.clock.now();
    let token = app::server::links::issue(
        &s.state.db,
        s.account_of("SIR094701").await.id,
        app::server::links::Purpose::ResetPassword,
        None,
        now,
        Duration::hours(1),
    )
    .await
    .expect("a reset link");
    app::server::recovery::reset_password(
        &s.state,
        &token,
        "an0ther-pass-word-42",
        "an0ther-pass-word-42",
    )
    .await
    .expect("reset");
    let notice = s.last_email().await;
    assert!(
        notice.subject.contains("password was changed"),
        "{}",
        notice.subject
    );
    assert!(
        notice.text_body.contains("“Téléphone de Marie”"),
        "{}",
        notice.text_body
    );

    sign_in(&s, &caller(), &mut phone)
        .await
        .expect("the passkey still signs in");
}

async fn renaming_and_removing_reach_only_the_candidates_own_passkeys(backend: Backend) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    let marie = with_passkey(&s, &mut phone).await;
    let id = passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
        .await
        .expect("list")[0]
        .id;
    s.confirmed_account("SIR094702", "1907").await;
    let thomas = s.signed_in("SIR094702").await;
    assert!(matches!(
        passkeys::rename(&s.state, &thomas, id, "Mine now").await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        passkeys::remove(&s.state, &thomas, id).await,
        Err(ServiceError::NotFound)
    ));
    assert_eq!(
        passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
            .await
            .expect("list")[0]
            .name,
        "Passkey",
        "untouched"
    );
    let problem = passkeys::rename(&s.state, &marie, id, "   ").await;
    assert!(
        matches!(problem, Err(ServiceError::Invalid(ref e)) if e.get(Field::PasskeyName) == Some(ValidationError::Required)),
        "{problem:?}"
    );
    let problem = passkeys::rename(&s.state, &marie, id, &"x".repeat(61)).await;
    assert!(
        matches!(problem, Err(ServiceError::Invalid(ref e)) if e.get(Field::PasskeyName) == Some(ValidationError::TooLong)),
        "{problem:?}"
    );
    passkeys::rename(&s.state, &marie, id, "  Laptop ")
        .await
        .expect("renamed");
    assert_eq!(
        passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
            .await
            .expect("list")[0]
            .name,
        "Laptop"
    );
}
