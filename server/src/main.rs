use std::process::ExitCode;

use anyhow::Context;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

use server::commands::{
    CentreAction, ImportKind, OutboxAction, StaffAction, centre, import, outbox, staff,
};
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
        /// The centre whose candidates these are (see `server centre add`).
        #[arg(long, default_value = app::domain::DEFAULT_CENTRE)]
        centre: String,
        #[command(subcommand)]
        what: ImportKind,
    },
    /// Manage centres: each loads its own candidates and sets their release times.
    Centre {
        #[command(subcommand)]
        action: CentreAction,
    },
    /// Manage a centre's staff: they use the centre portal at /centre.
    Staff {
        #[command(subcommand)]
        action: StaffAction,
    },
    /// Show the email outbox: pending, sent, and failed messages with their last error.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxAction>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    server::telemetry::init();
    // A setting that does not parse stops here, with its name and what is accepted.
    let cli = Cli::parse();
    let config = Config::from(cli.config);
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&config).await,
        Command::Import { lang, centre, what } => {
            import(&config, lang.as_deref(), &centre, what).await
        }
        Command::Centre { action } => centre(&config, action).await,
        Command::Staff { action } => staff(&config, action).await,
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
        server::demo::load_if_empty(&application.state)
            .await
            .context("loading demo data")?;
    }
    application.run().await
}
