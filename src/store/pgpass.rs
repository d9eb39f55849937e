//! Where a PostgreSQL password comes from when the URL has none, as libpq looks for it:
//! `PGPASSWORD`, then the password file (`PGPASSFILE`, else `~/.pgpass`), whose lines are
//! `host:port:database:user:password`, `*` matching anything and `\` escaping `:` and `\`.
//! A password is only ever handed to the connection: never logged, never saved.

use std::path::PathBuf;

/// The password for this connection, if `PGPASSWORD` or the password file has one.
pub(crate) fn password(host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    if let Ok(p) = std::env::var("PGPASSWORD")
        && !p.is_empty()
    {
        return Some(p);
    }
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = std::fs::read_to_string(path).ok()?;
    lookup(&text, host, port, database, user)
}

/// The first line of a password file that matches.
pub(crate) fn lookup(
    text: &str,
    host: &str,
    port: u16,
    database: &str,
    user: &str,
) -> Option<String> {
    let port = port.to_string();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let fields = split(l);
            (fields.len() == 5).then_some(fields)
        })
        .find(|f| {
            let fits = |pattern: &str, value: &str| pattern == "*" || pattern == value;
            let host_fits = fits(&f[0], host)
                || (f[0] == "localhost" && (host == "127.0.0.1" || host.starts_with('/')));
            host_fits && fits(&f[1], &port) && fits(&f[2], database) && fits(&f[3], user)
        })
        .map(|f| f[4].clone())
}

fn split(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && let Some(last) = fields.last_mut()
                {
                    last.push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(last) = fields.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let file = "# comment\nother:5432:*:*:no\n*:5433:cases:ana:pa\\:ss\n*:*:*:*:fallback\n";
        assert_eq!(
            lookup(file, "db", 5433, "cases", "ana").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            lookup(file, "db", 5432, "cases", "ana").as_deref(),
            Some("fallback")
        );
        assert_eq!(lookup("x:1:2", "db", 1, "d", "u"), None);
    }
}
