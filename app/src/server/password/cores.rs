//! The threads password checks run on: one per core, at a lower scheduling
//! priority than the threads that serve requests. When logins saturate the
//! CPU, a signed-in candidate's page view still gets a core at once, and when
//! nothing else runs the checks use every core all the same.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use anyhow::Context;

type Job = Box<dyn FnOnce() + Send>;

/// Niceness of the hashing threads (0 is normal, 19 the lowest).
const NICENESS: i32 = 10;

#[derive(Clone)]
pub struct Cores {
    jobs: mpsc::Sender<Job>,
}

impl Cores {
    /// Starts `threads` hashing threads.
    ///
    /// # Errors
    /// When a thread cannot be started.
    pub fn start(threads: usize) -> anyhow::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        // The lock is held only while taking a job, not while running it.
                        let job = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panicking job fails its own caller, not the thread.
                            Ok(job) => {
                                drop(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)))
                            }
                            Err(_) => return, // every sender is gone
                        }
                    }
                })
                .context("starting a hashing thread")?;
        }
        Ok(Self { jobs })
    }

    /// Runs `work` on a hashing thread and waits for its result without
    /// holding up the async runtime.
    ///
    /// # Errors
    /// When the threads are gone or `work` panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = done.send(work());
            }))
            .map_err(|_| anyhow::anyhow!("the hashing threads have stopped"))?;
        result.await.context("a hashing job failed")
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // On Linux the nice value belongs to the thread, so only this one yields.
    // SAFETY: plain system calls on the calling thread, no memory involved.
    let outcome =
        unsafe { libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, NICENESS) };
    if outcome != 0 {
        tracing::warn!(
            "could not lower the priority of a hashing thread; page views may slow during login surges"
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_on_a_lowered_hashing_thread() {
        let cores = Cores::start(1).unwrap();
        let (name, nice) = cores
            .run(|| {
                let name = std::thread::current().name().map(str::to_owned);
                // SAFETY: reads the calling thread's nice value.
                let nice =
                    unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) };
                (name, nice)
            })
            .await
            .unwrap();
        assert_eq!(name.as_deref(), Some("argon2-0"));
        assert_eq!(nice, NICENESS);
    }

    #[tokio::test]
    async fn a_panicking_job_fails_alone_and_the_thread_goes_on() {
        let cores = Cores::start(1).unwrap();
        assert!(cores.run(|| panic!("boom")).await.is_err());
        assert_eq!(cores.run(|| 42).await.unwrap(), 42);
    }
}
