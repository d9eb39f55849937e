//! Connecting to the server: the URL, the password from `PGPASSWORD` or `~/.pgpass`, TLS as
//! the URL's `sslmode` asks, and how a server's error becomes the store's.

use std::str::FromStr;

use postgres::Config;
use postgres::error::SqlState;

use super::Postgres;
use crate::store::engine::Recorder;
use crate::store::{ErrorKind, Result, StoreError};

/// A database error as the store reports it: what was being done, and what the server said.
pub(crate) fn failure(location: &str, what: &str, e: &postgres::Error) -> StoreError {
    let code = e.code();
    let io = std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>());
    let kind = if e.is_closed() || io {
        ErrorKind::Lost
    } else if code == Some(&SqlState::INSUFFICIENT_PRIVILEGE)
        || code == Some(&SqlState::READ_ONLY_SQL_TRANSACTION)
    {
        ErrorKind::ReadOnly
    } else {
        ErrorKind::Database
    };
    let said = match e.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => e.to_string(),
    };
    let message = match kind {
        ErrorKind::ReadOnly => format!(
            "{what}: this database role may only read the store ({said}); search, expand and \
             export work, writing needs a role with write access"
        ),
        ErrorKind::Lost => format!(
            "{what}: the connection to the server was lost ({said}); nothing of this work was \
             written"
        ),
        _ => format!("{what}: {said}"),
    };
    StoreError::new(location, kind, message)
}

impl Postgres {
    pub fn connect(url: &str, location: &str) -> Result<Postgres> {
        let refuse = |m: String| StoreError::new(location, ErrorKind::Connect, m);
        let mut config =
            Config::from_str(url).map_err(|e| refuse(format!("not a PostgreSQL URL: {e}")))?;
        if config.get_user().is_none() {
            let user = std::env::var("PGUSER")
                .or_else(|_| std::env::var("USER"))
                .unwrap_or_else(|_| "postgres".to_owned());
            config.user(&user);
        }
        if config.get_password().is_none() {
            let host = match config.get_hosts().first() {
                Some(postgres::config::Host::Tcp(h)) => h.clone(),
                Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
                None => "localhost".to_owned(),
            };
            let port = config.get_ports().first().copied().unwrap_or(5432);
            let user = config.get_user().unwrap_or_default().to_owned();
            let db = config.get_dbname().unwrap_or(&user).to_owned();
            if let Some(p) = crate::store::pgpass::password(&host, port, &db, &user) {
                config.password(p);
            }
        }
        config.application_name("relmap");
        let tls = tls_connector().map_err(refuse)?;
        let no_password = config.get_password().is_none();
        let mut client = config.connect(tls).map_err(|e| {
            let said = match e.as_db_error() {
                Some(db) => db.message().to_owned(),
                None => e.to_string(),
            };
            // The client refuses before asking when the server wants a password it has none
            // for; say where one may come from.
            let hint = if no_password && e.as_db_error().is_none() {
                "; if the server asks for a password, give it in the URL, in PGPASSWORD or in \
                 ~/.pgpass"
            } else {
                ""
            };
            refuse(format!("cannot connect: {said}{hint}"))
        })?;
        // Misspelt names share few trigrams with the right one: a low threshold finds them,
        // and the store's own ranking orders what is found (search.rs).
        client
            .batch_execute("SET pg_trgm.word_similarity_threshold = 0.3")
            .map_err(|e| failure(location, "cannot set up the session", &e))?;
        Ok(Postgres {
            client,
            config,
            location: location.to_owned(),
            recorder: Recorder::default(),
            words: true,
        })
    }
}

pub(super) fn tls_connector() -> Result<postgres_native_tls::MakeTlsConnector, String> {
    let mut builder = native_tls::TlsConnector::builder();
    match std::env::var_os("PGSSLROOTCERT") {
        Some(path) => {
            let pem = std::fs::read(&path)
                .map_err(|e| format!("cannot read PGSSLROOTCERT {}: {e}", path.display()))?;
            let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
                format!("PGSSLROOTCERT {} is not a certificate: {e}", path.display())
            })?;
            builder.add_root_certificate(cert);
            // libpq's verify-ca: the certificate must come from this CA, whatever the host's
            // name.
            builder.danger_accept_invalid_hostnames(true);
        }
        None => {
            // libpq's `require` without a root certificate: encrypted, not verified.
            builder.danger_accept_invalid_certs(true);
        }
    }
    let connector = builder
        .build()
        .map_err(|e| format!("cannot set up TLS: {e}"))?;
    Ok(postgres_native_tls::MakeTlsConnector::new(connector))
}
