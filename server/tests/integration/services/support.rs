use app::server::entities::outbox;
use app::server::{AppState, Caller};
use sea_orm::{EntityTrait, QueryOrder};
use server::config::Config;

use crate::helpers::{
    Backend, PASSWORD, RESULTS_CSV, drop_postgres_database, entries_csv, link_token, prepare,
};

/// The services on a database of their own, with the test entries loaded.
pub struct Services {
    pub state: AppState,
    database_url: String,
    _dir: tempfile::TempDir,
    pg_database: Option<String>,
}

pub async fn services(backend: Backend) -> Services {
    services_with(backend, |_| {}).await
}

pub async fn services_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Services {
    let (config, dir, pg_database) = prepare(backend, adjust).await;
    let state = server::startup::app_state(&config)
        .await
        .expect("services start");
    crate::helpers::import_entries(
        &state.db,
        &app::domain::CentreCode::default_centre(),
        entries_csv().as_bytes(),
    )
    .await
    .expect("entries");
    crate::helpers::import_results(
        &state.db,
        &app::domain::CentreCode::default_centre(),
        RESULTS_CSV.as_bytes(),
    )
    .await
    .expect("results");
    Services {
        state,
        database_url: config.database_url,
        _dir: dir,
        pg_database,
    }
}

impl Drop for Services {
    fn drop(&mut self) {
        if let Some(name) = self.pg_database.take() {
            drop_postgres_database(name);
        }
    }
}

/// A browser at a documentation address (RFC 5737), without a session.
pub fn caller() -> Caller {
    Caller::from_ip("192.0.2.10")
}

impl Services {
    /// Where the services' database is, for a second pool on it.
    pub fn database_url(&self) -> String {
        self.database_url.clone()
    }

    /// The account holding the exam `id`.
    pub async fn account_of(&self, id: &str) -> app::server::entities::account::Model {
        app::server::exams::account_of(&self.state.db, id)
            .await
            .expect("query")
            .expect("an account holds the exam")
    }

    /// Registers `id` (password [`PASSWORD`]) and confirms its address.
    pub async fn confirmed_account(&self, id: &str, secret: &str) {
        self.confirmed_account_as(id, secret, "marie@example.fr")
            .await;
    }

    pub async fn register(
        &self,
        id: &str,
        secret: &str,
        password: &str,
    ) -> app::server::ServiceResult<app::domain::Registered> {
        self.register_as(id, secret, "marie@example.fr", password)
            .await
    }

    /// Registers `id` with the address `email` and confirms it.
    pub async fn confirmed_account_as(&self, id: &str, secret: &str, email: &str) {
        self.register_as(id, secret, email, PASSWORD)
            .await
            .expect("registered");
        let token = self.last_link("/confirm?token=").await;
        app::server::confirmation::confirm_email(&self.state, &token)
            .await
            .expect("confirmed");
    }

    pub async fn register_as(
        &self,
        id: &str,
        secret: &str,
        email: &str,
        password: &str,
    ) -> app::server::ServiceResult<app::domain::Registered> {
        let input = app::domain::RegistrationInput {
            id_number: id,
            secret_number: secret,
            email,
            password,
            confirm_password: password,
            terms_accepted: true,
            wants_updates: false,
        };
        let registration = input
            .validate()
            .map_err(app::server::ServiceError::Invalid)?;
        app::server::accounts::register_candidate(&self.state, &caller(), registration).await
    }

    /// A caller signed in to `id` with [`PASSWORD`].
    pub async fn signed_in(&self, id: &str) -> Caller {
        let session =
            app::server::sessions::log_in(&self.state, &caller(), id, PASSWORD.to_owned())
                .await
                .expect("logged in");
        caller().with_session(&session.token)
    }

    /// The newest queued email.
    pub async fn last_email(&self) -> outbox::Model {
        outbox::Entity::find()
            .order_by_desc(outbox::Column::Id)
            .one(&self.state.db)
            .await
            .expect("outbox")
            .expect("an email was queued")
    }

    /// The token of the link to `path_and_query` in the newest queued email.
    pub async fn last_link(&self, path_and_query: &str) -> String {
        link_token(&self.last_email().await.text_body, path_and_query)
    }
}
