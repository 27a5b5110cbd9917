//! Share codes: stored only as a keyed hash, verified with the family
//! name in any case or accents, and at most twenty at once.

use app::domain::{Field, ShareCode, ValidFor, ValidationError};
use app::server::entities::share_code;
use app::server::{ServiceError, share_codes, verification};
use sea_orm::EntityTrait;

use super::{input, institution, zoe};
use crate::helpers::Backend;
use crate::on_both_backends;
use crate::services::support::services;

on_both_backends!(
    a_share_code_is_stored_only_as_a_keyed_hash_and_verifies_with_the_family_name_in_any_case_or_accents,
    at_most_twenty_codes_work_at_once,
);

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
