//! Numbers about the map that take a moment to compute (degree, components, betweenness),
//! kept until the map's structure changes; betweenness of a large map on another thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use crate::model::Document;
use crate::query::Adjacency;

/// Maps up to this much work (entities × relations) get their betweenness at once, on the UI
/// thread; larger ones in the background.
const INLINE_WORK: usize = 4_000_000;
/// Maps up to this many entities get exact betweenness; larger ones an estimate from
/// [`SAMPLE_SOURCES`] sources (exact Brandes is O(entities × relations): hours at 100 000).
const EXACT_UP_TO: usize = 5_000;
pub const SAMPLE_SOURCES: usize = 256;

/// Numbers about the map that take a moment to compute, kept until the document changes.
/// Betweenness of a large map is computed on another thread; until it arrives it is empty.
#[derive(Debug, Default)]
pub struct Metrics {
    revision: Option<u64>,
    pub degree: Vec<usize>,
    pub betweenness: Vec<f64>,
    /// When betweenness is an estimate: from how many sources.
    pub betweenness_sample: Option<usize>,
    pub components: usize,
    /// Counts changes of the numbers above, so views built from them know to rebuild.
    pub generation: u64,
    /// How many times they were computed: a drag or a rename must not add to it.
    pub computations: u64,
    job: Option<BetweennessJob>,
}

/// Betweenness being computed in the background.
#[derive(Debug)]
struct BetweennessJob {
    result: mpsc::Receiver<Option<Vec<f64>>>,
    cancel: Arc<AtomicBool>,
    sample: Option<usize>,
}

impl Drop for BetweennessJob {
    fn drop(&mut self) {
        // The map changed or the window closed: the answer would be for an old map.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Metrics {
    /// Recomputes if the map's structure changed since (`revision` counts changes of which
    /// entities and relations exist and what they join: moving or renaming leaves these numbers
    /// alone), and takes in
    /// betweenness from the background when it is ready. `ctx` is woken when it is.
    pub fn update(&mut self, doc: &Document, revision: u64, ctx: &egui::Context) {
        if self.revision != Some(revision) {
            self.recompute(doc, revision, ctx);
        }
        let Some(job) = &self.job else { return };
        match job.result.try_recv() {
            Ok(Some(betweenness)) => {
                self.betweenness = betweenness;
                self.betweenness_sample = job.sample;
                self.generation += 1;
                self.job = None;
            }
            Ok(None) | Err(mpsc::TryRecvError::Disconnected) => self.job = None,
            Err(mpsc::TryRecvError::Empty) => {}
        }
    }

    /// Whether betweenness is still being computed.
    pub fn betweenness_pending(&self) -> bool {
        self.job.is_some()
    }

    fn recompute(&mut self, doc: &Document, revision: u64, ctx: &egui::Context) {
        let adj = Adjacency::of(doc);
        self.degree = adj.degree();
        self.components = adj.components().1;
        self.revision = Some(revision);
        self.generation += 1;
        self.computations += 1;
        self.job = None;
        let n = adj.len();
        if n.saturating_mul(doc.relations.len().max(1)) <= INLINE_WORK {
            self.betweenness = adj.betweenness();
            self.betweenness_sample = None;
            return;
        }
        self.betweenness = Vec::new();
        let sources: Vec<usize> = if n <= EXACT_UP_TO {
            (0..n).collect()
        } else {
            // Evenly spread, so the estimate is the same every time.
            (0..SAMPLE_SOURCES)
                .map(|k| k * n / SAMPLE_SOURCES)
                .collect()
        };
        let sample = (sources.len() < n).then_some(sources.len());
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let (stop, ctx) = (cancel.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("relmap-betweenness".into())
            .spawn(move || {
                let run = || adj.betweenness_from(&sources, &|| stop.load(Ordering::Relaxed));
                // On a pool of its own: on rayon's global pool its chunks (a second or more each
                // on a 100 000-entity map) held every worker, and a frame's parallel culling
                // waited behind them for seconds after the map opened.
                let result = match measure_pool() {
                    Some(pool) => pool.install(run),
                    None => run(),
                };
                // The receiver is gone if the map changed meanwhile; nothing to do then.
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.job = Some(BetweennessJob {
                result: rx,
                cancel,
                sample,
            });
        }
    }
}

/// The threads betweenness is estimated on: a background pool as the layout's, apart from
/// rayon's global pool, which the frame's own parallel work uses.
fn measure_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| crate::layout::runner::background_pool("measure"))
        .as_ref()
}
