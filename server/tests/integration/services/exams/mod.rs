//! The exams of one account: adding one with its Secret Number, joining
//! an exam's own account with its password, removing one, and deleting an
//! account of several.

mod joining;
mod removing;

use app::domain::{ExamToAdd, Field, ValidationError};
use app::server::account_exams::add_exam;
use app::server::{Caller, ServiceError, ServiceResult, sessions};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::{Backend, PASSWORD, import_entries};
use crate::on_both_backends;
use crate::services::support::{Services, caller, services};

on_both_backends!(
    an_exam_added_with_its_secret_number_joins_the_account_and_either_id_number_logs_in,
    a_wrong_secret_number_adds_nothing_and_counts_against_the_id_number_typed,
    an_exam_already_in_the_account_is_refused_beside_its_field,
    two_accounts_adding_one_exam_at_once_leave_it_in_one
);

/// Marie's account (SIR094701), and a third entry, SIR094703 (Secret
/// Number 3141), that no account holds.
pub(super) async fn marie_and_a_new_exam(backend: Backend) -> (Services, Caller) {
    let s = services(backend).await;
    let csv = "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
               SIR094703,3141,Marie,Lefebvre,C2 Proficiency,2027-03-20,2027-05-01T08:00:00Z\n";
    import_entries(&s.state.db, &app::domain::CentreCode::default_centre(), csv)
        .await
        .expect("a third entry");
    s.confirmed_account("SIR094701", "4821").await;
    let marie = s.signed_in("SIR094701").await;
    (s, marie)
}

pub(super) async fn add(
    s: &Services,
    who: &Caller,
    id: &str,
    secret: &str,
    other_password: &str,
) -> ServiceResult<app::domain::ExamAdded> {
    let exam = ExamToAdd::parse(id, secret).expect("well-formed numbers");
    add_exam(&s.state, who, exam, other_password.to_owned()).await
}

pub(super) fn refused_beside(
    result: ServiceResult<impl std::fmt::Debug>,
    field: Field,
) -> ValidationError {
    match result {
        Err(ServiceError::Invalid(errors)) => {
            let found = errors.0.iter().find(|(f, _)| *f == field);
            found
                .unwrap_or_else(|| panic!("no problem beside {field:?}: {errors:?}"))
                .1
        }
        other => panic!("expected a problem beside {field:?}, got {other:?}"),
    }
}

async fn an_exam_added_with_its_secret_number_joins_the_account_and_either_id_number_logs_in(
    backend: Backend,
) {
    let (s, marie) = marie_and_a_new_exam(backend).await;
    let added = add(&s, &marie, "sir094703", "3141", "")
        .await
        .expect("added");
    assert_eq!(
        (added.id_number.as_str(), added.joined),
        ("SIR094703", false)
    );
    let account = s.account_of("SIR094701").await.id;
    assert_eq!(
        s.account_of("SIR094703").await.id,
        account,
        "one account holds both"
    );
    let notice = s.last_email().await;
    assert_eq!(notice.recipient, "marie@example.fr");
    assert!(
        notice.text_body.contains("SIR094703"),
        "{}",
        notice.text_body
    );
    assert!(
        notice.text_body.contains("C2 Proficiency"),
        "{}",
        notice.text_body
    );
    let listed = app::server::exams::listed(&s.state.db, account)
        .await
        .expect("listed");
    let ids: Vec<_> = listed.iter().map(|e| e.id_number.as_str()).collect();
    assert_eq!(ids, ["SIR094703", "SIR094701"], "newest exam date first");
    // The results page shows the first exam in full and lists the other,
    // whose results are not out: no score of it is in the answer.
    let page = app::server::results::my_results(&s.state, &marie)
        .await
        .expect("results");
    assert_eq!(page.shown.id_number, "SIR094701");
    assert!(matches!(
        page.shown.outcome,
        app::domain::Outcome::Released(_)
    ));
    assert_eq!(page.others.len(), 1);
    assert_eq!(page.others[0].id_number, "SIR094703");
    assert!(matches!(
        page.others[0].outcome,
        app::domain::Outcome::Pending { .. }
    ));
    // Either ID Number and the one password open the same account.
    for id in ["SIR094701", "SIR094703"] {
        let session = sessions::log_in(&s.state, &caller(), id, PASSWORD.to_owned())
            .await
            .expect("logged in");
        let signed_in = caller().with_session(&session.token);
        assert_eq!(
            sessions::require_candidate(&s.state, &signed_in)
                .await
                .expect("signed in"),
            account
        );
    }
    // The Secret Number never logs in.
    assert!(
        sessions::log_in(&s.state, &caller(), "SIR094703", "3141".to_owned())
            .await
            .is_err()
    );
}

async fn a_wrong_secret_number_adds_nothing_and_counts_against_the_id_number_typed(
    backend: Backend,
) {
    let (s, marie) = marie_and_a_new_exam(backend).await;
    let before = app::server::entities::failed_attempt::Entity::find()
        .count(&s.state.db)
        .await
        .expect("count");
    assert!(matches!(
        add(&s, &marie, "SIR094703", "0000", "").await,
        Err(ServiceError::EntryNotMatched)
    ));
    // An unknown ID Number gets the same answer.
    assert!(matches!(
        add(&s, &marie, "SIR999999", "3141", "").await,
        Err(ServiceError::EntryNotMatched)
    ));
    let subjects: Vec<String> = app::server::entities::failed_attempt::Entity::find()
        .all(&s.state.db)
        .await
        .expect("attempts")
        .into_iter()
        .map(|a| a.subject)
        .collect();
    assert!(subjects.len() as u64 > before, "{subjects:?}");
    for counted in ["id:SIR094703", "id:SIR999999"] {
        assert!(
            subjects.contains(&counted.to_owned()),
            "{counted}: {subjects:?}"
        );
    }
    assert!(
        app::server::exams::account_of(&s.state.db, "SIR094703")
            .await
            .expect("query")
            .is_none()
    );
}

async fn an_exam_already_in_the_account_is_refused_beside_its_field(backend: Backend) {
    let (s, marie) = marie_and_a_new_exam(backend).await;
    assert_eq!(
        refused_beside(
            add(&s, &marie, "SIR094701", "4821", "").await,
            Field::IdNumber
        ),
        ValidationError::ExamAlreadyInAccount
    );
}

async fn two_accounts_adding_one_exam_at_once_leave_it_in_one(backend: Backend) {
    let (s, marie) = marie_and_a_new_exam(backend).await;
    s.confirmed_account_as("SIR094702", "1907", "thomas@example.fr")
        .await;
    let thomas = s.signed_in("SIR094702").await;
    let (a, b) = tokio::join!(
        add(&s, &marie, "SIR094703", "3141", ""),
        add(&s, &thomas, "SIR094703", "3141", "")
    );
    let outcomes = [a.is_ok(), b.is_ok()];
    assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
    let loser = if a.is_ok() { b } else { a };
    assert!(
        matches!(
            loser,
            Err(ServiceError::AlreadyRegistered) | Err(ServiceError::Invalid(_))
        ),
        "{loser:?}"
    );
    let holders = app::server::entities::account_entry::Entity::find_by_id("SIR094703")
        .count(&s.state.db)
        .await
        .expect("count");
    assert_eq!(holders, 1);
}
