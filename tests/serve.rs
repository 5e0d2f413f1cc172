//! `sowgen serve` over real HTTP: the binary on a loopback port, driven as the page drives it.

mod common;
mod serve_common;

use common::sample;
use serde_json::Value;
use serve_common::*;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// The reader's limit on a room list (`input::MAX_FILE_BYTES`); the page must take the same.
const READER_LIMIT: usize = 100 * 1024 * 1024;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = result.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(200 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    Answer {
        status,
        headers,
        body,
    }
}

fn get(server: &Server, path: &str) -> Answer {
    answer(agent().get(format!("{}{path}", server.url)).call())
}

fn post_form(
    server: &Server,
    path: &str,
    parts: &[(&str, Option<&str>, &[u8])],
    origin: Option<&str>,
) -> Answer {
    let (kind, body) = multipart(parts);
    let mut request = agent()
        .post(format!("{}{path}", server.url))
        .header("Content-Type", kind);
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    answer(request.send(&body[..]))
}

/// Poll a job until it is no longer running.
fn finish(server: &Server, job: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status = get(server, &format!("/api/jobs/{job}")).json();
        if status["state"] != "running" {
            return status;
        }
        assert!(Instant::now() < deadline, "the job never finished");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn build(server: &Server, file: &str, extra: &[(&str, Option<&str>, &[u8])]) -> (String, Value) {
    let bytes = std::fs::read(sample(file)).unwrap();
    let name = file.rsplit('/').next().unwrap();
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("room_list", Some(name), &bytes)];
    parts.extend_from_slice(extra);
    let started = post_form(server, "/api/build", &parts, None);
    assert_eq!(
        started.status,
        202,
        "{}",
        String::from_utf8_lossy(&started.body)
    );
    let job = started.json()["job"].as_str().unwrap().to_string();
    let status = finish(server, &job);
    (job, status)
}

#[test]
fn a_room_list_becomes_a_summary_and_a_zip_with_the_cli_figures() {
    let server = Server::start();
    let page = get(&server, "/");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("<label for=\"room_list\">"));
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("script-src 'self'")
    );

    let (job, status) = build(&server, "clinic-fitout.xlsx", &[]);
    assert_eq!(status["state"], "done", "{status}");
    let result = &status["result"];
    let expected = &common::expected()["clinic-fitout.xlsx"];
    assert_eq!(result["rooms"], expected["rooms"]);
    for (short, key) in common::DEVICE_KEYS {
        assert_eq!(result["devices"][key], expected["devices"][short], "{key}");
    }
    assert_eq!(result["draft"], false);
    assert!(
        result["sheets"].as_array().unwrap()[0]["header_row"]
            .as_u64()
            .unwrap()
            >= 1
    );

    let cli = cli_build(&sample("clinic-fitout.xlsx"));
    assert_eq!(
        result["totals"]["grand_total"],
        cli["totals"]["grand_total"]
    );

    let zip = get(&server, &format!("/api/jobs/{job}/package.zip"));
    assert_eq!(zip.status, 200);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let disposition = zip.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    let inside = estimate_in_zip(&zip.body);
    assert_eq!(
        inside["totals"]["grand_total"],
        cli["totals"]["grand_total"]
    );

    // Each document on its own, named by the server, byte for byte what the zip holds.
    let files = status["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    for wanted in [
        "scope-of-work.docx",
        "bill-of-materials.xlsx",
        "budget-summary.pdf",
    ] {
        assert!(names.contains(&wanted), "{names:?}");
    }
    let pdf = files
        .iter()
        .position(|f| f["name"] == "budget-summary.pdf")
        .unwrap();
    let one = get(&server, &format!("/api/jobs/{job}/files/{pdf}"));
    assert_eq!(one.status, 200);
    assert!(one.body.starts_with(b"%PDF"));
    assert_eq!(one.header("content-type"), Some("application/pdf"));
    assert_eq!(
        get(&server, &format!("/api/jobs/{job}/files/999")).status,
        404
    );
    assert_eq!(
        get(&server, "/api/jobs/0123456789abcdef/package.zip").status,
        404
    );
}

#[test]
fn project_details_from_the_form_reach_the_totals() {
    let server = Server::start();
    let (_, status) = build(
        &server,
        "clinic-fitout.xlsx",
        &[
            ("approved_budget", None, b"$1,000.00"),
            ("name", None, b"Form <b>Project</b>"),
        ],
    );
    let totals = &status["result"]["totals"];
    assert_eq!(totals["approved_budget"], "1000.00");
    assert!(totals["variance"].as_str().unwrap().starts_with('-'));
    assert_eq!(status["result"]["project"]["name"], "Form <b>Project</b>");

    let bad = post_form(
        &server,
        "/api/build",
        &[
            (
                "room_list",
                Some("c.xlsx"),
                &std::fs::read(sample("clinic-fitout.xlsx")).unwrap(),
            ),
            ("approved_budget", None, b"lots"),
        ],
        None,
    );
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["errors"][0]["field"], "approved_budget");
}

fn post_json(server: &Server, path: &str, body: &str, origin: Option<&str>) -> Answer {
    let mut request = agent()
        .post(format!("{}{path}", server.url))
        .header("Content-Type", "application/json");
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    answer(request.send(body))
}

#[test]
fn a_rebuild_with_a_type_map_is_checked_first() {
    let server = Server::start();
    let (job, first) = build(&server, "clinic-fitout.xlsx", &[]);
    let path = format!("/api/jobs/{job}/types");
    let unknown = post_json(
        &server,
        &path,
        r#"{"types": {"Exam Rooom": "No Such Type"}}"#,
        None,
    );
    assert_eq!(unknown.status, 422);
    assert_eq!(unknown.json()["errors"][0]["field"], "types");
    assert_eq!(post_json(&server, &path, "not json", None).status, 400);
    let foreign = post_json(
        &server,
        &path,
        r#"{"types": {}}"#,
        Some("http://evil.example"),
    );
    assert_eq!(foreign.status, 403);
    assert_eq!(
        post_json(
            &server,
            "/api/jobs/feedface/types",
            r#"{"types": {}}"#,
            None
        )
        .status,
        404
    );

    let again = post_json(&server, &path, r#"{"types": {}}"#, None);
    assert_eq!(again.status, 202);
    let second = finish(&server, again.json()["job"].as_str().unwrap());
    assert_ne!(again.json()["job"], json_id(&job), "a new result, a new id");
    assert_eq!(
        second["result"]["totals"]["grand_total"],
        first["result"]["totals"]["grand_total"]
    );
    let map = get(&server, &format!("/api/jobs/{job}/types.toml"));
    assert_eq!(map.status, 200);
    assert!(String::from_utf8_lossy(&map.body).contains("--types"));
}

#[test]
fn an_unknown_room_type_builds_a_draft_a_type_map_resolves() {
    let server = Server::start();
    let (job, draft) = build(&server, "bad/unknown-room-type.xlsx", &[]);
    assert_eq!(draft["state"], "done");
    let result = &draft["result"];
    assert_eq!(result["draft"], true);
    assert_eq!(result["unresolved"][0]["text"], "Exam Rooom");
    assert_eq!(result["unresolved"][0]["rows"], serde_json::json!([6]));
    assert_eq!(result["unresolved"][0]["suggestion"], "Exam Room");
    let path = format!("/api/jobs/{job}/types");
    let again = post_json(
        &server,
        &path,
        r#"{"types": {"Exam Rooom": "Trauma Room"}}"#,
        None,
    );
    assert_eq!(again.status, 202);
    let resolved = finish(&server, again.json()["job"].as_str().unwrap());
    assert_eq!(resolved["result"]["draft"], false);
    assert_ne!(
        resolved["result"]["totals"]["grand_total"],
        result["totals"]["grand_total"]
    );
    let map = get(
        &server,
        &format!(
            "/api/jobs/{}/types.toml",
            again.json()["job"].as_str().unwrap()
        ),
    );
    assert!(String::from_utf8_lossy(&map.body).contains("\"Exam Rooom\" = \"Trauma Room\""));
}

fn json_id(id: &str) -> Value {
    Value::String(id.to_string())
}

#[test]
fn a_list_with_problems_fails_with_each_problem_located() {
    let server = Server::start();
    let (_, status) = build(&server, "bad/fractional-count.xlsx", &[]);
    assert_eq!(status["state"], "failed");
    let error = &status["errors"][0];
    assert_eq!(error["field"], "room_list");
    let problem = &error["problems"][0];
    assert_eq!(problem["sheet"], "Rooms");
    assert_eq!(problem["row"], 4);
    assert_eq!(problem["column"], "K");
    assert!(problem["message"].as_str().unwrap().contains("1.5"));

    let (_, status) = build(&server, "bad/not-a-spreadsheet.xlsx", &[]);
    assert_eq!(status["state"], "failed");
    assert!(
        status["errors"][0]["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a readable workbook")
    );
}

#[test]
fn a_post_from_another_site_is_refused() {
    let server = Server::start();
    let bytes = std::fs::read(sample("clinic-fitout.xlsx")).unwrap();
    let parts: [(&str, Option<&str>, &[u8]); 1] = [("room_list", Some("c.xlsx"), &bytes)];
    for origin in ["http://evil.example", "null", "http://127.0.0.1:1"] {
        let refused = post_form(&server, "/api/build", &parts, Some(origin));
        assert_eq!(refused.status, 403, "{origin}");
    }
    let own = server.url.clone();
    assert_eq!(
        post_form(&server, "/api/build", &parts, Some(&own)).status,
        202
    );

    // A page that rebinds its own host name to 127.0.0.1 sends that name as Host.
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: rebound.example:{}\r\nConnection: close\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 403"), "{reply}");
}

#[test]
fn a_file_past_the_readers_limit_is_refused_beside_its_field() {
    let server = Server::start();
    let huge = vec![b'a'; READER_LIMIT + 1];
    // The command line's reader refuses the same file for its size.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("huge.csv"), &huge).unwrap();
    let (cli, _) = common::json_of(
        common::sowgen()
            .arg("check")
            .arg(dir.path().join("huge.csv"))
            .arg("--json"),
    );
    assert!(cli.to_string().contains("larger than 100 MB"), "{cli}");
    let refused = post_form(
        &server,
        "/api/build",
        &[("room_list", Some("huge.csv"), &huge)],
        None,
    );
    assert_eq!(refused.status, 413);
    let error = &refused.json()["errors"][0];
    assert_eq!(error["field"], "room_list");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("huge.csv is larger than 100 MB")
    );

    // Exactly at the limit is read (and then rejected by the reader for what it is).
    let at_limit = vec![b'a'; READER_LIMIT];
    let started = post_form(
        &server,
        "/api/build",
        &[("room_list", Some("big.csv"), &at_limit)],
        None,
    );
    assert_eq!(started.status, 202);
    let status = finish(&server, started.json()["job"].as_str().unwrap());
    assert_eq!(status["state"], "failed");
    assert_eq!(status["errors"][0]["field"], "room_list");
}

#[test]
fn builds_past_the_slots_are_refused_with_503() {
    let server = Server::start_with(&[("SOWGEN_SERVE_HOLD_MS", "4000")]);
    let bytes = std::fs::read(sample("clinic-fitout.xlsx")).unwrap();
    let parts: [(&str, Option<&str>, &[u8]); 1] = [("room_list", Some("c.xlsx"), &bytes)];
    let first = post_form(&server, "/api/build", &parts, None);
    let second = post_form(&server, "/api/build", &parts, None);
    assert_eq!((first.status, second.status), (202, 202));
    let third = post_form(&server, "/api/build", &parts, None);
    assert_eq!(third.status, 503);
    assert!(third.header("retry-after").is_some());
    assert!(
        third.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("try again")
    );
    // A slot frees when a build ends.
    finish(&server, first.json()["job"].as_str().unwrap());
    assert_eq!(post_form(&server, "/api/build", &parts, None).status, 202);
}

#[test]
fn two_revisions_give_the_cli_change_order() {
    let server = Server::start();
    let a = std::fs::read(sample("west-tower-rev-a.xlsx")).unwrap();
    let b = std::fs::read(sample("west-tower-rev-b.xlsx")).unwrap();
    let started = post_form(
        &server,
        "/api/diff",
        &[
            ("old", Some("west-tower-rev-a.xlsx"), &a),
            ("new", Some("west-tower-rev-b.xlsx"), &b),
        ],
        None,
    );
    assert_eq!(started.status, 202);
    let job = started.json()["job"].as_str().unwrap().to_string();
    let status = finish(&server, &job);
    assert_eq!(status["state"], "done", "{status}");

    let out = tempfile::tempdir().unwrap();
    let (cli, code) = common::json_of(
        common::sowgen()
            .arg("diff")
            .arg(sample("west-tower-rev-a.xlsx"))
            .arg(sample("west-tower-rev-b.xlsx"))
            .arg("-o")
            .arg(out.path().join("co"))
            .arg("--json"),
    );
    assert_eq!(code, 0);
    let result = &status["result"];
    assert_eq!(result["cost_delta"], cli["cost_delta"]);
    assert_eq!(result["changed"], cli["changed"]);
    assert_eq!(result["added"], cli["added"]);
    let names: Vec<&str> = status["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["change-order.docx", "change-order.xlsx"]);
    assert_eq!(
        get(&server, &format!("/api/jobs/{job}/package.zip")).status,
        200
    );

    // A missing revision is reported against its own field.
    let missing = post_form(&server, "/api/diff", &[("old", Some("a.xlsx"), &a)], None);
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["errors"][0]["field"], "new");
}

#[test]
fn leveling_says_it_is_not_here_yet() {
    let server = Server::start();
    let info = get(&server, "/api/info").json();
    assert_eq!(info["limits"]["room_list_bytes"], READER_LIMIT);
    if info["features"]["leveling"] == false {
        let refused = post_form(&server, "/api/level", &[], None);
        assert_eq!(refused.status, 501);
        assert_eq!(refused.json()["errors"][0]["field"], "bids");
    }
}
