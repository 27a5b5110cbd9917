//! The copy of a candidate's data: every kind of it, nothing secret.

use app::domain::{Field, Outcome, ValidationError};
use app::server::entities::email_token;
use app::server::{Caller, ServiceError, privacy, tokens};
use sea_orm::EntityTrait;

use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;
use crate::services::support::{caller, services};

on_both_backends!(the_copy_holds_every_kind_of_data_and_nothing_secret);

async fn the_copy_holds_every_kind_of_data_and_nothing_secret(backend: Backend) {
    let s = services(backend).await;
    s.confirmed_account("SIR094701", "4821").await;
    let browser = Caller {
        user_agent: Some("Mozilla/5.0 (Android 14; Mobile) Firefox/140.0".into()),
        ..caller()
    };
    let session =
        app::server::sessions::log_in(&s.state, &browser, "SIR094701", PASSWORD.to_owned())
            .await
            .expect("signed in");
    let signed_in = browser.with_session(&session.token);
    let wrong = privacy::my_data(&s.state, &signed_in, "not-my-password-1".to_owned()).await;
    let Err(ServiceError::Invalid(errors)) = wrong else {
        panic!("{wrong:?}")
    };
    assert_eq!(
        errors.get(Field::CurrentPassword),
        Some(ValidationError::WrongPassword)
    );

    let code = app::server::share_codes::create(&s.state, &signed_in, app::domain::ValidFor::Week)
        .await
        .expect("a share code")
        .code;
    let check =
        app::domain::VerifyInput::parse(&code, "Lefebvre", "Université de Lyon").expect("a check");
    app::server::verification::verify(&s.state, &caller(), check)
        .await
        .expect("verified");

    let data = privacy::my_data(&s.state, &signed_in, PASSWORD.to_owned())
        .await
        .expect("the copy");
    assert_eq!(data.exams.len(), 1);
    let exam = &data.exams[0];
    assert_eq!(exam.share_codes.len(), 1);
    assert_eq!(
        exam.share_codes[0].checks[0].organisation.as_deref(),
        Some("Université de Lyon")
    );
    assert_eq!(
        (
            exam.entry.given_name.as_str(),
            exam.entry.family_name.as_str(),
            exam.entry.exam.as_str()
        ),
        ("Marie", "Lefebvre", "B2 First")
    );
    assert_eq!(data.account.email, "marie@example.fr");
    assert!(data.account.email_confirmed_at.is_some());
    let Outcome::Released(scores) = &exam.results else {
        panic!("{:?}", exam.results)
    };
    assert_eq!(scores.overall, 176);
    assert_eq!(data.sessions.len(), 1);
    assert!(data.sessions[0].this_session);
    assert_eq!(
        data.sessions[0].device.as_deref(),
        Some("Mozilla/5.0 (Android 14; Mobile) Firefox/140.0")
    );
    assert!(
        data.emails
            .iter()
            .any(|e| e.subject.starts_with("Confirm your email address")),
        "{:?}",
        data.emails
    );

    let json = serde_json::to_string(&data).expect("serialises");
    let hash = app::server::exams::account_of(&s.state.db, "SIR094701")
        .await
        .expect("query")
        .expect("account")
        .password_hash;
    let links: Vec<String> = email_token::Entity::find()
        .all(&s.state.db)
        .await
        .expect("query")
        .into_iter()
        .map(|t| t.token_hash)
        .collect();
    assert!(
        !json.contains("argon2") && !json.contains(&hash),
        "no password hash"
    );
    assert!(
        !json.contains(&session.token) && !json.contains(&tokens::hash(&session.token)),
        "no session id"
    );
    for link in links {
        assert!(!json.contains(&link), "no link token");
    }
    let fingerprint = app::server::entities::share_code::Entity::find()
        .one(&s.state.db)
        .await
        .expect("query")
        .expect("code")
        .fingerprint;
    assert!(
        !json.contains(&code)
            && !json.contains(&code.replace('-', ""))
            && !json.contains(&fingerprint),
        "no share code nor its hash"
    );
}
