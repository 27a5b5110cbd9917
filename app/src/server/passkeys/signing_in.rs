//! Signing in with a passkey, from the login page.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, PublicKeyCredential, RequestChallengeResponse, WebauthnError,
};

use super::ceremony::{Begun, claim_ceremony, relying_party, store_ceremony};
use super::list::stored_passkey;
use crate::server::entities::passkey_ceremony::Ceremony;
use crate::server::entities::{account, passkey};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::sessions::{NewSession, end_session, start_session};
use crate::server::throttle::{self};
use crate::server::{AppState, Caller};

/// Begins a sign-in with a passkey: options asking the browser for any
/// passkey of this site. Counted against the client address until it
/// succeeds.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`], [`ServiceError::NotFound`] when this
/// site cannot offer passkeys, or [`ServiceError::Unexpected`].
pub async fn begin_sign_in(
    state: &AppState,
    caller: &Caller,
) -> ServiceResult<Begun<RequestChallengeResponse>> {
    let webauthn = relying_party(state)?;
    let (mut options, authentication) = webauthn
        .start_discoverable_authentication()
        .map_err(|e| anyhow::anyhow!("starting a passkey sign-in: {e}"))?;
    // A button the candidate pressed, not the autofill prompt webauthn-rs
    // asks for by default.
    options.mediation = None;
    let ceremony = store_ceremony(state, caller, Ceremony::SignIn, None, &authentication).await?;
    Ok(Begun { ceremony, options })
}

/// Finishes a sign-in with a passkey: the answer must be signed by a
/// passkey on an account, for this ceremony's challenge, with the user
/// verified and a sign count that went up. Then the same as a password
/// sign-in: a confirmed address is required, the caller's old session ends
/// and a new one starts.
///
/// # Errors
/// [`ServiceError::CredentialsRejected`] for anything that does not verify
/// (unknown or removed passkey, replayed or expired ceremony, wrong origin,
/// sign-count regression: each is logged), [`ServiceError::EmailNotConfirmed`],
/// [`ServiceError::NotFound`] or [`ServiceError::Unexpected`].
pub async fn finish_sign_in(
    state: &AppState,
    caller: &Caller,
    ceremony: &str,
    answer: &PublicKeyCredential,
) -> ServiceResult<NewSession> {
    let webauthn = relying_party(state)?;
    let Some((authentication, attempt)) =
        claim_ceremony::<DiscoverableAuthentication>(state, ceremony, Ceremony::SignIn, None)
            .await?
    else {
        tracing::info!("passkey sign-in refused: no such ceremony (used or expired)");
        return Err(ServiceError::CredentialsRejected);
    };
    let Ok((handle, credential_id)) = webauthn.identify_discoverable_authentication(answer) else {
        tracing::info!("passkey sign-in refused: the answer names no user");
        return Err(ServiceError::CredentialsRejected);
    };
    let found = passkey::Entity::find()
        .filter(passkey::Column::CredentialId.eq(hex::encode(credential_id)))
        .one(&state.db)
        .await
        .context("loading the passkey")?;
    let Some(found) = found.filter(|p| p.user_handle == handle.to_string()) else {
        tracing::warn!(credential = %hex::encode(credential_id), "passkey sign-in refused: unknown passkey (never added, or removed)");
        return Err(ServiceError::CredentialsRejected);
    };
    let mut stored = stored_passkey(&found)?;
    let result = match webauthn.finish_discoverable_authentication_v2(
        answer,
        authentication,
        &stored,
    ) {
        Ok(result) => result,
        Err(WebauthnError::CredentialPossibleCompromise) => {
            tracing::warn!(account = %found.account_id, passkey = found.id, "passkey sign-in refused: its sign count went backwards (a cloned authenticator?)");
            return Err(ServiceError::CredentialsRejected);
        }
        Err(e) => {
            tracing::warn!(account = %found.account_id, passkey = found.id, error = %e, "passkey sign-in refused: the answer did not verify");
            return Err(ServiceError::CredentialsRejected);
        }
    };
    let account = account::Entity::find_by_id(found.account_id)
        .one(&state.db)
        .await
        .context("loading the account")?;
    let Some(account) = account else {
        return Err(ServiceError::CredentialsRejected);
    };
    if account.email_confirmed_at.is_none() {
        return Err(ServiceError::EmailNotConfirmed);
    }
    stored.update_credential(&result);
    let now = state.settings.clock.now();
    passkey::Entity::update_many()
        .col_expr(
            passkey::Column::Credential,
            Expr::value(serde_json::to_string(&stored).context("writing the passkey")?),
        )
        .col_expr(passkey::Column::LastUsedAt, Expr::value(now))
        .filter(passkey::Column::Id.eq(found.id))
        .exec(&state.db)
        .await
        .context("noting the passkey's use")?;
    if let Some(row) = attempt {
        throttle::take_back(&state.db, row).await?;
    }
    end_session(state, caller).await?;
    tracing::info!(account = %account.id, passkey = found.id, "signed in with a passkey");
    start_session(state, caller, account.id).await
}
