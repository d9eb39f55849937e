//! Running a [`Simulation`] for a window: on a worker thread, so frames never wait on a layout
//! tick, or inline, a few ticks per frame (for tests and tools that step frames themselves).
//!
//! The window talks to a [`Runner`] as it would to the simulation: it reads positions, moves
//! and pins entities, reheats, pauses and retunes. On the worker, each of these is a command
//! sent to the thread; the thread ticks while the layout is warm and publishes a snapshot of
//! the positions after each batch of ticks, and the window takes the newest snapshot once per
//! frame ([`Runner::advance`]). An entity the user moves keeps the position the window gave it
//! until a snapshot that includes the move arrives, so a drag never jumps back.
//!
//! The worker ticks the same seeded simulation the same way, so a layout run on it from the
//! same start ends where an inline one does.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Footprint, LayoutParams, Simulation};

/// How long a batch of ticks may take before the worker publishes what it has.
const BATCH: Duration = Duration::from_millis(12);
/// How long inline ticks may take in one frame.
const INLINE_BUDGET: Duration = Duration::from_millis(8);
const INLINE_MAX_TICKS: usize = 40;

/// The threads the worker's layout computes on: one fewer than the machine's cores, so the
/// window's own frames (and the store's worker) always have a core, rather than starving
/// behind a layout that would take every core of rayon's global pool. `None` (rayon's global
/// pool) only if the pool cannot be built.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| background_pool("layout")).as_ref()
}

/// A rayon pool for work behind the window (the layout, betweenness): all cores but one, its
/// threads named `relmap-NAME-i` and at a lower scheduling priority than the window's, so
/// that on a 2-core machine with software rendering the window's frames (and the renderer's
/// threads) come first. `None` if it cannot be built.
pub fn background_pool(name: &'static str) -> Option<rayon::ThreadPool> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads(layout_threads(cores))
        .thread_name(move |i| format!("relmap-{name}-{i}"))
        .start_handler(|_| yield_to_the_window())
        .build()
        .map_err(|e| tracing::warn!("the {name} threads could not start ({e})"))
        .ok()
}

/// Lowers the calling thread's scheduling priority (a nice value of 10 on Linux, where
/// `setpriority` with 0 names the calling thread): it runs whenever a core is free, but yields
/// to the window's thread. Elsewhere it does nothing.
pub fn yield_to_the_window() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: setpriority reads no memory of ours; it only changes the calling thread's
        // nice value, and a failure (an unusual sandbox) is harmless: the thread keeps its
        // priority.
        let _ = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
    }
}

/// How many threads the layout takes on a machine of `cores`: all but one, and at least one.
pub fn layout_threads(cores: usize) -> usize {
    cores.saturating_sub(1).max(1)
}

/// Called by the worker when a snapshot is ready (the window asks for a repaint).
pub type Wake = Arc<dyn Fn() + Send + Sync>;

enum Command {
    Replace(Box<Simulation>),
    SetPosition(usize, [f32; 2]),
    SetFixed(usize, bool),
    Reheat(f32),
    Stop,
    SetParams(LayoutParams),
    SetFootprints(Vec<Footprint>),
    Pause(bool),
}

/// What the worker publishes after a batch of ticks.
struct Snapshot {
    positions: Vec<[f32; 2]>,
    alpha: f32,
    settled: bool,
    /// The number of the last command it had taken in.
    applied: u64,
}

struct Worker {
    commands: Sender<(u64, Command)>,
    latest: Arc<Mutex<Option<Snapshot>>>,
    thread: Option<JoinHandle<()>>,
    /// The number of the last command sent.
    sent: u64,
    /// The number of the last command a taken snapshot had taken in.
    applied: u64,
    /// The number of the last `Replace`: a snapshot that had not taken it in holds the
    /// positions of the simulation before, of another map, and is passed over.
    replaced_at: u64,
    /// Positions set here that no snapshot has taken in yet: entity, position, command.
    pending: HashMap<usize, ([f32; 2], u64)>,
}

enum Mode {
    Inline(Box<Simulation>),
    Worker(Worker),
}

/// A simulation run inline or on a worker thread, seen from the window.
pub struct Runner {
    mode: Mode,
    positions: Vec<[f32; 2]>,
    alpha: f32,
    settled: bool,
    params: LayoutParams,
    paused: bool,
}

impl Runner {
    /// Runs `sim` a few ticks per frame, in [`Runner::advance`].
    pub fn inline(sim: Simulation) -> Self {
        let mut runner = Self::empty(sim.params(), Mode::Inline(Box::new(sim)));
        runner.refresh_inline();
        runner
    }

    /// Runs `sim` on a worker thread; `wake` is called whenever new positions are ready.
    /// Falls back to running inline if the thread cannot be started.
    pub fn on_worker(sim: Simulation, wake: Wake) -> Self {
        let (tx, rx) = mpsc::channel();
        let latest = Arc::new(Mutex::new(None));
        let shared = latest.clone();
        let initial = (sim.positions().to_vec(), sim.alpha(), sim.is_settled());
        let params = sim.params();
        // Kept to lay out inline should the thread not start.
        let fallback = sim.clone();
        let spawned = std::thread::Builder::new()
            .name("relmap-layout".into())
            .spawn(move || match pool() {
                Some(pool) => pool.install(move || work(sim, &rx, &shared, &wake)),
                None => work(sim, &rx, &shared, &wake),
            });
        match spawned {
            Ok(thread) => {
                let mut runner = Self::empty(
                    params,
                    Mode::Worker(Worker {
                        commands: tx,
                        latest,
                        thread: Some(thread),
                        sent: 0,
                        applied: 0,
                        replaced_at: 0,
                        pending: HashMap::new(),
                    }),
                );
                (runner.positions, runner.alpha, runner.settled) = initial;
                runner
            }
            Err(e) => {
                tracing::warn!("the layout thread could not start ({e}); laying out inline");
                Self::inline(fallback)
            }
        }
    }

    fn empty(params: LayoutParams, mode: Mode) -> Self {
        Self {
            mode,
            positions: Vec::new(),
            alpha: 0.0,
            settled: true,
            params,
            paused: false,
        }
    }

    /// Whether the simulation runs on a worker thread.
    pub fn is_on_worker(&self) -> bool {
        matches!(self.mode, Mode::Worker(_))
    }

    fn refresh_inline(&mut self) {
        if let Mode::Inline(sim) = &self.mode {
            self.positions.clear();
            self.positions.extend_from_slice(sim.positions());
            self.alpha = sim.alpha();
            self.settled = sim.is_settled();
        }
    }

    fn send(&mut self, command: Command) {
        if let Mode::Worker(w) = &mut self.mode {
            w.sent += 1;
            // A send fails only when the thread is gone; its last positions stay on screen.
            let _ = w.commands.send((w.sent, command));
        }
    }

    /// Lays out a new simulation from its start (after the map's structure changed).
    pub fn replace(&mut self, sim: Simulation) {
        self.params = sim.params();
        match &mut self.mode {
            Mode::Inline(old) => {
                **old = sim;
                self.refresh_inline();
            }
            Mode::Worker(w) => {
                w.pending.clear();
                self.positions = sim.positions().to_vec();
                self.alpha = sim.alpha();
                self.settled = sim.is_settled();
                self.send(Command::Replace(Box::new(sim)));
                if let Mode::Worker(w) = &mut self.mode {
                    w.replaced_at = w.sent;
                }
            }
        }
    }

    /// Moves the layout on: inline, ticks for a few milliseconds; on the worker, takes its
    /// newest positions, if any. Never waits for the worker.
    pub fn advance(&mut self) {
        match &mut self.mode {
            Mode::Inline(sim) => {
                if !self.paused && !sim.is_settled() {
                    let start = Instant::now();
                    for _ in 0..INLINE_MAX_TICKS {
                        sim.step();
                        if sim.is_settled() || start.elapsed() > INLINE_BUDGET {
                            break;
                        }
                    }
                }
                self.refresh_inline();
            }
            Mode::Worker(w) => {
                let snapshot = w.latest.lock().ok().and_then(|mut s| s.take());
                if let Some(s) = snapshot.filter(|s| s.applied >= w.replaced_at) {
                    w.applied = s.applied;
                    w.pending.retain(|_, (_, seq)| *seq > s.applied);
                    self.positions = s.positions;
                    for (&i, &(p, _)) in &w.pending {
                        if let Some(slot) = self.positions.get_mut(i) {
                            *slot = p;
                        }
                    }
                    self.alpha = s.alpha;
                    self.settled = s.settled;
                }
            }
        }
    }

    /// Positions by node index, as of the last [`Runner::advance`] and the moves since.
    pub fn positions(&self) -> &[[f32; 2]] {
        &self.positions
    }

    pub fn alpha(&self) -> f32 {
        self.alpha
    }

    /// Whether the layout is at rest: settled, and (on the worker) with every command taken
    /// in, so a reheat just sent counts as moving.
    pub fn is_settled(&self) -> bool {
        match &self.mode {
            Mode::Inline(_) => self.settled,
            Mode::Worker(w) => self.settled && w.applied >= w.sent,
        }
    }

    pub fn params(&self) -> LayoutParams {
        self.params
    }

    pub fn set_params(&mut self, params: LayoutParams) {
        self.params = params;
        match &mut self.mode {
            Mode::Inline(sim) => sim.set_params(params),
            Mode::Worker(_) => self.send(Command::SetParams(params)),
        }
    }

    /// Stops the layout where it is: a layout step from the menu has just placed everything.
    pub fn stop(&mut self) {
        match &mut self.mode {
            Mode::Inline(sim) => {
                sim.stop();
                self.refresh_inline();
            }
            Mode::Worker(_) => {
                self.alpha = 0.0;
                self.settled = true;
                self.send(Command::Stop);
            }
        }
    }

    pub fn reheat(&mut self, alpha: f32) {
        match &mut self.mode {
            Mode::Inline(sim) => {
                sim.reheat(alpha);
                self.refresh_inline();
            }
            Mode::Worker(_) => {
                self.alpha = self.alpha.max(alpha.clamp(0.0, 1.0));
                self.settled = self.alpha < self.params.alpha_min;
                self.send(Command::Reheat(alpha));
            }
        }
    }

    /// Moves node `i` now; on the worker it keeps this position until the worker has it.
    pub fn set_position(&mut self, i: usize, p: [f32; 2]) {
        if let Some(slot) = self.positions.get_mut(i) {
            *slot = p;
        }
        match &mut self.mode {
            Mode::Inline(sim) => sim.set_position(i, p),
            Mode::Worker(w) => {
                w.pending.insert(i, (p, w.sent + 1));
                self.send(Command::SetPosition(i, p));
            }
        }
    }

    pub fn set_fixed(&mut self, i: usize, fixed: bool) {
        match &mut self.mode {
            Mode::Inline(sim) => sim.set_fixed(i, fixed),
            Mode::Worker(_) => self.send(Command::SetFixed(i, fixed)),
        }
    }

    pub fn set_footprints(&mut self, footprints: Vec<Footprint>) {
        match &mut self.mode {
            Mode::Inline(sim) => sim.set_footprints(footprints),
            Mode::Worker(_) => self.send(Command::SetFootprints(footprints)),
        }
    }

    /// Pauses the layout where it is, or lets it go on.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        self.send(Command::Pause(paused));
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        if let Mode::Worker(w) = &mut self.mode {
            // Closing the channel ends the thread's loop.
            let (dead, _) = mpsc::channel();
            w.commands = dead;
            if let Some(thread) = w.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

/// The worker's loop: take in commands, tick while warm and not paused, publish.
fn work(
    mut sim: Simulation,
    commands: &Receiver<(u64, Command)>,
    latest: &Mutex<Option<Snapshot>>,
    wake: &Wake,
) {
    let mut paused = false;
    let mut applied = 0;
    loop {
        let running = !paused && !sim.is_settled();
        // Idle, it sleeps until told something; running, it only looks.
        let first = if running {
            match commands.recv_timeout(Duration::ZERO) {
                Ok(c) => Some(c),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match commands.recv() {
                Ok(c) => Some(c),
                Err(_) => return,
            }
        };
        let mut took_in = false;
        for (seq, command) in first
            .into_iter()
            .chain(std::iter::from_fn(|| commands.try_recv().ok()))
        {
            applied = seq;
            took_in = true;
            match command {
                Command::Replace(new) => sim = *new,
                Command::SetPosition(i, p) => sim.set_position(i, p),
                Command::SetFixed(i, f) => sim.set_fixed(i, f),
                Command::Reheat(a) => sim.reheat(a),
                Command::Stop => sim.stop(),
                Command::SetParams(p) => sim.set_params(p),
                Command::SetFootprints(f) => sim.set_footprints(f),
                Command::Pause(p) => paused = p,
            }
        }
        let mut ticked = false;
        if !paused && !sim.is_settled() {
            let start = Instant::now();
            while !sim.is_settled() && start.elapsed() < BATCH {
                sim.step();
                ticked = true;
            }
        }
        if ticked || took_in {
            if let Ok(mut slot) = latest.lock() {
                *slot = Some(Snapshot {
                    positions: sim.positions().to_vec(),
                    alpha: sim.alpha(),
                    settled: sim.is_settled(),
                    applied,
                });
            }
            wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_leaves_the_window_a_core() {
        assert_eq!(layout_threads(1), 1);
        assert_eq!(layout_threads(2), 1);
        assert_eq!(layout_threads(8), 7);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pool = pool().expect("the layout's pool");
        assert_eq!(pool.current_num_threads(), layout_threads(cores));
        // Work installed in it sees its size, not the global pool's.
        assert_eq!(
            pool.install(rayon::current_num_threads),
            layout_threads(cores)
        );
    }

    /// The layout's threads yield to the window's: a lower priority than the thread that
    /// made the pool.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_layout_runs_behind_the_window() {
        // SAFETY: getpriority reads the calling thread's nice value and nothing of ours.
        let mine = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let pool = background_pool("test").expect("a background pool");
        let theirs = pool.install(|| unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) });
        assert!(theirs > mine, "{theirs} is not behind {mine}");
    }

    fn sim() -> Simulation {
        let links = (0..60).map(|i| (i, (i * 7 + 3) % 60));
        Simulation::new(&[None; 60], &[], links, 7, LayoutParams::default())
    }

    /// Advances until settled, as frames would; fails after `limit`.
    fn settle(r: &mut Runner, limit: Duration) {
        let start = Instant::now();
        while !r.is_settled() {
            assert!(start.elapsed() < limit, "the layout settles");
            r.advance();
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// A snapshot the worker published before it took in a new simulation is of the old map:
    /// taken after the replace, it would give the window fewer positions than entities (the
    /// case window's canvas indexed past them and panicked, found by benches/case_window.rs).
    #[test]
    fn a_snapshot_of_the_simulation_before_a_replace_is_passed_over() {
        let mut r = Runner::on_worker(sim(), Arc::new(|| {}));
        // The worker publishes snapshots of the 60-node layout, which no frame takes.
        std::thread::sleep(Duration::from_millis(200));
        let bigger = Simulation::new(&[None; 90], &[], [(0, 89)], 7, LayoutParams::default());
        r.replace(bigger);
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(300) {
            r.advance();
            assert_eq!(r.positions().len(), 90);
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn the_worker_ends_where_the_inline_layout_does() {
        let mut inline = Runner::inline(sim());
        settle(&mut inline, Duration::from_secs(20));
        let mut worker = Runner::on_worker(sim(), Arc::new(|| {}));
        assert!(worker.is_on_worker());
        assert!(!worker.is_settled());
        settle(&mut worker, Duration::from_secs(20));
        assert_eq!(worker.positions(), inline.positions());
    }

    #[test]
    fn a_moved_node_stays_where_it_was_put_and_the_worker_takes_it_in() {
        let mut r = Runner::on_worker(sim(), Arc::new(|| {}));
        settle(&mut r, Duration::from_secs(20));
        r.set_fixed(3, true);
        r.set_position(3, [500.0, -500.0]);
        assert_eq!(
            r.positions()[3],
            [500.0, -500.0],
            "at once, before the worker has it"
        );
        r.reheat(0.3);
        assert!(!r.is_settled(), "a reheat just sent counts as moving");
        settle(&mut r, Duration::from_secs(20));
        assert_eq!(r.positions()[3], [500.0, -500.0], "pinned where it was put");
    }

    #[test]
    fn a_paused_worker_does_not_move() {
        let mut r = Runner::on_worker(sim(), Arc::new(|| {}));
        r.set_paused(true);
        // Let the worker take in the pause, then any snapshot it made before.
        std::thread::sleep(Duration::from_millis(50));
        r.advance();
        let held = r.positions().to_vec();
        std::thread::sleep(Duration::from_millis(50));
        r.advance();
        assert_eq!(r.positions(), held.as_slice());
        r.set_paused(false);
        settle(&mut r, Duration::from_secs(20));
    }
}
