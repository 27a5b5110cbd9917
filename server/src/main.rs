use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use server::config::Config;
use server::startup::Application;

/// Results Online: candidates get their exam results online.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Load a centre's CSV file into the database.
    Import {
        #[command(subcommand)]
        what: ImportKind,
    },
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
    let cli = Cli::parse();
    let config = Config::from_env();
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&config).await,
        Command::Import { what } => import(&config, what).await,
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
    let addr: SocketAddr = server::startup::leptos_options("127.0.0.1:3000".parse()?).site_addr;
    let application = Application::build(config, addr).await?;
    if config.embedded_default {
        server::demo::load_if_empty(&application.state).await.context("loading demo data")?;
    }
    application.run().await
}

async fn import(config: &Config, what: ImportKind) -> anyhow::Result<()> {
    use app::server::import::{ImportError, import_entries, import_results};
    let db = app::server::db::connect_and_migrate(&config.database_url).await?;
    let (kind, file) = match &what {
        ImportKind::Entries { file } => ("entries", file),
        ImportKind::Results { file } => ("results", file),
    };
    let reader = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let outcome = match what {
        ImportKind::Entries { .. } => import_entries(&db, reader).await,
        ImportKind::Results { .. } => import_results(&db, reader).await,
    };
    match outcome {
        Ok(n) => {
            println!("imported {n} {kind} from {}", file.display());
            Ok(())
        }
        Err(ImportError::Invalid(errors)) => {
            for e in &errors {
                eprintln!("{}:{e}", file.display());
            }
            anyhow::bail!("{} invalid row(s) in {}; nothing was imported", errors.len(), file.display())
        }
        Err(ImportError::Failed(e)) => Err(e),
    }
}
