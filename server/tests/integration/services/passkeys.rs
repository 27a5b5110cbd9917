use app::domain::{Field, FieldErrors, ValidationError};
use app::server::entities::{passkey, passkey_ceremony};
use app::server::{Caller, ServiceError, passkeys, sessions};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::support::{Services, caller, services};
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;
use crate::soft_passkey::{SITE, SoftPhone};

on_both_backends!(
    a_passkey_added_on_the_account_signs_in_without_the_id_number_into_a_new_session,
    a_replayed_challenge_and_a_replayed_answer_are_refused,
    an_answer_signed_for_another_site_is_refused,
    a_removed_passkey_no_longer_signs_in_and_the_candidate_is_told,
    a_sign_count_that_goes_backwards_is_refused,
    after_the_first_minutes_of_a_sign_in_adding_a_passkey_asks_for_the_password,
    a_ceremony_finishes_only_for_the_account_and_purpose_that_began_it_and_only_while_fresh,
    a_reset_and_signing_out_everywhere_keep_passkeys_and_their_emails_name_them,
    renaming_and_removing_reach_only_the_candidates_own_passkeys,
    a_passkey_of_an_address_not_confirmed_does_not_sign_in,
    unfinished_sign_ins_count_against_the_address_and_expired_ones_are_cleaned_up,
);

/// Marie, signed in a moment ago, with a passkey on `phone`.
async fn with_passkey(s: &Services, phone: &mut SoftPhone) -> Caller {
    s.confirmed_account("SIR094701", "4821").await;
    let marie = s.signed_in("SIR094701").await;
    add(s, &marie, phone).await.expect("the passkey is added");
    marie
}

async fn add(
    s: &Services,
    who: &Caller,
    phone: &mut SoftPhone,
) -> Result<app::domain::PasskeyView, ServiceError> {
    let begun = passkeys::begin_adding(&s.state, who, String::new()).await?;
    let made = phone.register(SITE, begun.options);
    passkeys::finish_adding(&s.state, who, &begun.ceremony, &made).await
}

async fn sign_in(
    s: &Services,
    from: &Caller,
    phone: &mut SoftPhone,
) -> Result<sessions::NewSession, ServiceError> {
    let begun = passkeys::begin_sign_in(&s.state, from).await?;
    let answer = phone.sign_in(SITE, begun.options);
    passkeys::finish_sign_in(&s.state, from, &begun.ceremony, &answer).await
}

fn refused<T: std::fmt::Debug>(outcome: Result<T, ServiceError>) {
    assert!(
        matches!(outcome, Err(ServiceError::CredentialsRejected)),
        "{outcome:?}"
    );
}

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

    let list = passkeys::passkeys_of(&s.state.db, "SIR094701")
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
            .expect("session")
            .as_deref(),
        Some("SIR094701")
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

    let list = passkeys::passkeys_of(&s.state.db, "SIR094701")
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

async fn a_replayed_challenge_and_a_replayed_answer_are_refused(backend: Backend) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    with_passkey(&s, &mut phone).await;
    let begun = passkeys::begin_sign_in(&s.state, &caller())
        .await
        .expect("begun");
    let answer = phone.sign_in(SITE, begun.options.clone());
    passkeys::finish_sign_in(&s.state, &caller(), &begun.ceremony, &answer)
        .await
        .expect("first use");
    // The same answer again, and a fresh signature of the same challenge.
    refused(passkeys::finish_sign_in(&s.state, &caller(), &begun.ceremony, &answer).await);
    let again = phone.sign_in(SITE, begun.options);
    refused(passkeys::finish_sign_in(&s.state, &caller(), &begun.ceremony, &again).await);
    // An answer to one challenge does not finish another ceremony.
    let other = passkeys::begin_sign_in(&s.state, &caller())
        .await
        .expect("begun");
    refused(passkeys::finish_sign_in(&s.state, &caller(), &other.ceremony, &answer).await);
}

async fn an_answer_signed_for_another_site_is_refused(backend: Backend) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    with_passkey(&s, &mut phone).await;
    // A look-alike site relays our challenge: the phone signs for where it is.
    let begun = passkeys::begin_sign_in(&s.state, &caller())
        .await
        .expect("begun");
    let phished = phone.sign_in_for(
        "https://results-example.org",
        "results-example.org",
        begun.options,
    );
    refused(passkeys::finish_sign_in(&s.state, &caller(), &begun.ceremony, &phished).await);
    // Our own site's id, but another origin in the signed client data.
    let begun = passkeys::begin_sign_in(&s.state, &caller())
        .await
        .expect("begun");
    let elsewhere = phone.sign_in("https://evil.results.example.org", begun.options);
    refused(passkeys::finish_sign_in(&s.state, &caller(), &begun.ceremony, &elsewhere).await);
    // Adding from another origin is refused too.
    let marie = s.signed_in("SIR094701").await;
    let begun = passkeys::begin_adding(&s.state, &marie, String::new())
        .await
        .expect("begun");
    let made = SoftPhone::new().register("https://evil.results.example.org", begun.options);
    refused(passkeys::finish_adding(&s.state, &marie, &begun.ceremony, &made).await);
    assert_eq!(
        passkeys::passkeys_of(&s.state.db, "SIR094701")
            .await
            .expect("listed")
            .len(),
        1
    );
}

async fn a_removed_passkey_no_longer_signs_in_and_the_candidate_is_told(backend: Backend) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    let marie = with_passkey(&s, &mut phone).await;
    let id = passkeys::passkeys_of(&s.state.db, "SIR094701")
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

async fn a_sign_count_that_goes_backwards_is_refused(backend: Backend) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    with_passkey(&s, &mut phone).await;
    sign_in(&s, &caller(), &mut phone).await.expect("count 1");
    // We have seen this passkey count to 100: a device now saying 2 is a copy.
    let stored = passkey::Entity::find()
        .one(&s.state.db)
        .await
        .expect("row")
        .expect("passkey");
    let mut credential: serde_json::Value = serde_json::from_str(&stored.credential).expect("json");
    credential["cred"]["counter"] = 100.into();
    passkey::Entity::update_many()
        .col_expr(
            passkey::Column::Credential,
            sea_orm::sea_query::Expr::value(credential.to_string()),
        )
        .exec(&s.state.db)
        .await
        .expect("tampered");
    refused(sign_in(&s, &caller(), &mut phone).await);
    let after = passkey::Entity::find()
        .one(&s.state.db)
        .await
        .expect("row")
        .expect("passkey");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&after.credential).expect("json")["cred"]["counter"],
        100,
        "the count is not lowered"
    );
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

async fn a_ceremony_finishes_only_for_the_account_and_purpose_that_began_it_and_only_while_fresh(
    backend: Backend,
) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    let marie = s.signed_in("SIR094701").await;
    s.confirmed_account("SIR094702", "1907").await;
    let thomas = s.signed_in("SIR094702").await;
    // Marie's ceremony, finished in Thomas's session: refused.
    let begun = passkeys::begin_adding(&s.state, &marie, String::new())
        .await
        .expect("begun");
    let made = SoftPhone::new().register(SITE, begun.options);
    refused(passkeys::finish_adding(&s.state, &thomas, &begun.ceremony, &made).await);
    // A sign-in ceremony cannot finish an addition.
    let sign_in = passkeys::begin_sign_in(&s.state, &caller())
        .await
        .expect("begun");
    refused(passkeys::finish_adding(&s.state, &marie, &sign_in.ceremony, &made).await);
    // Five minutes later the challenge is dead.
    let begun = passkeys::begin_adding(&s.state, &marie, String::new())
        .await
        .expect("begun");
    let made = SoftPhone::new().register(SITE, begun.options);
    s.state.settings.clock.advance(Duration::minutes(5));
    refused(passkeys::finish_adding(&s.state, &marie, &begun.ceremony, &made).await);
    assert_eq!(
        passkeys::passkeys_of(&s.state.db, "SIR094701")
            .await
            .expect("listed")
            .len(),
        0
    );
    assert_eq!(
        passkeys::passkeys_of(&s.state.db, "SIR094702")
            .await
            .expect("listed")
            .len(),
        0
    );
}

async fn a_reset_and_signing_out_everywhere_keep_passkeys_and_their_emails_name_them(
    backend: Backend,
) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    let marie = with_passkey(&s, &mut phone).await;
    let id = passkeys::passkeys_of(&s.state.db, "SIR094701")
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
        "SIR094701",
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
    let id = passkeys::passkeys_of(&s.state.db, "SIR094701")
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
        passkeys::passkeys_of(&s.state.db, "SIR094701")
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
        passkeys::passkeys_of(&s.state.db, "SIR094701")
            .await
            .expect("list")[0]
            .name,
        "Laptop"
    );
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

async fn unfinished_sign_ins_count_against_the_address_and_expired_ones_are_cleaned_up(
    backend: Backend,
) {
    let s = services(backend).await;
    let mut phone = SoftPhone::new();
    with_passkey(&s, &mut phone).await;
    let limit = s.state.settings.attempts_per_ip_per_hour;
    // Finished sign-ins are taken back: they never use up the address's allowance.
    for _ in 0..limit + 2 {
        sign_in(&s, &caller(), &mut phone).await.expect("signed in");
    }
    let counted = app::server::entities::failed_attempt::Entity::find()
        .filter(app::server::entities::failed_attempt::Column::Kind.eq("passkey"))
        .all(&s.state.db)
        .await
        .expect("counters");
    assert!(counted.is_empty(), "{counted:?}");
    for _ in 0..limit {
        passkeys::begin_sign_in(&s.state, &caller())
            .await
            .expect("begun");
    }
    let over = passkeys::begin_sign_in(&s.state, &caller()).await;
    assert!(
        matches!(over, Err(ServiceError::TooManyAttempts { .. })),
        "{over:?}"
    );
    // Another address is not affected.
    passkeys::begin_sign_in(&s.state, &Caller::from_ip("192.0.2.99"))
        .await
        .expect("another address");
    s.state.settings.clock.advance(Duration::minutes(6));
    let deleted = app::server::retention::clean_up(
        &s.state.db,
        &s.state.settings,
        s.state.settings.clock.now(),
    )
    .await
    .expect("clean-up")
    .expect("ran");
    assert_eq!(deleted.ceremonies as usize, limit + 1);
    assert!(
        passkey_ceremony::Entity::find()
            .filter(passkey_ceremony::Column::ExpiresAt.gt(s.state.settings.clock.now()))
            .all(&s.state.db)
            .await
            .expect("left")
            .is_empty()
    );
}
