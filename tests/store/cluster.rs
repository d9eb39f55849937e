//! A throwaway PostgreSQL cluster for the store's tests: Debian's server binaries, a
//! temporary directory, an unprivileged user (PostgreSQL refuses to run as root, so a root
//! test run starts it as `nobody` through `setpriv`), a free port on 127.0.0.1, TLS with a
//! self-signed certificate, and a password for its superuser. It is stopped when dropped.
//!
//! Where the binaries are missing the tests say so and how to install them; with
//! `RELMAP_REQUIRE_POSTGRES=1` (which `.ci/run` sets) that is a failure instead, so CI can
//! never skip them.

#![allow(dead_code)]

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const ADMIN: &str = "relmap_admin";
pub const PASSWORD: &str = "s3cret-test-Pa55";
/// A role that connects from 127.0.0.1 without a password (pg_hba `trust`), for what must
/// reach the server from a URL that carries none.
pub const TRUSTED: &str = "relmap_trusted";

pub struct Cluster {
    pub bin: PathBuf,
    pub dir: tempfile::TempDir,
    pub port: u16,
    /// The user the server runs as, when the tests run as root.
    run_as: Option<(u32, u32)>,
    databases: AtomicUsize,
}

/// Where the server binaries are: `RELMAP_PG_BIN`, else Debian's PostgreSQL 15.
pub fn bin_dir() -> PathBuf {
    std::env::var_os("RELMAP_PG_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/postgresql/15/bin"))
}

/// Why the tests cannot run here, if they cannot.
pub fn missing() -> Option<String> {
    let bin = bin_dir();
    let needed = ["initdb", "pg_ctl", "postgres"];
    let absent: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|b| !bin.join(b).exists())
        .collect();
    if absent.is_empty() {
        let trgm = Path::new("/usr/share/postgresql/15/extension/pg_trgm.control");
        if std::env::var_os("RELMAP_PG_BIN").is_none() && !trgm.exists() {
            return Some(format!(
                "PostgreSQL's contrib extensions (pg_trgm) are not installed ({} is missing). \
                 Install them with: apt-get install -y postgresql-15 postgresql-contrib",
                trgm.display()
            ));
        }
        return None;
    }
    Some(format!(
        "the PostgreSQL server binaries ({}) are not in {}. Install them with: \
         apt-get install -y postgresql-15 postgresql-contrib (or set RELMAP_PG_BIN)",
        absent.join(", "),
        bin.display()
    ))
}

/// Whether a missing server must fail the run (CI) rather than be reported and skipped.
pub fn required() -> bool {
    std::env::var("RELMAP_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
    l.local_addr().expect("the port").port()
}

impl Cluster {
    /// Makes and starts a cluster.
    pub fn start() -> Cluster {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("relmap-pg-")
            .tempdir()
            .expect("a temporary directory");
        let root = std::fs::metadata("/proc/self")
            .map(|m| m.uid())
            .unwrap_or(1)
            == 0;
        let run_as = root.then_some((65534, 65534));
        if let Some((uid, gid)) = run_as {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).expect("chown");
        }
        let c = Cluster {
            bin,
            dir,
            port: free_port(),
            run_as,
            databases: AtomicUsize::new(0),
        };
        let pwfile = c.dir.path().join("pw");
        std::fs::write(&pwfile, PASSWORD).expect("password file");
        c.own(&pwfile);
        c.run(
            "initdb",
            &[
                "-D",
                c.data().to_str().unwrap(),
                "-U",
                ADMIN,
                "--pwfile",
                pwfile.to_str().unwrap(),
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        c.make_certificate();
        // Connections by the role tls_only must use TLS: the TLS test relies on it. The role
        // TRUSTED needs no password: a recovery copy names its server without one.
        let hba = c.data().join("pg_hba.conf");
        let old = std::fs::read_to_string(&hba).expect("pg_hba.conf");
        std::fs::write(
            &hba,
            format!(
                "hostssl all tls_only 127.0.0.1/32 scram-sha-256\n\
                 host all tls_only 127.0.0.1/32 reject\n\
                 host all {TRUSTED} 127.0.0.1/32 trust\n{old}"
            ),
        )
        .expect("pg_hba.conf");
        let conf = c.data().join("postgresql.conf");
        let mut settings = std::fs::read_to_string(&conf).expect("postgresql.conf");
        settings.push_str(&format!(
            "\nport = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             ssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\nfsync = off\n\
             max_connections = 200\n",
            c.port,
            c.dir.path().display(),
            c.dir.path().join("server.crt").display(),
            c.dir.path().join("server.key").display(),
        ));
        std::fs::write(&conf, settings).expect("postgresql.conf");
        c.start_server();
        c
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn own(&self, path: &Path) {
        if let Some((uid, gid)) = self.run_as {
            std::os::unix::fs::chown(path, Some(uid), Some(gid)).expect("chown");
        }
    }

    fn make_certificate(&self) {
        let d = self.dir.path();
        let out = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-keyout",
            ])
            .arg(d.join("server.key"))
            .arg("-out")
            .arg(d.join("server.crt"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("openssl (apt-get install -y openssl) makes the test certificate");
        assert!(
            out.status.success(),
            "openssl: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        use std::os::unix::fs::PermissionsExt;
        for f in ["server.key", "server.crt"] {
            let p = d.join(f);
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).expect("chmod");
            self.own(&p);
        }
    }

    /// Runs one of the server's programs as the cluster's user, and fails on an error.
    pub fn run(&self, program: &str, args: &[&str]) {
        let status = self.command(program, args).status().expect(program);
        assert!(status.success(), "{program} {args:?} failed");
    }

    pub fn command(&self, program: &str, args: &[&str]) -> Command {
        let exe = self.bin.join(program);
        let mut cmd = match self.run_as {
            Some((uid, gid)) => {
                let mut c = Command::new("setpriv");
                c.args([
                    &format!("--reuid={uid}"),
                    &format!("--regid={gid}"),
                    "--clear-groups",
                    "--",
                ]);
                c.arg(exe);
                c
            }
            None => Command::new(exe),
        };
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_remove("PGPASSWORD");
        cmd.stdout(Stdio::null());
        cmd
    }

    pub fn start_server(&self) {
        let log = self.dir.path().join("server.log");
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
    }

    /// Stops the server at once, as a crash would (`pg_ctl stop -m immediate`).
    pub fn crash(&self) {
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }

    /// A URL for the admin role on `database`.
    pub fn url(&self, database: &str) -> String {
        self.url_as(ADMIN, PASSWORD, database)
    }

    pub fn url_as(&self, user: &str, password: &str, database: &str) -> String {
        format!(
            "postgres://{user}:{password}@127.0.0.1:{}/{database}",
            self.port
        )
    }

    /// An administrative connection to `database`.
    pub fn admin(&self, database: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(database), postgres::NoTls)
            .expect("an admin connection")
    }

    /// A new, empty database owned by [`TRUSTED`], and a URL for it that carries no password.
    pub fn trusted_database(&self, name: &str) -> String {
        let url = self.database(name);
        let db = url.rsplit('/').next().unwrap_or_default().to_owned();
        self.admin("postgres")
            .batch_execute(&format!(
                "DO $$ BEGIN CREATE ROLE {TRUSTED} LOGIN; \
                 EXCEPTION WHEN duplicate_object THEN NULL; END $$; \
                 ALTER DATABASE {db} OWNER TO {TRUSTED};"
            ))
            .expect("a trusted role");
        format!("postgres://{TRUSTED}@127.0.0.1:{}/{db}", self.port)
    }

    /// A new, empty database, and a URL for it.
    pub fn database(&self, name: &str) -> String {
        let n = self.databases.fetch_add(1, Ordering::SeqCst);
        let db = format!("{name}_{n}");
        self.admin("postgres")
            .batch_execute(&format!("CREATE DATABASE {db}"))
            .expect("CREATE DATABASE");
        self.url(&db)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .command(
                "pg_ctl",
                &[
                    "-D",
                    self.data().to_str().unwrap_or(""),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ],
            )
            .stderr(Stdio::null())
            .status();
    }
}
