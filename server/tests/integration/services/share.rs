use app::domain::{Field, Outcome, ShareCode, ValidFor, ValidationError, VerifyInput};
use app::i18n::Locale;
use app::server::entities::{failed_attempt, share_check, share_code};
use app::server::{Caller, ServiceError, share_codes, statement, verification};
use chrono::Duration;
use sea_orm::{ActiveEnum, ColumnTrait, EntityTrait, QueryFilter};

use super::support::{Services, caller, services};
use crate::helpers::Backend;
use crate::on_both_backends;

on_both_backends!(
    a_share_code_is_stored_only_as_a_keyed_hash_and_verifies_with_the_family_name_in_any_case_or_accents,
    a_wrong_name_an_unknown_code_an_expired_code_and_a_revoked_code_get_one_and_the_same_answer,
    failed_checks_from_one_address_are_limited_and_right_ones_are_not_counted,
    the_candidate_sees_each_successful_check_with_the_organisation_typed_and_nothing_of_failed_ones,
    codes_and_statements_wait_for_the_release_and_a_code_is_revoked_only_by_its_owner,
    at_most_twenty_codes_work_at_once,
    the_statement_holds_the_accented_name_and_every_score_in_the_candidates_language_and_is_the_same_twice,
);

/// A candidate with accents in both names, released yesterday, signed in.
async fn zoe(s: &Services) -> Caller {
    let released = (chrono::Utc::now() - Duration::days(1)).to_rfc3339();
    let entries = format!(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\nACC000001,2468,Zoé,Lefèvre-Çelik,C1 Advanced,2026-06-13,{released}\n"
    );
    crate::helpers::import_entries(
        &s.state.db,
        &app::domain::CentreCode::default_centre(),
        entries.as_bytes(),
    )
    .await
    .expect("entries");
    let scores = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\nACC000001,193,B,C1,190,186,199,196,194\n";
    crate::helpers::import_results(
        &s.state.db,
        &app::domain::CentreCode::default_centre(),
        scores.as_bytes(),
    )
    .await
    .expect("results");
    s.confirmed_account("ACC000001", "2468").await;
    s.signed_in("ACC000001").await
}

fn input(code: &str, name: &str, organisation: &str) -> VerifyInput {
    VerifyInput::parse(code, name, organisation).expect("a well-formed check")
}

/// A checker at its own documentation address (RFC 5737).
fn institution(n: u8) -> Caller {
    Caller::from_ip(&format!("198.51.100.{n}"))
}

async fn a_share_code_is_stored_only_as_a_keyed_hash_and_verifies_with_the_family_name_in_any_case_or_accents(
    backend: Backend,
) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    let new = share_codes::create(&s.state, &candidate, ValidFor::Month)
        .await
        .expect("created");
    assert!(regex_like_code(&new.code), "{}", new.code);
    let stored = share_code::Entity::find()
        .all(&s.state.db)
        .await
        .expect("codes");
    assert_eq!(stored.len(), 1);
    let bare = new.code.replace('-', "");
    assert!(
        !stored[0].fingerprint.to_uppercase().contains(&bare),
        "the code itself is not stored"
    );
    assert_eq!(
        stored[0].fingerprint,
        share_codes::fingerprint(
            &s.state.settings.server_key,
            &ShareCode::parse(&new.code).unwrap()
        )
    );
    assert_eq!(stored[0].expires_at.timestamp_millis(), new.expires_at_ms);

    for typed in ["LEFEVRE-CELIK", "lefèvre çelik", "Lefevre Celik"] {
        let result = verification::verify(
            &s.state,
            &institution(1),
            input(&new.code.to_lowercase(), typed, "Université de Lyon"),
        )
        .await
        .expect(typed);
        assert_eq!(result.candidate_name, "Zoé Lefèvre-Çelik");
        assert_eq!(
            (
                result.scores.overall,
                result.scores.cefr_level.as_str(),
                result.scores.skills.len()
            ),
            (193, "C1", 5)
        );
        assert_eq!(result.valid_until_ms, new.expires_at_ms);
    }
}

/// `XXXXX-XXXXX` in Crockford's alphabet.
fn regex_like_code(code: &str) -> bool {
    let alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    code.len() == 11
        && code.char_indices().all(|(i, c)| {
            if i == 5 {
                c == '-'
            } else {
                alphabet.contains(c)
            }
        })
}

async fn a_wrong_name_an_unknown_code_an_expired_code_and_a_revoked_code_get_one_and_the_same_answer(
    backend: Backend,
) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    let week = share_codes::create(&s.state, &candidate, ValidFor::Week)
        .await
        .expect("created");
    let revoked = share_codes::create(&s.state, &candidate, ValidFor::Quarter)
        .await
        .expect("created");
    let revoked_id = share_codes::list(&s.state, &candidate).await.expect("list")[0].id;
    share_codes::revoke(&s.state, &candidate, revoked_id)
        .await
        .expect("revoked");
    let unknown = if week.code.starts_with('0') {
        "1111111111"
    } else {
        "0000000000"
    };
    let refusals = [
        verification::verify(&s.state, &institution(2), input(&week.code, "Lefebvre", "")).await,
        verification::verify(
            &s.state,
            &institution(2),
            input(unknown, "Lefèvre-Çelik", ""),
        )
        .await,
        verification::verify(
            &s.state,
            &institution(2),
            input(&revoked.code, "Lefèvre-Çelik", ""),
        )
        .await,
    ];
    s.state
        .settings
        .clock
        .advance(Duration::days(7) + Duration::seconds(1));
    let expired = verification::verify(
        &s.state,
        &institution(2),
        input(&week.code, "Lefèvre-Çelik", ""),
    )
    .await;
    for refusal in refusals.into_iter().chain([expired]) {
        assert!(
            matches!(refusal, Err(ServiceError::NotVerified)),
            "{refusal:?}"
        );
    }
    let outcomes: Vec<String> = share_check::Entity::find()
        .all(&s.state.db)
        .await
        .expect("checks")
        .into_iter()
        .map(|c| c.outcome.to_value())
        .collect();
    assert_eq!(
        outcomes,
        ["wrong_name", "unknown", "revoked", "expired"],
        "each check is recorded with why it failed"
    );
}

async fn failed_checks_from_one_address_are_limited_and_right_ones_are_not_counted(
    backend: Backend,
) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    let code = share_codes::create(&s.state, &candidate, ValidFor::Month)
        .await
        .expect("created")
        .code;
    let limit = s.state.settings.attempts_per_ip_per_hour;
    for _ in 0..3 {
        verification::verify(&s.state, &institution(3), input(&code, "Lefèvre-Çelik", ""))
            .await
            .expect("a right check");
    }
    for _ in 0..limit {
        let wrong =
            verification::verify(&s.state, &institution(3), input(&code, "Martin", "")).await;
        assert!(matches!(wrong, Err(ServiceError::NotVerified)), "{wrong:?}");
    }
    let counted = failed_attempt::Entity::find()
        .filter(failed_attempt::Column::Kind.eq("share"))
        .all(&s.state.db)
        .await
        .expect("counters");
    assert_eq!(counted.len(), limit, "only the wrong checks count");
    let refused =
        verification::verify(&s.state, &institution(3), input(&code, "Lefèvre-Çelik", "")).await;
    assert!(
        matches!(refused, Err(ServiceError::TooManyAttempts { retry_after_seconds }) if retry_after_seconds > 0),
        "{refused:?}"
    );
    // Another address is not held up.
    verification::verify(&s.state, &institution(4), input(&code, "Lefèvre-Çelik", ""))
        .await
        .expect("another address");
    s.state
        .settings
        .clock
        .advance(Duration::hours(1) + Duration::seconds(1));
    verification::verify(&s.state, &institution(3), input(&code, "Lefèvre-Çelik", ""))
        .await
        .expect("after an hour");
}

async fn the_candidate_sees_each_successful_check_with_the_organisation_typed_and_nothing_of_failed_ones(
    backend: Backend,
) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    let code = share_codes::create(&s.state, &candidate, ValidFor::Month)
        .await
        .expect("created")
        .code;
    verification::verify(
        &s.state,
        &institution(5),
        input(&code, "Lefèvre-Çelik", "Université de Lyon"),
    )
    .await
    .expect("verified");
    let _ = verification::verify(
        &s.state,
        &institution(5),
        input(&code, "Moreau", "Someone guessing"),
    )
    .await;
    verification::verify(&s.state, &institution(6), input(&code, "LEFEVRE-CELIK", ""))
        .await
        .expect("verified");
    let codes = share_codes::list(&s.state, &candidate).await.expect("list");
    assert_eq!(codes.len(), 1);
    let organisations: Vec<Option<&str>> = codes[0]
        .checks
        .iter()
        .map(|c| c.organisation.as_deref())
        .collect();
    assert_eq!(
        organisations,
        [None, Some("Université de Lyon")],
        "newest first, failed checks left out"
    );
    assert!(codes[0].live);
    let stored = share_check::Entity::find()
        .all(&s.state.db)
        .await
        .expect("checks");
    assert!(
        stored.iter().all(|c| c
            .client_hash
            .as_deref()
            .is_some_and(|h| h.len() == 64 && !h.contains("198.51"))),
        "addresses kept only as keyed hashes"
    );
}

async fn codes_and_statements_wait_for_the_release_and_a_code_is_revoked_only_by_its_owner(
    backend: Backend,
) {
    let s = services(backend).await;
    // SIR094702's results come out in two days.
    s.confirmed_account("SIR094702", "1907").await;
    let waiting = s.signed_in("SIR094702").await;
    assert!(matches!(
        share_codes::create(&s.state, &waiting, ValidFor::Week).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        statement::statement(&s.state, &waiting).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        share_codes::create(&s.state, &caller(), ValidFor::Week).await,
        Err(ServiceError::NotSignedIn)
    ));
    assert!(matches!(
        statement::statement(&s.state, &caller()).await,
        Err(ServiceError::NotSignedIn)
    ));
    assert_eq!(
        share_code::Entity::find()
            .all(&s.state.db)
            .await
            .expect("codes")
            .len(),
        0
    );

    let candidate = zoe(&s).await;
    let code = share_codes::create(&s.state, &candidate, ValidFor::Week)
        .await
        .expect("created")
        .code;
    let id = share_codes::list(&s.state, &candidate).await.expect("list")[0].id;
    share_codes::revoke(&s.state, &waiting, id)
        .await
        .expect("says nothing");
    verification::verify(&s.state, &institution(7), input(&code, "Lefèvre-Çelik", ""))
        .await
        .expect("still works: not the other's to revoke");
    assert!(
        share_codes::list(&s.state, &waiting)
            .await
            .expect("list")
            .is_empty(),
        "nobody sees another's codes"
    );
}

async fn at_most_twenty_codes_work_at_once(backend: Backend) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    for _ in 0..20 {
        share_codes::create(&s.state, &candidate, ValidFor::Week)
            .await
            .expect("created");
    }
    match share_codes::create(&s.state, &candidate, ValidFor::Week).await {
        Err(ServiceError::Invalid(errors)) => assert_eq!(
            errors.get(Field::ValidFor),
            Some(ValidationError::TooManyShareCodes)
        ),
        other => panic!("expected the limit, got {other:?}"),
    }
    let newest = share_codes::list(&s.state, &candidate).await.expect("list")[0].id;
    share_codes::revoke(&s.state, &candidate, newest)
        .await
        .expect("revoked");
    share_codes::create(&s.state, &candidate, ValidFor::Week)
        .await
        .expect("a place freed");
}

async fn the_statement_holds_the_accented_name_and_every_score_in_the_candidates_language_and_is_the_same_twice(
    backend: Backend,
) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    let english = statement::statement(&s.state, &candidate)
        .await
        .expect("statement");
    assert_eq!(english.file_name, "statement-of-results-ACC000001.pdf");
    assert!(english.pdf.starts_with(b"%PDF-"));
    let has = |pdf: &[u8], part: &[u8]| pdf.windows(part.len()).any(|w| w == part);
    assert!(
        has(&english.pdf, b"/StructTreeRoot") && has(&english.pdf, b"/Lang(en)"),
        "tagged, in English"
    );
    assert_eq!(
        statement::statement(&s.state, &candidate)
            .await
            .expect("again")
            .pdf,
        english.pdf,
        "same results, same bytes"
    );
    let text = crate::helpers::pdf_text(&english.pdf);
    for expected in [
        "Statement of Results",
        "Zoé Lefèvre-Çelik",
        "ACC000001",
        "C1 Advanced",
        "13 June 2026",
        "193",
        "C1",
        "190",
        "186",
        "199",
        "196",
        "194",
        "Reading",
        "/verify",
        "Cambridge English Scale",
        "Date of issue",
        "Statement reference",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} in the English statement:\n{text}"
        );
    }
    // Label and value, in reading order: the grade, the date of issue (the
    // release date, so that the same results give the same bytes) and a
    // reference of the form SR-XXXXX-XXXXX.
    let words: Vec<&str> = text.split_whitespace().collect();
    let after = |label: &[&str]| {
        words
            .windows(label.len())
            .position(|w| w == label)
            .map(|i| words[i + label.len()])
    };
    assert_eq!(after(&["Grade"]), Some("B"), "{text}");
    let issued = app::server::statement::long_date(
        Locale::en,
        (chrono::Utc::now() - Duration::days(1)).date_naive(),
    );
    assert!(
        text.contains(&format!("Date of issue {issued}"))
            || words.join(" ").contains(&format!("Date of issue {issued}")),
        "{issued} in:\n{text}"
    );
    let reference = after(&["Statement", "reference"]).expect("a reference");
    assert!(
        reference.len() == 14 && reference.starts_with("SR-") && reference.as_bytes()[8] == b'-',
        "{reference}"
    );
    let french = statement::statement(
        &s.state,
        &Caller {
            locale: Locale::fr,
            ..candidate.clone()
        },
    )
    .await
    .expect("statement");
    assert_eq!(french.file_name, "releve-de-resultats-ACC000001.pdf");
    assert!(has(&french.pdf, b"/Lang(fr)"), "tagged as French");
    let text = crate::helpers::pdf_text(&french.pdf);
    for expected in [
        "Relevé de résultats",
        "Zoé Lefèvre-Çelik",
        "13 juin 2026",
        "Score global",
        "Compréhension écrite",
        "193",
        "190",
        "186",
        "199",
        "196",
        "194",
        "Mention",
        "Date de délivrance",
        "Référence du relevé",
        reference,
        "Cambridge English Scale",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} in the French statement:\n{text}"
        );
    }
    let view =
        app::server::results::results_for(&s.state, "ACC000001", s.state.settings.clock.now())
            .await
            .expect("results");
    assert!(matches!(view.outcome, Outcome::Released(_)));
}
