//! The operator's commands besides serving: centres, staff, a centre's
//! files and the email outbox.

use std::path::PathBuf;

use anyhow::Context;
use app::server::staff::audit::Actor;
use clap::Subcommand;

use crate::config::Config;

#[derive(Subcommand)]
pub enum CentreAction {
    /// Add a centre.
    Add {
        /// Its code, e.g. FR-PARIS-01: 2 to 16 letters, digits or hyphens.
        code: String,
        /// Its name, as candidates know it.
        #[arg(long)]
        name: String,
        /// The IANA time zone its release times are set in.
        #[arg(long, default_value = "Europe/Paris")]
        time_zone: String,
    },
}

#[derive(Subcommand)]
pub enum StaffAction {
    /// Invite a staff member: emails them a link (72 hours, once) to choose a password.
    Add {
        /// Their centre's code.
        #[arg(long)]
        centre: String,
        /// Their email address.
        #[arg(long)]
        email: String,
        /// officer (loads files, looks after candidates, sets release times) or admin (also invites staff).
        #[arg(long, default_value = "officer")]
        role: String,
        /// The language of their emails: en or fr.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Subcommand)]
pub enum OutboxAction {
    /// Queue every failed email again (after fixing what made it fail).
    Retry,
}

#[derive(Subcommand)]
pub enum ImportKind {
    /// Entries: id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at
    Entries { file: PathBuf },
    /// Results: id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english
    Results { file: PathBuf },
}

pub async fn outbox(config: &Config, action: Option<OutboxAction>) -> anyhow::Result<()> {
    use app::server::entities::outbox as row;
    use app::server::outbox::{counts, retry_failed};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let db = app::server::db::connect_and_migrate(&config.database_url, &config.pool).await?;
    if let Some(OutboxAction::Retry) = action {
        let n = retry_failed(&db, chrono::Utc::now()).await?;
        println!(
            "Queued {n} failed email(s) again; a running server sends them within a few seconds."
        );
        return Ok(());
    }
    let c = counts(&db).await?;
    println!(
        "Emails: {} pending, {} sent, {} failed",
        c.pending, c.sent, c.failed
    );
    let told = app::server::release::progress(&db, chrono::Utc::now()).await?;
    println!(
        "\"Your results are available\": {} candidate(s) told, {} still to tell at up to {} a minute",
        told.told, told.waiting, config.release.emails_per_minute
    );
    let failed = row::Entity::find()
        .filter(row::Column::FailedAt.is_not_null())
        .filter(row::Column::SentAt.is_null())
        .order_by_asc(row::Column::Id)
        .all(&db)
        .await
        .context("loading failed emails")?;
    for m in &failed {
        let when = m.failed_at.map(|t| t.to_rfc3339()).unwrap_or_default();
        println!(
            "failed #{} to {} after {} tries (queued {}, gave up {}): {}",
            m.id,
            m.recipient,
            m.attempts,
            m.created_at.to_rfc3339(),
            when,
            m.last_error.as_deref().unwrap_or("?")
        );
    }
    if !failed.is_empty() {
        println!("Fix the cause, then `server outbox retry` queues them again.");
    }
    Ok(())
}

pub async fn centre(config: &Config, action: CentreAction) -> anyhow::Result<()> {
    let CentreAction::Add {
        code,
        name,
        time_zone,
    } = action;
    let code = centre_code(&code)?;
    let db = app::server::db::connect_and_migrate(&config.database_url, &config.pool).await?;
    let added = app::server::centres::add(
        &db,
        &code,
        &name,
        &time_zone,
        &Actor::operator(),
        chrono::Utc::now(),
    )
    .await?;
    println!(
        "Added centre {} ({}), release times in {}.",
        added.code, added.name, added.time_zone
    );
    Ok(())
}

pub async fn staff(config: &Config, action: StaffAction) -> anyhow::Result<()> {
    use app::domain::{Email, StaffRole};
    use app::server::ServiceError;
    use app::server::staff::invitations;
    let StaffAction::Add {
        centre,
        email,
        role,
        lang,
    } = action;
    let centre = centre_code(&centre)?;
    let address = Email::parse(&email).map_err(|e| anyhow::anyhow!("email {email:?}: {e}"))?;
    let role = StaffRole::parse(&role)
        .map_err(|_| anyhow::anyhow!("role {role:?}: use officer or admin"))?;
    let locale = crate::language::report_language(Some(&lang))?;
    let state = crate::startup::app_state(config).await?;
    match invitations::invite(&state, &centre, &address, role, locale, &Actor::operator()).await {
        Ok(invited) => {
            // Queued in the outbox: a running server sends it within seconds.
            println!(
                "Invited {} to centre {centre} as {}: the invitation is queued (see `server outbox`); its link works once, for 72 hours.",
                invited.email,
                role.as_str()
            );
            Ok(())
        }
        Err(ServiceError::NotFound) => anyhow::bail!(
            "there is no centre {centre}; add it first with `server centre add {centre} --name \"…\"`"
        ),
        Err(ServiceError::AlreadyRegistered) => {
            anyhow::bail!("{} already has a staff account", address.as_ref())
        }
        Err(e) => Err(anyhow::anyhow!(e)),
    }
}

pub fn centre_code(code: &str) -> anyhow::Result<app::domain::CentreCode> {
    app::domain::CentreCode::parse(code).map_err(|e| anyhow::anyhow!("centre code {code:?}: {e}"))
}

pub async fn import(
    config: &Config,
    lang: Option<&str>,
    centre: &str,
    what: ImportKind,
) -> anyhow::Result<()> {
    use app::domain::UploadKind;
    use app::i18n::td_string;
    use app::server::import::{ImportError, import_as_operator, rows_with_errors};
    let locale = crate::language::report_language(lang)?;
    let centre = centre_code(centre)?;
    let db = app::server::db::connect_and_migrate(&config.database_url, &config.pool).await?;
    if app::server::centres::find(&db, &centre).await?.is_none() {
        anyhow::bail!(
            "there is no centre {centre}; add it first with `server centre add {centre} --name \"…\"`"
        );
    }
    let (kind, file) = match what {
        ImportKind::Entries { file } => (UploadKind::Entries, file),
        ImportKind::Results { file } => (UploadKind::Results, file),
    };
    let name = file.display().to_string();
    let data = std::fs::read(&file).with_context(|| format!("reading {name}"))?;
    // A bar on large files (hidden anyway when stderr is not a terminal).
    let bar = indicatif::ProgressBar::hidden();
    let progress = |done: usize, total: usize| {
        if total > 500 && bar.is_hidden() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(total as u64);
        }
        bar.set_position(done as u64);
    };
    let outcome = import_as_operator(&db, &centre, kind, &data, &name, &progress).await;
    bar.finish_and_clear();
    let file = &name;
    match outcome {
        Ok(summary) if kind == UploadKind::Entries => println!(
            "{}",
            td_string!(
                locale,
                import.imported_entries,
                count = summary.rows,
                file = file
            )
        ),
        Ok(summary) => println!(
            "{}",
            td_string!(
                locale,
                import.imported_results,
                count = summary.rows,
                file = file
            )
        ),
        Err(ImportError::Invalid(errors)) => {
            for e in &errors {
                eprintln!("{}", e.describe(locale, file));
            }
            let count = rows_with_errors(&errors);
            anyhow::bail!(
                "{}",
                td_string!(locale, import.invalid, count = count, file = file)
            )
        }
        Err(ImportError::Failed(e)) => return Err(e),
    }
    Ok(())
}
