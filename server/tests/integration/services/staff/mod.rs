//! The centre portal's staff: invitations, the second factor, sessions,
//! and the audit log of it all.
//!
//! - `joining`: an invitation accepted once, then the app added before
//!   any portal page; how long and for whom an invitation works;
//! - `app_codes`: codes used once, recovery codes, limits on wrong
//!   passwords and codes, and how the secrets are kept;
//! - `idle_sessions`: a staff session's idle time.
//!
//! The helpers below also set up staff for the portal's other tests.

mod app_codes;
mod idle_sessions;
mod joining;

use app::domain::{CentreCode, Email, Field, StaffRole, ValidationError};
use app::i18n::Locale;
use app::server::entities::audit_entry;
use app::server::staff::audit::Actor;
use app::server::staff::{invitations, second_factor, sessions};
use app::server::{Caller, ServiceError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{STAFF_PASSWORD, totp_code};
use crate::services::support::{Services, caller};

pub async fn lyon(s: &Services) -> CentreCode {
    crate::helpers::add_centre(&s.state.db, "FR-LYON-02").await
}

/// Invites `email` to `centre` and returns the invitation link's token.
pub async fn invite(s: &Services, centre: &CentreCode, email: &str, role: StaffRole) -> String {
    let email = Email::parse(email).expect("email");
    invitations::invite(
        &s.state,
        centre,
        &email,
        role,
        Locale::fr,
        &Actor::operator(),
    )
    .await
    .expect("invited");
    s.last_link("/centre/invitation?token=").await
}

/// The code the app shows for `secret` (base 32) at the services' time,
/// `steps` steps of 30 s away.
pub fn code(s: &Services, secret: &str, steps: i64) -> String {
    totp_code(
        secret,
        s.state.settings.clock.now().timestamp() + steps * 30,
    )
}

/// A staff member invited, with a password, signed in with the password only.
pub async fn password_step(s: &Services, email: &str) -> Caller {
    let session = sessions::sign_in(&s.state, &caller(), email, STAFF_PASSWORD.to_owned())
        .await
        .expect("password accepted");
    caller().with_staff_session(&session.token)
}

/// A staff member of `centre` past both factors; returns them and their app's secret.
pub async fn signed_in_staff(s: &Services, centre: &CentreCode, email: &str) -> (Caller, String) {
    let token = invite(s, centre, email, StaffRole::Officer).await;
    invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD)
        .await
        .expect("accepted");
    let first = password_step(s, email).await;
    let secret = second_factor::enrolment(&s.state, &first)
        .await
        .expect("enrolment")
        .secret;
    let done = second_factor::second_step(&s.state, &first, &code(s, &secret, 0))
        .await
        .expect("app added");
    (caller().with_staff_session(&done.session.token), secret)
}

/// Lyon's log, oldest first.
async fn audit_actions(s: &Services) -> Vec<String> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::CentreCode.eq("FR-LYON-02"))
        .order_by_asc(audit_entry::Column::Id)
        .all(&s.state.db)
        .await
        .expect("log")
        .into_iter()
        .map(|e| e.action.name())
        .collect()
}

fn wrong_code(e: ServiceError) -> bool {
    matches!(e, ServiceError::Invalid(errors) if errors.0 == vec![(Field::Code, ValidationError::WrongCode)])
}
