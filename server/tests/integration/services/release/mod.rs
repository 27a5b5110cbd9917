//! The release of results through the services: the announcements sent
//! when results are released, and candidates waiting for them.
//!
//! - `announcements`: who is told, once, at what rate, and when results
//!   arrive late;
//! - `waiting`: candidates waiting for their results: their sessions,
//!   their first look, and asks beyond the replicas' bound.

mod announcements;
mod waiting;

use crate::helpers::{import_entries, import_results};
use app::domain::CentreCode;
use app::i18n::Locale;
use app::server::entities::account;
use app::server::opening::{NewDetails, open_confirmed};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::services::support::Services;

/// `n` entries named `REL00000i` released at `release`, each with a
/// confirmed account (confirmed `confirmed`); results loaded if `results`.
pub(crate) async fn candidates(
    db: &DatabaseConnection,
    n: usize,
    release: DateTime<Utc>,
    confirmed: DateTime<Utc>,
    results: bool,
) -> Vec<String> {
    let ids: Vec<String> = (1..=n).map(|i| format!("REL{i:06}")).collect();
    let mut entries = String::from(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n",
    );
    let mut scores = String::from(
        "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n",
    );
    for id in &ids {
        entries.push_str(&format!(
            "{id},1234,Zoé,Martin,B2 First,2026-06-13,{}\n",
            release.to_rfc3339()
        ));
        scores.push_str(&format!("{id},176,B,B2,172,168,181,183,\n"));
    }
    import_entries(db, &CentreCode::default_centre(), entries.as_bytes())
        .await
        .expect("entries");
    if results {
        import_results(db, &CentreCode::default_centre(), scores.as_bytes())
            .await
            .expect("results");
    }
    for id in &ids {
        let email = format!("{}@example.fr", id.to_lowercase());
        let details = NewDetails {
            email: &email,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y".into(),
            wants_updates: false,
            language: if id.ends_with('2') {
                Locale::fr
            } else {
                Locale::en
            },
            now: confirmed,
        };
        open_confirmed(db, id, details).await.expect("account");
    }
    ids
}

/// Gives `id` the test password (the accounts above have a dummy hash).
async fn set_password(s: &Services, id: &str) {
    let hash = s
        .state
        .hasher
        .hash(secrecy::SecretString::from(crate::helpers::PASSWORD))
        .await
        .expect("hash");
    account::Entity::update_many()
        .col_expr(
            account::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .filter(account::Column::Id.eq(s.account_of(id).await.id))
        .exec(&s.state.db)
        .await
        .expect("password set");
}

async fn signed_in(s: &Services, id: &str) -> app::server::Caller {
    set_password(s, id).await;
    s.signed_in(id).await
}
