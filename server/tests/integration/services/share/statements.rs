//! Codes and statements wait for the release; the statement holds the
//! accented name and every score, in the candidate's language.

use app::domain::{Outcome, ValidFor};
use app::i18n::Locale;
use app::server::entities::share_code;
use app::server::{Caller, ServiceError, share_codes, statement, verification};
use chrono::Duration;
use sea_orm::EntityTrait;

use super::{input, institution, zoe};
use crate::helpers::Backend;
use crate::on_both_backends;
use crate::services::support::{caller, services};

on_both_backends!(
    codes_and_statements_wait_for_the_release_and_a_code_is_revoked_only_by_its_owner,
    the_statement_holds_the_accented_name_and_every_score_in_the_candidates_language_and_is_the_same_twice,
);

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
