//! The page, its assets and the JSON API the page calls.
//!
//! ```text
//! GET  /                         the page (and /app.js, /app.css, /favicon.svg)
//! GET  /api/info                 what this version can do, and the upload limit
//! POST /api/build                multipart: room_list, catalog?, types?, project fields → job
//! POST /api/diff                 multipart: old, new, catalog? → job
//! POST /api/level                multipart: package (zip or estimate.json), bids (several),
//!                                flag_percent?, strong_percent? → job
//! POST /api/jobs/{id}/types      JSON {"types": {...}}: build the same list again with a type map
//! GET  /api/jobs/{id}            progress, then the summary or the errors
//! GET  /api/jobs/{id}/package.zip, /files/{n}, /types.toml   downloads
//! ```

// A refused request is answered with a ready Response; boxing it to shrink the Err variant would
// buy nothing at one request per user action.
#![allow(clippy::result_large_err)]

use super::archive;
use super::pipeline::{self, FieldError, Progress, TypeMap, Upload};
use super::store::{Inputs, Job, Outcome, Status, Store};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Builds run side by side at most; more are refused with 503 (the machine has few cores and a
/// campus-scale package takes a few hundred MB while it is built).
pub const MAX_BUILDS: usize = 2;
/// A catalog, type map or bid form is a small file.
const MAX_SMALL_FILE: u64 = 8 * 1024 * 1024;
const MAX_TEXT_FIELD: u64 = 1000;
/// Two room lists at the reader's limit, plus the small files of a form.
const MAX_BODY: u64 = 2 * pipeline::MAX_ROOM_LIST_BYTES + 4 * MAX_SMALL_FILE;
/// Returned bid forms leveled at once: more bidders than any trade has.
const MAX_BIDS: usize = 60;
/// The form field that may hold several files.
const BIDS: &str = "bids";

pub struct App {
    pub store: Store,
    pub builds: Arc<Semaphore>,
    /// A test hook (`SOWGEN_SERVE_HOLD_MS`): each job waits this long first, so a test can
    /// fill every build slot.
    pub hold: Duration,
}

type Shared = State<Arc<App>>;

pub fn router(app: Arc<App>) -> axum::Router {
    axum::Router::new()
        .route("/", get(|| asset("index.html")))
        .route("/app.js", get(|| asset("app.js")))
        .route("/app.css", get(|| asset("app.css")))
        .route("/favicon.svg", get(|| asset("favicon.svg")))
        .route("/api/info", get(info))
        .route("/api/build", post(start_build))
        .route("/api/diff", post(start_diff))
        .route("/api/level", post(start_level))
        .route("/api/jobs/{id}", get(job_status))
        .route("/api/jobs/{id}/types", post(rebuild_with_types))
        .route("/api/jobs/{id}/package.zip", get(download_zip))
        .route("/api/jobs/{id}/files/{n}", get(download_file))
        .route("/api/jobs/{id}/types.toml", get(download_types))
        .layer(DefaultBodyLimit::max(MAX_BODY as usize))
        .with_state(app)
}

async fn asset(name: &str) -> Response {
    let (body, kind): (&'static [u8], &str) = match name {
        "index.html" => (
            include_bytes!("assets/index.html"),
            "text/html; charset=utf-8",
        ),
        "app.js" => (
            include_bytes!("assets/app.js"),
            "text/javascript; charset=utf-8",
        ),
        "app.css" => (include_bytes!("assets/app.css"), "text/css; charset=utf-8"),
        _ => (include_bytes!("assets/favicon.svg"), "image/svg+xml"),
    };
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

fn errors(status: StatusCode, errors: Vec<FieldError>) -> Response {
    (status, Json(json!({ "errors": errors }))).into_response()
}

fn error(status: StatusCode, field: &str, message: impl Into<String>) -> Response {
    errors(status, vec![FieldError::new(field, message)])
}

fn busy() -> Response {
    let mut response = error(
        StatusCode::SERVICE_UNAVAILABLE,
        "",
        format!("sowgen is already working on {MAX_BUILDS} packages; try again in a few seconds"),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    response
}

async fn info() -> Response {
    Json(json!({
        "features": pipeline::FEATURES,
        "limits": {"room_list_bytes": pipeline::MAX_ROOM_LIST_BYTES, "small_file_bytes": MAX_SMALL_FILE},
        "project_fields": pipeline::PROJECT_FIELDS,
    }))
    .into_response()
}

/// A form's files and text fields.
#[derive(Default)]
struct Form {
    files: BTreeMap<String, Upload>,
    /// The files of the `bids` field, in the order sent.
    bids: Vec<Upload>,
    text: BTreeMap<String, String>,
}

/// Only the name's last part, without control characters: it is shown, never used as a path.
fn display_name(raw: Option<&str>, fallback: &str) -> String {
    let last = raw.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    if clean.trim().is_empty() {
        fallback.to_string()
    } else {
        clean
    }
}

/// Read a multipart form into memory, each field within its limit. A file over its limit is
/// reported against that field; the rest of the body is read and dropped so the browser gets the
/// answer rather than a broken connection.
async fn read_form(
    headers: &HeaderMap,
    mut multipart: Multipart,
    file_fields: &[(&str, u64)],
    text_fields: &[&str],
) -> Result<Form, Response> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Err(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "",
            format!(
                "the files sent are larger than {} MB in all",
                MAX_BODY / (1024 * 1024)
            ),
        ));
    }
    let broken = |e: axum::extract::multipart::MultipartError| {
        error(
            e.status(),
            "",
            format!("the upload did not arrive whole: {}", e.body_text()),
        )
    };
    let mut form = Form::default();
    let mut too_large: Option<Response> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        if too_large.is_some() {
            while field.chunk().await.map_err(broken)?.is_some() {}
            continue;
        }
        let name = field.name().unwrap_or("").to_string();
        let file_limit = file_fields
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, l)| *l);
        let is_text = text_fields.contains(&name.as_str());
        let Some(limit) = file_limit.or(is_text.then_some(MAX_TEXT_FIELD)) else {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "",
                "the form sent a field this page does not have",
            ));
        };
        let given = field.file_name().unwrap_or("").to_string();
        let shown = display_name(Some(&given), "the file");
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            if bytes.len() as u64 + chunk.len() as u64 > limit {
                let message = if is_text {
                    format!("this field is longer than {limit} characters")
                } else {
                    format!(
                        "{shown} is larger than {} MB, more than sowgen reads; it was not read",
                        limit / (1024 * 1024)
                    )
                };
                too_large = Some(error(StatusCode::PAYLOAD_TOO_LARGE, &name, message));
                bytes = Vec::new();
                while field.chunk().await.map_err(broken)?.is_some() {}
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        if too_large.is_some() {
            continue;
        }
        if is_text {
            form.text
                .insert(name, String::from_utf8_lossy(&bytes).into_owned());
        } else if name == BIDS && !(bytes.is_empty() && given.is_empty()) {
            if form.bids.len() == MAX_BIDS {
                too_large = Some(error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    BIDS,
                    format!("more than {MAX_BIDS} bid forms at once; level them trade by trade"),
                ));
                continue;
            }
            form.bids.push(Upload { name: shown, bytes });
        } else if !bytes.is_empty() || !given.is_empty() {
            // (A file input left empty arrives as an empty part with no file name.)
            form.files.insert(name, Upload { name: shown, bytes });
        }
    }
    match too_large {
        Some(response) => Err(response),
        None => Ok(form),
    }
}

fn permit(app: &App) -> Result<OwnedSemaphorePermit, Response> {
    Arc::clone(&app.builds)
        .try_acquire_owned()
        .map_err(|_| busy())
}

/// The job's progress, as the page polls it.
struct JobProgress<'a>(&'a Job);

impl Progress for JobProgress<'_> {
    fn stage(&self, words: &str) {
        if let Status::Running { stage, done, total } = &mut *self.0.status() {
            *stage = words.to_string();
            (*done, *total) = (0, 0);
        }
    }

    fn files(&self, done_now: usize, total_now: usize) {
        if let Status::Running { done, total, .. } = &mut *self.0.status() {
            *done = (*done).max(done_now);
            *total = total_now;
        }
    }
}

fn started(id: &str) -> Response {
    (StatusCode::ACCEPTED, Json(json!({ "job": id }))).into_response()
}

/// Run `work` off the async threads, holding a build slot until it ends.
fn spawn(
    app: &Arc<App>,
    job: Arc<Job>,
    permit: OwnedSemaphorePermit,
    work: impl FnOnce(&Job) -> Result<(pipeline::Built, TypeMap), Vec<FieldError>> + Send + 'static,
) {
    let hold = app.hold;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        std::thread::sleep(hold);
        // The library never panics on bad input; should it all the same, the tab hears so
        // instead of polling a job that never ends.
        let worked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&job)))
            .unwrap_or_else(|_| {
                Err(vec![FieldError::new(
                    "",
                    "sowgen failed unexpectedly on this input; nothing was built",
                )])
            });
        let status = match worked {
            Err(errors) => Status::Failed(errors),
            Ok((built, types)) => {
                let stem = archive::safe_name(&built.stem);
                JobProgress(&job).stage("Packing the zip");
                match archive::zip(&stem, &built.files) {
                    Ok(zip) => Status::Done(Arc::new(Outcome {
                        summary: built.summary,
                        files: built.files,
                        zip,
                        stem,
                        types,
                    })),
                    Err(message) => Status::Failed(vec![FieldError::new("", message)]),
                }
            }
        };
        job.set(status);
    });
}

fn new_job(
    app: &App,
    kind: &'static str,
    inputs: Option<Arc<Inputs>>,
) -> Result<(String, Arc<Job>), Response> {
    app.store.insert(kind, inputs).map_err(|e| {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "",
            format!("no random id could be made: {e}"),
        )
    })
}

async fn start_build(State(app): Shared, headers: HeaderMap, multipart: Multipart) -> Response {
    let permit = match permit(&app) {
        Ok(p) => p,
        Err(response) => return response,
    };
    let fields = [
        ("room_list", pipeline::MAX_ROOM_LIST_BYTES),
        ("catalog", MAX_SMALL_FILE),
        ("types", MAX_SMALL_FILE),
    ];
    let mut form = match read_form(&headers, multipart, &fields, &pipeline::PROJECT_FIELDS).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let Some(list) = form.files.remove("room_list") else {
        return error(
            StatusCode::BAD_REQUEST,
            "room_list",
            "choose a room list (a spreadsheet or CSV) first",
        );
    };
    let setup = match pipeline::setup(form.files.get("catalog"), &form.text) {
        Ok(setup) => setup,
        Err(e) => return errors(StatusCode::UNPROCESSABLE_ENTITY, e),
    };
    let types = match form.files.get("types") {
        None => TypeMap::new(),
        Some(upload) => match pipeline::parse_type_map(&setup, upload) {
            Ok(map) => map,
            Err(e) => return errors(StatusCode::UNPROCESSABLE_ENTITY, vec![e]),
        },
    };
    let inputs = Arc::new(Inputs { setup, list });
    run_build(&app, inputs, types, permit)
}

fn run_build(
    app: &Arc<App>,
    inputs: Arc<Inputs>,
    types: TypeMap,
    permit: OwnedSemaphorePermit,
) -> Response {
    let (id, job) = match new_job(app, "build", Some(Arc::clone(&inputs))) {
        Ok(j) => j,
        Err(response) => return response,
    };
    spawn(app, job, permit, move |job| {
        pipeline::build(&inputs.setup, &inputs.list, &types, &JobProgress(job))
            .map(|built| (built, types))
            .map_err(|e| vec![e])
    });
    started(&id)
}

async fn rebuild_with_types(
    State(app): Shared,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Some(inputs) = app.store.get(&id).and_then(|job| job.inputs.clone()) else {
        return gone();
    };
    let types: TypeMap = match body
        .ok()
        .and_then(|Json(v)| serde_json::from_value(v["types"].clone()).ok())
    {
        Some(map) => map,
        None => {
            return error(
                StatusCode::BAD_REQUEST,
                "types",
                "expected {\"types\": {\"text as written\": \"Catalog Type\"}}",
            );
        }
    };
    if let Err(e) = pipeline::check_type_map(&inputs.setup, &types, "types") {
        return errors(StatusCode::UNPROCESSABLE_ENTITY, vec![e]);
    }
    let permit = match permit(&app) {
        Ok(p) => p,
        Err(response) => return response,
    };
    run_build(&app, inputs, types, permit)
}

async fn start_diff(State(app): Shared, headers: HeaderMap, multipart: Multipart) -> Response {
    let permit = match permit(&app) {
        Ok(p) => p,
        Err(response) => return response,
    };
    let fields = [
        ("old", pipeline::MAX_ROOM_LIST_BYTES),
        ("new", pipeline::MAX_ROOM_LIST_BYTES),
        ("catalog", MAX_SMALL_FILE),
    ];
    let mut form = match read_form(&headers, multipart, &fields, &[]).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let missing: Vec<FieldError> = [
        ("old", "the earlier revision"),
        ("new", "the later revision"),
    ]
    .iter()
    .filter(|(f, _)| !form.files.contains_key(*f))
    .map(|(f, what)| FieldError::new(f, format!("choose {what} of the room list")))
    .collect();
    if !missing.is_empty() {
        return errors(StatusCode::BAD_REQUEST, missing);
    }
    let (Some(old), Some(new)) = (form.files.remove("old"), form.files.remove("new")) else {
        return error(StatusCode::BAD_REQUEST, "old", "choose both revisions");
    };
    let setup = match pipeline::setup(form.files.get("catalog"), &BTreeMap::new()) {
        Ok(setup) => setup,
        Err(e) => return errors(StatusCode::UNPROCESSABLE_ENTITY, e),
    };
    let (id, job) = match new_job(&app, "diff", None) {
        Ok(j) => j,
        Err(response) => return response,
    };
    spawn(&app, job, permit, move |job| {
        pipeline::change_order(&setup, &old, &new, &JobProgress(job))
            .map(|built| (built, TypeMap::new()))
    });
    started(&id)
}

/// Bid leveling: a package (the zip this page gave, or its estimate.json) and the bid forms
/// vendors returned.
async fn start_level(State(app): Shared, headers: HeaderMap, multipart: Multipart) -> Response {
    let permit = match permit(&app) {
        Ok(p) => p,
        Err(response) => return response,
    };
    let fields = [
        ("package", pipeline::MAX_ROOM_LIST_BYTES),
        (BIDS, MAX_SMALL_FILE),
    ];
    let mut form = match read_form(&headers, multipart, &fields, &pipeline::LEVEL_FIELDS).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let mut missing = Vec::new();
    if !form.files.contains_key("package") {
        missing.push(FieldError::new(
            "package",
            "choose the package the bids answer: its .zip from this page, or its estimate.json",
        ));
    }
    if form.bids.is_empty() {
        missing.push(FieldError::new(
            BIDS,
            "choose the bid forms vendors returned (the package's bid-packages/*.xlsx, filled in)",
        ));
    }
    let Some(package) = form.files.remove("package").filter(|_| missing.is_empty()) else {
        return errors(StatusCode::BAD_REQUEST, missing);
    };
    let settings = match pipeline::level_settings(&form.text) {
        Ok(settings) => settings,
        Err(e) => return errors(StatusCode::UNPROCESSABLE_ENTITY, vec![e]),
    };
    let (id, job) = match new_job(&app, "level", None) {
        Ok(j) => j,
        Err(response) => return response,
    };
    let bids = form.bids;
    spawn(&app, job, permit, move |job| {
        let estimate = archive::estimate_json(&package.name, &package.bytes)
            .map_err(|e| vec![FieldError::new("package", e)])?;
        pipeline::level(&estimate, &package.name, &bids, settings, &JobProgress(job))
            .map(|built| (built, TypeMap::new()))
    });
    started(&id)
}

fn gone() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "",
        "this result is no longer kept (results are kept for an hour); drop the file again",
    )
}

async fn job_status(State(app): Shared, Path(id): Path<String>) -> Response {
    match app.store.get(&id) {
        Some(job) => Json(job.to_json()).into_response(),
        None => gone(),
    }
}

fn attachment(name: &str, kind: &'static str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", archive::safe_name(name));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn outcome(app: &App, id: &str) -> Result<Arc<Outcome>, Response> {
    app.store
        .get(id)
        .and_then(|job| job.outcome())
        .ok_or_else(gone)
}

async fn download_zip(State(app): Shared, Path(id): Path<String>) -> Response {
    match outcome(&app, &id) {
        Ok(o) => attachment(&format!("{}.zip", o.stem), "application/zip", o.zip.clone()),
        Err(response) => response,
    }
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("");
    match ext {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

async fn download_file(State(app): Shared, Path((id, n)): Path<(String, usize)>) -> Response {
    let o = match outcome(&app, &id) {
        Ok(o) => o,
        Err(response) => return response,
    };
    match o.files.get(n) {
        Some(file) => {
            let base = file.name.rsplit('/').next().unwrap_or(&file.name);
            attachment(base, content_type(&file.name), file.bytes.clone())
        }
        None => error(StatusCode::NOT_FOUND, "", "no such file in this package"),
    }
}

async fn download_types(State(app): Shared, Path(id): Path<String>) -> Response {
    match outcome(&app, &id) {
        Ok(o) => attachment(
            "room-types.toml",
            "application/toml",
            pipeline::type_map_toml(&o.types).into_bytes(),
        ),
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_are_the_last_part_without_controls() {
        assert_eq!(display_name(Some("C:\\x\\list.xlsx"), "f"), "list.xlsx");
        assert_eq!(
            display_name(Some("../../a\u{1b}[31m.csv"), "f"),
            "a[31m.csv"
        );
        assert_eq!(display_name(Some(""), "f"), "f");
        assert_eq!(display_name(None, "f"), "f");
    }

    #[test]
    fn downloads_are_typed_by_extension() {
        assert_eq!(content_type("bid-packages/x.xlsx"), content_type("a.xlsx"));
        assert_eq!(content_type("estimate.json"), "application/json");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
