//! Integration tests, each against a fresh SQLite file and a fresh
//! PostgreSQL database: the services called directly (`services/`), and
//! black-box tests of the server functions and the import over HTTP.

mod helpers;
mod maildev;
mod soft_passkey;

mod account;
mod announcements;
mod centre;
mod confirm;
mod hardening;
mod health;
mod hostile;
mod import;
mod language;
mod lockout;
mod login;
mod logs;
mod migrations;
mod outage;
mod outbox;
mod passkeys;
mod pool;
mod privacy;
mod recovery;
mod register;
mod replicas;
mod results;
mod services;
mod sessions;
mod share;
mod shutdown;
mod slow_clients;
mod smtp_stub;
mod surge;
mod throttle;
