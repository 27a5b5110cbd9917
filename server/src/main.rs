use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use clap::{Parser, Subcommand};
use server::config::{Config, ConfigArgs};
use server::startup::Application;

/// Results Online: candidates get their exam results online.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    config: ConfigArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Load a centre's CSV file into the database.
    Import {
        /// Language of the report: en or fr (default: from LC_ALL, LC_MESSAGES or LANG, else en).
        #[arg(long)]
        lang: Option<String>,
        #[command(subcommand)]
        what: ImportKind,
    },
    /// Show the email outbox: pending, sent, and failed messages with their last error.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxAction>,
    },
}

#[derive(Subcommand)]
enum OutboxAction {
    /// Queue every failed email again (after fixing what made it fail).
    Retry,
}

#[derive(Subcommand)]
enum ImportKind {
    /// Entries: id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at
    Entries { file: PathBuf },
    /// Results: id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english
    Results { file: PathBuf },
}

#[tokio::main]
async fn main() -> ExitCode {
    server::telemetry::init();
    // A setting that does not parse stops here, with its name and what is accepted.
    let cli = Cli::parse();
    let config = Config::from(cli.config);
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&config).await,
        Command::Import { lang, what } => import(&config, lang.as_deref(), what).await,
        Command::Outbox { action } => outbox(&config, action).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &Config) -> anyhow::Result<()> {
    let application = Application::build(config, config.site_addr).await?;
    if config.embedded_default {
        server::demo::load_if_empty(&application.state).await.context("loading demo data")?;
    }
    application.run().await
}

async fn outbox(config: &Config, action: Option<OutboxAction>) -> anyhow::Result<()> {
    use app::server::entities::outbox as row;
    use app::server::outbox::{counts, retry_failed};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let db = app::server::db::connect_and_migrate(&config.database_url, &config.pool).await?;
    if let Some(OutboxAction::Retry) = action {
        let n = retry_failed(&db, chrono::Utc::now()).await?;
        println!("Queued {n} failed email(s) again; a running server sends them within a few seconds.");
        return Ok(());
    }
    let c = counts(&db).await?;
    println!("Emails: {} pending, {} sent, {} failed", c.pending, c.sent, c.failed);
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

async fn import(config: &Config, lang: Option<&str>, what: ImportKind) -> anyhow::Result<()> {
    use app::i18n::td;
    use app::server::import::{ImportError, import_entries, import_results, rows_with_errors};
    use app::server::texts::plain;
    let locale = server::language::report_language(lang)?;
    let db = app::server::db::connect_and_migrate(&config.database_url, &config.pool).await?;
    let file = match &what {
        ImportKind::Entries { file } | ImportKind::Results { file } => file.clone(),
    };
    let name = file.display().to_string();
    let reader = std::fs::File::open(&file).with_context(|| format!("opening {name}"))?;
    let outcome = match what {
        ImportKind::Entries { .. } => import_entries(&db, reader).await.map(|n| (n, true)),
        ImportKind::Results { .. } => import_results(&db, reader).await.map(|n| (n, false)),
    };
    let (file, count) = (move || name.clone(), |n: usize| move || n.to_string());
    match outcome {
        Ok((n, true)) => println!("{}", plain(td!(locale, import.imported_entries, count = count(n), file = file.clone())())),
        Ok((n, false)) => println!("{}", plain(td!(locale, import.imported_results, count = count(n), file = file.clone())())),
        Err(ImportError::Invalid(errors)) => {
            for e in &errors {
                eprintln!("{}", e.describe(locale, &file()));
            }
            anyhow::bail!("{}", plain(td!(locale, import.invalid, count = count(rows_with_errors(&errors)), file = file.clone())()))
        }
        Err(ImportError::Failed(e)) => return Err(e),
    }
    Ok(())
}
