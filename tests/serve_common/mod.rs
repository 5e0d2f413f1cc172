//! Helpers for the `sowgen serve` tests: the real binary on a free loopback port, and the package
//! figures the command line gives for the same input.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `sowgen serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
    pub port: u16,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// Start with extra environment (the build-slot test holds each job a while).
    pub fn start_with(env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sowgen"));
        command
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .stdin(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("sowgen starts");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let start = line
            .find("http://")
            .unwrap_or_else(|| panic!("no address printed: {line}"));
        let url = line[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "loopback by default: {url}"
        );
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        Server { child, url, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A multipart/form-data body: (field, file name or None for a text field, bytes).
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----sowgen-test-boundary-7d1f0a";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(file) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// `sowgen build --json` of a sample, into a temporary folder: its JSON.
pub fn cli_build(sample: &Path) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sowgen"))
        .arg("build")
        .arg(sample)
        .arg("-o")
        .arg(out.path().join("pkg"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `estimate.json` from a zipped package, wherever the folder inside puts it.
pub fn estimate_in_zip(bytes: &[u8]) -> serde_json::Value {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let name = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.ends_with("/estimate.json"))
        .expect("estimate.json in the zip")
        .to_string();
    let mut text = String::new();
    archive
        .by_name(&name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Whether a missing tool fails the test run (CI) or only skips with a note.
pub fn tools_required() -> bool {
    let set = |k: &str| {
        std::env::var(k)
            .map(|v| !v.is_empty() && v != "0" && v != "false")
            .unwrap_or(false)
    };
    set("CI") || set("SOWGEN_REQUIRE_TOOLS")
}
