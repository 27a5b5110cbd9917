//! Deleting an account removes its rows and nothing of another's.

use app::server::entities::{
    account, account_entry, email_token, entry, exam_result, failed_attempt, outbox, session,
};
use app::server::privacy;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;
use crate::services::support::{caller, services};

on_both_backends!(deleting_an_account_removes_its_rows_and_nothing_of_another);

async fn deleting_an_account_removes_its_rows_and_nothing_of_another(backend: Backend) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    s.confirmed_account("SIR094702", "1907").await;
    let marie = s.signed_in("SIR094701").await;
    let thomas = s.signed_in("SIR094702").await;
    let accounts = [
        ("SIR094701", s.account_of("SIR094701").await.id),
        ("SIR094702", s.account_of("SIR094702").await.id),
    ];
    let code = app::server::share_codes::create(&s.state, &marie, app::domain::ValidFor::Week)
        .await
        .expect("a share code")
        .code;
    let check = app::domain::VerifyInput::parse(&code, "Lefebvre", "").expect("a check");
    app::server::verification::verify(&s.state, &caller(), check)
        .await
        .expect("verified");
    // A wrong password first: it is counted, and the count goes with the account.
    assert!(
        privacy::delete_account(&s.state, &marie, "not-my-password-1".to_owned())
            .await
            .is_err()
    );
    privacy::delete_account(&s.state, &marie, PASSWORD.to_owned())
        .await
        .expect("deleted");

    let db = &s.state.db;
    let of = |id: &'static str| async move {
        let account = accounts.iter().find(|(n, _)| *n == id).expect("known").1;
        (
            account::Entity::find_by_id(account)
                .count(db)
                .await
                .expect("query")
                + account_entry::Entity::find_by_id(id)
                    .count(db)
                    .await
                    .expect("query"),
            session::Entity::find()
                .filter(session::Column::AccountId.eq(account))
                .count(db)
                .await
                .expect("query"),
            email_token::Entity::find()
                .filter(email_token::Column::AccountId.eq(account))
                .count(db)
                .await
                .expect("query"),
            failed_attempt::Entity::find()
                .filter(failed_attempt::Column::Subject.eq(format!("id:{id}")))
                .count(db)
                .await
                .expect("query"),
        )
    };
    assert_eq!(of("SIR094701").await, (0, 0, 0, 0));
    use app::server::entities::{share_check, share_code};
    assert_eq!(
        share_code::Entity::find().count(db).await.expect("query"),
        0,
        "the share codes go with the account"
    );
    assert_eq!(
        share_check::Entity::find().count(db).await.expect("query"),
        0,
        "and the checks of them"
    );
    let (accounts, sessions, links, _) = of("SIR094702").await;
    assert_eq!(
        (accounts, sessions, links),
        (2, 1, 1),
        "the other account is untouched"
    );
    assert_eq!(
        app::server::sessions::current_candidate(&s.state, &marie)
            .await
            .expect("lookup"),
        None
    );
    assert!(
        app::server::sessions::current_candidate(&s.state, &thomas)
            .await
            .expect("lookup")
            .is_some()
    );
    // Of the emails to the address, only the notice of the deletion remains, waiting to go.
    let mails = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("marie@example.fr"))
        .all(db)
        .await
        .expect("query");
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("deleted"), "{}", mails[0].subject);
    // The centre's entry and results stay, and the candidate can register again.
    assert_eq!(entry::Entity::find().count(db).await.expect("query"), 2);
    assert_eq!(
        exam_result::Entity::find().count(db).await.expect("query"),
        2
    );
    s.register("SIR094701", "4821", PASSWORD)
        .await
        .expect("registered again");
}
