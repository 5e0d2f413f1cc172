//! The server's memory of work in progress and done: jobs keyed by unguessable ids, bounded in
//! number, age and bytes. Only the tab that started a job learns its id, so tabs never see each
//! other's work, and nothing is written to disk.

use super::pipeline::{FieldError, OutFile, Setup, TypeMap, Upload};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// More jobs than a person works with at once; the oldest finished ones go first.
pub const MAX_JOBS: usize = 32;
/// A result is kept this long after it was started.
pub const MAX_AGE: Duration = Duration::from_secs(60 * 60);
/// Results' bytes (documents, zip and the uploads kept for re-running) kept at most.
pub const MAX_BYTES: usize = 1536 * 1024 * 1024;

/// What a job needs to run again with a different type map.
pub struct Inputs {
    pub setup: Setup,
    pub list: Upload,
}

pub enum Status {
    Running {
        stage: String,
        done: usize,
        total: usize,
    },
    Done(Arc<Outcome>),
    Failed(Vec<FieldError>),
}

/// A finished job: the page's summary, each document, and the whole package zipped.
pub struct Outcome {
    pub summary: Value,
    pub files: Vec<OutFile>,
    pub zip: Vec<u8>,
    /// The download's name (sanitised: letters, digits, `-`, `_`, `.`).
    pub stem: String,
    pub types: TypeMap,
}

impl Outcome {
    fn bytes(&self) -> usize {
        self.zip.len() + self.files.iter().map(|f| f.bytes.len()).sum::<usize>()
    }
}

pub struct Job {
    started: Instant,
    pub kind: &'static str,
    pub inputs: Option<Arc<Inputs>>,
    status: Mutex<Status>,
}

impl Job {
    pub fn status(&self) -> MutexGuard<'_, Status> {
        // A panic while holding the lock leaves a status that is still whole: take it as it is.
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set(&self, status: Status) {
        *self.status() = status;
    }

    pub fn outcome(&self) -> Option<Arc<Outcome>> {
        match &*self.status() {
            Status::Done(outcome) => Some(Arc::clone(outcome)),
            _ => None,
        }
    }

    fn running(&self) -> bool {
        matches!(&*self.status(), Status::Running { .. })
    }

    fn bytes(&self) -> usize {
        let inputs = self.inputs.as_ref().map_or(0, |i| i.list.bytes.len());
        inputs + self.outcome().map_or(0, |o| o.bytes())
    }

    /// The job as the page polls it.
    pub fn to_json(&self) -> Value {
        match &*self.status() {
            Status::Running { stage, done, total } => json!({
                "state": "running", "kind": self.kind, "stage": stage, "done": done, "total": total,
            }),
            Status::Failed(errors) => json!({
                "state": "failed", "kind": self.kind, "errors": errors,
            }),
            Status::Done(outcome) => {
                let files: Vec<Value> = outcome
                    .files
                    .iter()
                    .enumerate()
                    .map(|(i, f)| json!({"index": i, "name": f.name, "bytes": f.bytes.len()}))
                    .collect();
                json!({
                    "state": "done",
                    "kind": self.kind,
                    "result": outcome.summary,
                    "files": files,
                    "zip": {"name": format!("{}.zip", outcome.stem), "bytes": outcome.zip.len()},
                })
            }
        }
    }
}

#[derive(Default)]
pub struct Store {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

impl Store {
    fn jobs(&self) -> MutexGuard<'_, HashMap<String, Arc<Job>>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        let jobs = self.jobs();
        jobs.get(id)
            .filter(|job| job.started.elapsed() < MAX_AGE || job.running())
            .cloned()
    }

    /// Start a job; older results are let go to stay within the bounds.
    pub fn insert(
        &self,
        kind: &'static str,
        inputs: Option<Arc<Inputs>>,
    ) -> Result<(String, Arc<Job>), getrandom::Error> {
        let id = new_id()?;
        let job = Arc::new(Job {
            started: Instant::now(),
            kind,
            inputs,
            status: Mutex::new(Status::Running {
                stage: "Receiving the files".into(),
                done: 0,
                total: 0,
            }),
        });
        let mut jobs = self.jobs();
        jobs.retain(|_, j| j.running() || j.started.elapsed() < MAX_AGE);
        let incoming = job.bytes();
        loop {
            let total: usize = jobs.values().map(|j| j.bytes()).sum::<usize>() + incoming;
            if jobs.len() < MAX_JOBS && total <= MAX_BYTES {
                break;
            }
            let oldest = jobs
                .iter()
                .filter(|(_, j)| !j.running())
                .min_by_key(|(_, j)| j.started)
                .map(|(id, _)| id.clone());
            match oldest {
                Some(id) => jobs.remove(&id),
                // Only running jobs are left, and the build semaphore bounds those.
                None => break,
            };
        }
        jobs.insert(id.clone(), Arc::clone(&job));
        Ok((id, job))
    }
}

/// 128 random bits from the operating system, as hex: not guessable, not sequential.
fn new_id() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(job: &Job) {
        job.set(Status::Done(Arc::new(Outcome {
            summary: json!({}),
            files: Vec::new(),
            zip: vec![0; 10],
            stem: "x".into(),
            types: TypeMap::new(),
        })));
    }

    #[test]
    fn ids_are_long_random_and_distinct() {
        let store = Store::default();
        let (a, _) = store.insert("build", None).unwrap();
        let (b, _) = store.insert("build", None).unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(store.get(&a).is_some());
        assert!(store.get("0123").is_none());
    }

    #[test]
    fn the_oldest_finished_job_goes_when_full() {
        let store = Store::default();
        let (first, job) = store.insert("build", None).unwrap();
        done(&job);
        let (running, _) = store.insert("build", None).unwrap();
        for _ in 0..MAX_JOBS - 1 {
            let (_, job) = store.insert("build", None).unwrap();
            done(&job);
        }
        assert!(
            store.get(&first).is_none(),
            "the oldest finished job was let go"
        );
        assert!(
            store.get(&running).is_some(),
            "a running job is never let go"
        );
        assert!(store.jobs().len() <= MAX_JOBS);
    }
}
