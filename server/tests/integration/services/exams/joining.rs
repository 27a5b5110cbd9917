//! An exam with an account of its own: its password joins the two.

use app::domain::{Field, ValidFor, ValidationError};
use app::server::entities::{account, account_entry, session};
use app::server::{passkeys, sessions, share_codes};
use sea_orm::{EntityTrait, PaginatorTrait};

use super::{add, refused_beside};
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;
use crate::services::support::{Services, caller, services};
use crate::soft_passkey::SoftPhone;

on_both_backends!(
    without_the_other_accounts_password_nothing_moves_and_a_wrong_one_is_counted,
    with_the_other_accounts_password_its_exams_codes_and_passkeys_move_and_it_ends
);

/// Marie (SIR094701, released) and Thomas (SIR094702), each with an account.
async fn two_accounts(backend: Backend) -> Services {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    s.confirmed_account_as("SIR094702", "1907", "thomas@example.fr")
        .await;
    s
}

async fn without_the_other_accounts_password_nothing_moves_and_a_wrong_one_is_counted(
    backend: Backend,
) {
    let s = two_accounts(backend).await;
    let thomas = s.signed_in("SIR094702").await;
    let accounts = || account::Entity::find().count(&s.state.db);
    assert_eq!(
        refused_beside(
            add(&s, &thomas, "SIR094701", "4821", "").await,
            Field::OtherPassword
        ),
        ValidationError::ExamHasItsOwnAccount
    );
    assert_eq!(
        refused_beside(
            add(&s, &thomas, "SIR094701", "4821", "not-hers-12").await,
            Field::OtherPassword
        ),
        ValidationError::WrongPassword
    );
    assert_eq!(accounts().await.expect("count"), 2, "both accounts stand");
    assert_ne!(
        s.account_of("SIR094701").await.id,
        s.account_of("SIR094702").await.id
    );
    let counted = app::server::entities::failed_attempt::Entity::find()
        .all(&s.state.db)
        .await
        .expect("attempts")
        .into_iter()
        .any(|a| {
            a.subject == "id:SIR094701"
                && a.kind == app::server::entities::failed_attempt::Guess::Password
        });
    assert!(
        counted,
        "the wrong password counts against the ID Number typed"
    );
}

async fn with_the_other_accounts_password_its_exams_codes_and_passkeys_move_and_it_ends(
    backend: Backend,
) {
    let s = two_accounts(backend).await;
    // Marie's account has a share code (her results are out) and a passkey.
    let marie = s.signed_in("SIR094701").await;
    share_codes::create(&s.state, &marie, ValidFor::Week)
        .await
        .expect("a code");
    let mut phone = SoftPhone::new();
    crate::services::passkeys::add(&s, &marie, &mut phone)
        .await
        .expect("a passkey");
    let marie_elsewhere = s.signed_in("SIR094701").await;
    let thomas = s.signed_in("SIR094702").await;
    let into = s.account_of("SIR094702").await.id;

    let added = add(&s, &thomas, "SIR094701", "4821", PASSWORD)
        .await
        .expect("joined");
    assert!(added.joined);
    assert_eq!(s.account_of("SIR094701").await.id, into);
    assert_eq!(
        account::Entity::find()
            .count(&s.state.db)
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        account_entry::Entity::find()
            .count(&s.state.db)
            .await
            .expect("count"),
        2
    );
    let codes = share_codes::list(&s.state, &thomas).await.expect("codes");
    let listed = passkeys::passkeys_of(&s.state.db, into)
        .await
        .expect("passkeys");
    assert_eq!(listed.len(), 1, "the passkey moved");
    // The other account's sessions ended on every replica; this one's stay.
    for ended in [&marie, &marie_elsewhere] {
        assert_eq!(
            sessions::current_candidate(&s.state, ended)
                .await
                .expect("lookup"),
            None
        );
    }
    assert_eq!(
        sessions::current_candidate(&s.state, &thomas)
            .await
            .expect("lookup"),
        Some(into)
    );
    assert_eq!(
        session::Entity::find()
            .count(&s.state.db)
            .await
            .expect("count"),
        1
    );
    // Its address is told, and the account doing the adding too.
    let told: Vec<_> = app::server::entities::outbox::Entity::find()
        .all(&s.state.db)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.subject.contains("joined") || m.subject.contains("exam was added"))
        .map(|m| m.recipient)
        .collect();
    assert_eq!(told, ["marie@example.fr", "thomas@example.fr"]);
    // The share code is the exam's: it follows it.
    assert_eq!(codes.len(), 1);
    // Her passkey and her ID Number now open the account it joined.
    let by_passkey = crate::services::passkeys::sign_in(&s, &caller(), &mut phone)
        .await
        .expect("the passkey signs in");
    let signed_in = caller().with_session(&by_passkey.token);
    assert_eq!(
        sessions::current_candidate(&s.state, &signed_in)
            .await
            .expect("lookup"),
        Some(into)
    );
    assert!(
        sessions::log_in(&s.state, &caller(), "SIR094701", PASSWORD.to_owned())
            .await
            .is_ok()
    );
}
