//! The ceremonies' defences: replayed challenges and answers, answers
//! signed for another site, sign counts going backwards, ceremonies
//! finished by another account or too late, and unfinished sign-ins.

use app::server::entities::{passkey, passkey_ceremony};
use app::server::{Caller, ServiceError, passkeys};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{refused, sign_in, with_passkey};
use crate::helpers::Backend;
use crate::on_both_backends;
use crate::services::support::{caller, services};
use crate::soft_passkey::{SITE, SoftPhone};

on_both_backends!(
    a_replayed_challenge_and_a_replayed_answer_are_refused,
    an_answer_signed_for_another_site_is_refused,
    a_sign_count_that_goes_backwards_is_refused,
    a_ceremony_finishes_only_for_the_account_and_purpose_that_began_it_and_only_while_fresh,
    unfinished_sign_ins_count_against_the_address_and_expired_ones_are_cleaned_up,
);

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
        passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
            .await
            .expect("listed")
            .len(),
        1
    );
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
        passkeys::passkeys_of(&s.state.db, s.account_of("SIR094701").await.id)
            .await
            .expect("listed")
            .len(),
        0
    );
    assert_eq!(
        passkeys::passkeys_of(&s.state.db, s.account_of("SIR094702").await.id)
            .await
            .expect("listed")
            .len(),
        0
    );
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
