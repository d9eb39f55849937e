//! Where a store is: a SQLite file, or a PostgreSQL server named by a URL. A URL's password is
//! never shown: messages and logs name the store by [`Location::display`].

use std::path::PathBuf;

/// A store's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file (`case.relmap.db`).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/db?sslmode=require`). The
    /// password may be in it, or come from `PGPASSWORD` or `~/.pgpass`.
    Postgres(String),
}

impl Location {
    /// A `postgres://` or `postgresql://` URL is a server; anything else is a file path.
    pub fn parse(text: &str) -> Location {
        let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Location::Postgres(text.to_owned())
        } else {
            Location::Sqlite(PathBuf::from(text))
        }
    }

    /// The store as messages name it: the path, or the URL with any password replaced by
    /// `***`.
    pub fn display(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => without_password(url),
        }
    }

    /// The store as it may be kept in settings and opened again from them: the path, or the
    /// URL with no password at all (it comes from `PGPASSWORD` or `~/.pgpass` next time).
    pub fn to_keep(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => {
                let shown = without_password(url);
                let (head, query) = match shown.split_once('?') {
                    Some((h, q)) => (h.to_owned(), Some(q.to_owned())),
                    None => (shown.clone(), None),
                };
                let head = head.replacen(":***@", "@", 1);
                let query: Vec<&str> = query
                    .as_deref()
                    .unwrap_or("")
                    .split('&')
                    .filter(|p| !p.is_empty() && !p.to_ascii_lowercase().starts_with("password="))
                    .collect();
                if query.is_empty() {
                    head
                } else {
                    format!("{head}?{}", query.join("&"))
                }
            }
        }
    }
}

/// A PostgreSQL server as the connection form gives it, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// Empty: none given here, so `PGPASSWORD` or `~/.pgpass` may give one.
    pub password: String,
    /// libpq's `sslmode`: `disable`, `prefer` or `require`.
    pub tls: Tls,
}

/// How the connection is encrypted (libpq's `sslmode`, as far as the client supports it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tls {
    Disable,
    #[default]
    Prefer,
    Require,
}

impl Tls {
    pub const ALL: [Tls; 3] = [Tls::Disable, Tls::Prefer, Tls::Require];

    pub fn sslmode(self) -> &'static str {
        match self {
            Tls::Disable => "disable",
            Tls::Prefer => "prefer",
            Tls::Require => "require",
        }
    }

    /// What the form says of it.
    pub fn label(self) -> &'static str {
        match self {
            Tls::Disable => "off",
            Tls::Prefer => "when the server offers it",
            Tls::Require => "required",
        }
    }
}

/// Everything but letters, digits and `-._~` is escaped in a URL's parts, so a password or a
/// user with `@`, `:` or `/` in it cannot change what the URL means.
const PART: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl Server {
    /// The connection URL: `postgres://user:password@host:port/database?sslmode=…`, each part
    /// escaped. It holds the password, so it is shown and kept only through [`Location`].
    pub fn url(&self) -> String {
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, PART).to_string();
        let user = enc(self.user.trim());
        let auth = match (user.is_empty(), self.password.is_empty()) {
            (true, _) => String::new(),
            (false, true) => format!("{user}@"),
            (false, false) => format!("{user}:{}@", enc(&self.password)),
        };
        let host = self.host.trim();
        // An IPv6 address needs its brackets in a URL.
        let host = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]")
        } else if host.is_empty() {
            "localhost".to_owned()
        } else {
            host.to_owned()
        };
        format!(
            "postgres://{auth}{host}:{}/{}?sslmode={}",
            self.port,
            enc(self.database.trim()),
            self.tls.sslmode()
        )
    }
}

/// Whether `path` is a case store rather than a map: a SQLite database by its first bytes,
/// or, when it cannot be read, a name ending `.relmap.db`.
pub fn is_store_file(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    match std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)) {
        Ok(()) => &head == b"SQLite format 3\0",
        Err(_) => path.to_string_lossy().ends_with(".relmap.db"),
    }
}

/// `url` with the password of its `user:password@` part, and any `password=` parameter,
/// replaced by `***`.
pub fn without_password(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (authority_end, _) = rest
        .char_indices()
        .find(|&(_, c)| c == '/' || c == '?')
        .unwrap_or((rest.len(), ' '));
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => pair.to_owned(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_owned(),
    };
    if scheme.is_empty() {
        format!("{authority}{tail}")
    } else {
        format!("{scheme}://{authority}{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_servers_and_the_rest_files() {
        assert!(matches!(
            Location::parse("postgres://a@h/db"),
            Location::Postgres(_)
        ));
        assert!(matches!(
            Location::parse("PostgreSQL://a@h/db"),
            Location::Postgres(_)
        ));
        assert!(matches!(
            Location::parse("case.relmap.db"),
            Location::Sqlite(_)
        ));
    }

    #[test]
    fn passwords_are_never_shown() {
        let shown = without_password("postgres://ana:s3cret@db.example:5432/cases?sslmode=require");
        assert_eq!(
            shown,
            "postgres://ana:***@db.example:5432/cases?sslmode=require"
        );
        let shown = without_password("postgres://ana@h/db?password=s3cret&sslmode=require");
        assert_eq!(shown, "postgres://ana@h/db?password=***&sslmode=require");
        assert!(!without_password("postgres://a:p%40ss@h/db").contains("p%40ss"));
    }

    #[test]
    fn a_server_from_the_form_is_one_url_whatever_its_parts_hold() {
        let server = Server {
            host: "db.example".into(),
            port: 5433,
            database: "cases 2026".into(),
            user: "ana".into(),
            password: "p@ss:w/rd?".into(),
            tls: Tls::Require,
        };
        let url = server.url();
        assert_eq!(
            url,
            "postgres://ana:p%40ss%3Aw%2Frd%3F@db.example:5433/cases%202026?sslmode=require"
        );
        let config: postgres::Config = url.parse().expect("the client reads the URL");
        assert_eq!(config.get_password(), Some(&b"p@ss:w/rd?"[..]));
        assert_eq!(config.get_dbname(), Some("cases 2026"));
        assert_eq!(config.get_ports(), &[5433]);
        let kept = Location::parse(&url).to_keep();
        assert_eq!(
            kept,
            "postgres://ana@db.example:5433/cases%202026?sslmode=require"
        );
        let no_password = Server {
            password: String::new(),
            host: "::1".into(),
            tls: Tls::Disable,
            ..server
        };
        assert_eq!(
            no_password.url(),
            "postgres://ana@[::1]:5433/cases%202026?sslmode=disable"
        );
    }

    #[test]
    fn what_is_kept_has_no_password() {
        let kept =
            Location::parse("postgres://ana:s3cret@db:5432/cases?password=x&sslmode=require")
                .to_keep();
        assert_eq!(kept, "postgres://ana@db:5432/cases?sslmode=require");
        assert_eq!(
            Location::parse("postgres://ana@db/c").to_keep(),
            "postgres://ana@db/c"
        );
        assert_eq!(Location::parse("c.relmap.db").to_keep(), "c.relmap.db");
    }
}
