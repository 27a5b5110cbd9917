//! A staff session ends after fifteen idle minutes.

use app::server::ServiceError;
use app::server::staff::sessions;
use chrono::Duration;

use super::{lyon, signed_in_staff};
use crate::helpers::Backend;
use crate::on_both_backends;
use crate::services::support::services;

on_both_backends!(a_staff_session_ends_after_fifteen_idle_minutes);

async fn a_staff_session_ends_after_fifteen_idle_minutes(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let (portal, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    s.state.settings.clock.advance(Duration::minutes(14));
    sessions::require_staff(&s.state, &portal)
        .await
        .expect("14 idle minutes: still signed in");
    s.state.settings.clock.advance(Duration::minutes(14));
    sessions::require_staff(&s.state, &portal)
        .await
        .expect("the last request counted as activity");
    s.state.settings.clock.advance(Duration::minutes(15));
    assert!(matches!(
        sessions::require_staff(&s.state, &portal).await,
        Err(ServiceError::NotSignedIn)
    ));
}
