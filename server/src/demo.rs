//! Demo data for a fresh checkout: loaded into an empty embedded database so
//! that a newcomer can log in at once and also try registering.

use anyhow::Context;
use app::domain::UploadKind;
use app::server::AppState;
use app::server::entities::entry;
use app::server::import::import_as_operator;
use app::server::opening::{NewDetails, open_confirmed};
use chrono::{Duration, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};
use secrecy::SecretString;

/// The password of the demo accounts (8+ characters, 2+ digits).
pub const DEMO_PASSWORD: &str = "results2026";

/// Loads demo candidates if there are no entries yet.
///
/// # Errors
/// When the database or the hasher fails.
pub async fn load_if_empty(state: &AppState) -> anyhow::Result<()> {
    if entry::Entity::find()
        .count(&state.db)
        .await
        .context("counting entries")?
        > 0
    {
        return Ok(());
    }
    let now = Utc::now();
    let released = (now - Duration::days(1)).to_rfc3339();
    let pending = (now + Duration::days(2)).to_rfc3339();
    let sat = (now - Duration::days(30)).format("%Y-%m-%d").to_string();
    let entries = format!(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
         DEM000001,1111,Camille,Martin,B2 First,{sat},{released}\n\
         DEM000002,2222,Lucas,Bernard,C1 Advanced,{sat},{pending}\n\
         DEM000003,3333,Léa,Dubois,B2 First,{sat},{released}\n"
    );
    let results = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n\
                   DEM000001,176,B,B2,172,168,181,183,\n\
                   DEM000002,195,B,C1,190,188,201,199,197\n\
                   DEM000003,162,C,B1,158,160,165,167,\n";
    let centre = app::domain::CentreCode::default_centre();
    for (kind, file) in [
        (UploadKind::Entries, entries.as_bytes()),
        (UploadKind::Results, results.as_bytes()),
    ] {
        import_as_operator(&state.db, &centre, kind, file, "demo data", &|_, _| {})
            .await
            .map_err(|e| anyhow::anyhow!("demo {kind:?}: {e}"))?;
    }
    for (id, email) in [
        ("DEM000001", "camille.martin@example.com"),
        ("DEM000002", "lucas.bernard@example.com"),
    ] {
        let hash = state.hasher.hash(SecretString::from(DEMO_PASSWORD)).await?;
        let details = NewDetails {
            email,
            password_hash: hash,
            wants_updates: false,
            language: app::i18n::Locale::en,
            now,
        };
        open_confirmed(&state.db, id, details)
            .await
            .context("inserting a demo account")?;
    }
    tracing::info!(
        "demo data loaded. Log in at {url}/login with ID Number DEM000001 (results released) or DEM000002 \
         (results not yet released), password {DEMO_PASSWORD}. To try registering, use ID Number DEM000003 with \
         Secret Number 3333: the confirmation link is printed in this log.",
        url = state.settings.public_url
    );
    Ok(())
}
