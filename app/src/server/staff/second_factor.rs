//! The second factor: a TOTP authenticator app (RFC 6238: six digits, 30
//! seconds, SHA-1, as every app reads it), added on the first sign-in, with
//! ten recovery codes for a lost phone, each usable once.

use anyhow::Context;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter, TransactionTrait};

use super::audit::{self, AuditAction};
use super::recovery_codes::{new_recovery_codes, use_recovery_code};
use super::secret_box;
use super::sessions::{StaffSession, guess_key, require_password_step, start};
use super::totp::{matching_step, totp};
use crate::domain::{EnrolmentView, Field, SecondFactorCode, SecondStepView, ValidationError};
use crate::server::entities::{staff, staff_session};
use crate::server::sessions::NewSession;
use crate::server::throttle::{self, Guess};
use crate::server::{AppState, Caller, ServiceError, ServiceResult};

/// What an authenticator app needs: the secret as text (to type) and as
/// an `otpauth://` address (to scan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub secret: String,
    pub otpauth_url: String,
}

/// The second step passed: the session to keep (a new id), and the
/// recovery codes to show once when the factor was just added.
#[derive(Debug)]
pub struct SecondFactorDone {
    pub session: NewSession,
    pub recovery_codes: Vec<String>,
}

/// Whether the staff member has added their authenticator app.
pub fn has_second_factor(session: &StaffSession) -> bool {
    session.staff.totp_confirmed_at.is_some()
}

/// The authenticator app to add, for a staff member between password and
/// second factor who has none yet. The same secret until it is confirmed,
/// so a page reloaded after scanning still matches the app.
///
/// # Errors
/// [`ServiceError::NotSignedIn`], [`ServiceError::NotFound`] once an app
/// was added, or [`ServiceError::Unexpected`].
pub async fn enrolment(state: &AppState, caller: &Caller) -> ServiceResult<Enrolment> {
    let session = require_password_step(state, caller).await?;
    if has_second_factor(&session) {
        return Err(ServiceError::NotFound);
    }
    let key = &state.settings.server_key;
    let member = &session.staff;
    let secret = match member
        .totp_secret
        .as_deref()
        .map(|sealed| secret_box::open(key, member.id, sealed))
    {
        Some(Ok(secret)) => secret,
        // None yet, or sealed under an earlier key: a new one.
        _ => {
            let mut secret = vec![0u8; 20];
            rand::rngs::OsRng.fill_bytes(&mut secret);
            staff::Entity::update_many()
                .col_expr(
                    staff::Column::TotpSecret,
                    Expr::value(secret_box::seal(key, member.id, &secret)?),
                )
                .filter(staff::Column::Id.eq(member.id))
                .filter(staff::Column::TotpConfirmedAt.is_null())
                .exec(&state.db)
                .await
                .context("storing the TOTP secret")?;
            secret
        }
    };
    let totp = totp(secret, &member.email)?;
    Ok(Enrolment {
        secret: totp.get_secret_base32(),
        otpauth_url: totp.get_url(),
    })
}

/// What the second step's page shows: for a staff member without an app
/// yet, the app to add (its key grouped by four for typing, and the QR
/// code of its `otpauth://` address, drawn as SVG).
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn second_step_view(state: &AppState, caller: &Caller) -> ServiceResult<SecondStepView> {
    let session = require_password_step(state, caller).await?;
    let enrolment = if has_second_factor(&session) {
        None
    } else {
        let e = enrolment(state, caller).await?;
        let qr = qrcode::QrCode::new(e.otpauth_url.as_bytes())
            .map_err(|err| anyhow::anyhow!("drawing the QR code: {err}"))?;
        let svg = qr
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build();
        let grouped: Vec<String> = e
            .secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        Some(EnrolmentView {
            secret: grouped.join(" "),
            qr_svg: svg,
        })
    };
    Ok(SecondStepView {
        email: session.staff.email,
        enrolment,
    })
}

/// The second step: a code from the app (which, the first time, adds the
/// app and gives the recovery codes) or a recovery code. The session gets
/// a new id, so one seen before the second factor opens nothing after.
///
/// # Errors
/// [`ServiceError::Invalid`] with [`ValidationError::WrongCode`] (counted
/// like a Secret Number guess), [`ServiceError::TooManyAttempts`],
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn second_step(
    state: &AppState,
    caller: &Caller,
    input: &str,
) -> ServiceResult<SecondFactorDone> {
    let session = require_password_step(state, caller).await?;
    let code = SecondFactorCode::parse(input).map_err(|e| ServiceError::invalid(Field::Code, e))?;
    let member = &session.staff;
    let attempt = throttle::attempt(
        state,
        Guess::StaffCode,
        &guess_key(&member.email),
        caller.ip.as_deref(),
    )
    .await?;
    let now = state.settings.clock.now();
    let adding = !has_second_factor(&session);
    let txn = state.db.begin().await.context("starting the second step")?;
    let accepted = match &code {
        SecondFactorCode::Totp(digits) => match matching_step(state, member, digits, now)? {
            // Only a step after the last one used: a code works once.
            Some(step) => {
                let mut update = staff::Entity::update_many()
                    .col_expr(staff::Column::TotpLastStep, Expr::value(step))
                    .filter(staff::Column::Id.eq(member.id))
                    .filter(
                        staff::Column::TotpLastStep
                            .is_null()
                            .or(staff::Column::TotpLastStep.lt(step)),
                    );
                if adding {
                    update = update.col_expr(staff::Column::TotpConfirmedAt, Expr::value(now));
                }
                update
                    .exec(&txn)
                    .await
                    .context("noting the code used")?
                    .rows_affected
                    == 1
            }
            None => false,
        },
        // Recovery codes only once an app was added (they come with it).
        SecondFactorCode::Recovery(recovery) if !adding => {
            use_recovery_code(state, &txn, member.id, recovery, now).await?
        }
        SecondFactorCode::Recovery(_) => false,
    };
    if !accepted {
        txn.rollback()
            .await
            .context("undoing a refused second step")?;
        attempt.failed(state).await?;
        tracing::info!(staff = member.id, "second-factor code refused");
        return Err(ServiceError::invalid(
            Field::Code,
            ValidationError::WrongCode,
        ));
    }
    let recovery_codes = if adding {
        new_recovery_codes(state, &txn, member.id).await?
    } else {
        Vec::new()
    };
    let actor = session.actor(caller);
    if adding {
        audit::record(
            &txn,
            &session.centre.code,
            &actor,
            AuditAction::SecondFactorAdded,
            "authenticator app",
            now,
        )
        .await?;
    }
    if matches!(code, SecondFactorCode::Recovery(_)) {
        audit::record(
            &txn,
            &session.centre.code,
            &actor,
            AuditAction::RecoveryCodeUsed,
            "",
            now,
        )
        .await?;
    }
    audit::record(
        &txn,
        &session.centre.code,
        &actor,
        AuditAction::SignedIn,
        "",
        now,
    )
    .await?;
    staff_session::Entity::delete_by_id(session.id_hash.as_str())
        .exec(&txn)
        .await
        .context("ending the password-only session")?;
    txn.commit().await.context("committing the second step")?;
    attempt.succeeded(state).await?;
    let session = start(state, member.id, Some(now)).await?;
    tracing::info!(staff = member.id, "staff member signed in");
    Ok(SecondFactorDone {
        session,
        recovery_codes,
    })
}
