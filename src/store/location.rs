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
}
