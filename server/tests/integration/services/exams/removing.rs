//! Removing an exam from an account, and deleting an account of several.

use app::domain::{Field, ValidationError};
use app::server::account_exams::remove_exam;
use app::server::{ServiceError, privacy};

use super::{add, marie_and_a_new_exam, refused_beside};
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;

on_both_backends!(
    a_removed_exam_leaves_the_account_and_can_be_registered_again,
    the_only_exam_cannot_be_removed_and_the_password_is_asked_for,
    deleting_an_account_of_two_exams_frees_both_and_its_copy_holds_both
);

async fn a_removed_exam_leaves_the_account_and_can_be_registered_again(backend: Backend) {
    let (s, marie) = marie_and_a_new_exam(backend).await;
    add(&s, &marie, "SIR094703", "3141", "")
        .await
        .expect("added");
    remove_exam(&s.state, &marie, "SIR094703", PASSWORD.to_owned())
        .await
        .expect("removed");
    assert!(
        app::server::exams::account_of(&s.state.db, "SIR094703")
            .await
            .expect("query")
            .is_none()
    );
    let notice = s.last_email().await;
    assert!(notice.subject.contains("removed"), "{}", notice.subject);
    // It is free: registering it again works with its Secret Number.
    s.register_as("SIR094703", "3141", "marie.l@example.fr", PASSWORD)
        .await
        .expect("registered again");
    // And what is not in the account is not found.
    assert!(matches!(
        remove_exam(&s.state, &marie, "SIR094702", PASSWORD.to_owned()).await,
        Err(ServiceError::NotFound)
    ));
}

async fn the_only_exam_cannot_be_removed_and_the_password_is_asked_for(backend: Backend) {
    let (s, marie) = marie_and_a_new_exam(backend).await;
    assert_eq!(
        refused_beside(
            remove_exam(&s.state, &marie, "SIR094701", PASSWORD.to_owned()).await,
            Field::IdNumber
        ),
        ValidationError::OnlyExam
    );
    add(&s, &marie, "SIR094703", "3141", "")
        .await
        .expect("added");
    assert_eq!(
        refused_beside(
            remove_exam(&s.state, &marie, "SIR094701", "wrong-password-1".to_owned()).await,
            Field::CurrentPassword
        ),
        ValidationError::WrongPassword
    );
    assert_eq!(
        refused_beside(
            remove_exam(&s.state, &marie, "SIR094701", String::new()).await,
            Field::CurrentPassword
        ),
        ValidationError::Required
    );
    // Removing the first exam added keeps the account, which the other opens.
    remove_exam(&s.state, &marie, "SIR094701", PASSWORD.to_owned())
        .await
        .expect("removed");
    assert_eq!(s.account_of("SIR094703").await.email, "marie@example.fr");
}

async fn deleting_an_account_of_two_exams_frees_both_and_its_copy_holds_both(backend: Backend) {
    let (s, marie) = marie_and_a_new_exam(backend).await;
    add(&s, &marie, "SIR094703", "3141", "")
        .await
        .expect("added");
    // The copy of her data holds both, the later one's results not yet out.
    let data = privacy::my_data(&s.state, &marie, PASSWORD.to_owned())
        .await
        .expect("the copy");
    let held: Vec<_> = data
        .exams
        .iter()
        .map(|e| e.entry.id_number.as_str())
        .collect();
    assert_eq!(held, ["SIR094701", "SIR094703"]);
    assert!(matches!(
        data.exams[1].results,
        app::domain::Outcome::Pending { .. }
    ));
    privacy::delete_account(&s.state, &marie, PASSWORD.to_owned())
        .await
        .expect("deleted");
    for (id, secret) in [("SIR094701", "4821"), ("SIR094703", "3141")] {
        assert!(
            app::server::exams::account_of(&s.state.db, id)
                .await
                .expect("query")
                .is_none(),
            "{id} is free"
        );
        s.register_as(id, secret, "someone@example.fr", PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("{id} registers again: {e:?}"));
    }
}
