//! `LISTEN`/`NOTIFY` on the change log: every transaction that writes the log notifies
//! [`CHANNEL`] with its case's number when it commits (tx.rs), and a window watching that case
//! keeps a second connection listening, so a colleague's save is read at once rather than at
//! the next turn of a timer. NOTIFY runs on the coordinator under Citus, where the log is
//! written, so it holds there too.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;

use super::Postgres;
use super::connect::tls_connector;
use crate::store::engine::{Listening, Poke};
use crate::store::{ErrorKind, Result, StoreError};

/// The channel every change is announced on; the payload is the case's number.
pub(super) const CHANNEL: &str = "relmap_changes";

/// How long the listener waits for a notification before it looks whether it should stop.
const TURN: Duration = Duration::from_millis(250);
/// How long it waits before it connects again after losing the server.
const AGAIN: Duration = Duration::from_secs(1);

impl Postgres {
    pub(super) fn start_listening(&mut self, case: i64, poke: Poke) -> Result<Option<Listening>> {
        let tls =
            tls_connector().map_err(|m| StoreError::new(&self.location, ErrorKind::Connect, m))?;
        let stop = Arc::new(AtomicBool::new(false));
        let live = Arc::new(AtomicBool::new(false));
        let (config, payload) = (self.config.clone(), case.to_string());
        let (stopped, living) = (stop.clone(), live.clone());
        std::thread::Builder::new()
            .name("relmap-listen".into())
            .spawn(move || {
                while !stopped.load(Ordering::SeqCst) {
                    if let Ok(mut client) = config.connect(tls.clone())
                        && client.batch_execute(&format!("LISTEN {CHANNEL}")).is_ok()
                    {
                        living.store(true, Ordering::SeqCst);
                        // What was committed while no one listened is read now.
                        poke();
                        listen(&mut client, &payload, &poke, &stopped);
                        living.store(false, Ordering::SeqCst);
                    }
                    if !stopped.load(Ordering::SeqCst) {
                        std::thread::sleep(AGAIN);
                    }
                }
            })
            .map_err(|e| {
                StoreError::new(
                    &self.location,
                    ErrorKind::Connect,
                    format!("cannot start listening for changes: {e}"),
                )
            })?;
        Ok(Some(Listening { stop, live }))
    }
}

/// Pokes once for each batch of notifications about `payload`'s case, until told to stop or
/// the connection is lost.
fn listen(client: &mut postgres::Client, payload: &str, poke: &Poke, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) && !client.is_closed() {
        let mut notes = client.notifications();
        let mut ours = match notes.timeout_iter(TURN).next() {
            Ok(Some(note)) => note.payload() == payload,
            Ok(None) => false,
            Err(_) => return,
        };
        // The rest of a burst is taken without waiting, and pokes once.
        let mut rest = notes.iter();
        loop {
            match rest.next() {
                Ok(Some(note)) => ours |= note.payload() == payload,
                Ok(None) => break,
                Err(_) => return,
            }
        }
        if ours {
            poke();
        }
    }
}
