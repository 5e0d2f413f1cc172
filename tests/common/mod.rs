//! Helpers shared by the integration tests: run the real binary, read its outputs back.
#![allow(dead_code)]

pub mod excel;

use assert_cmd::Command;
use std::io::Read;
pub mod bid_forms;
use std::path::{Path, PathBuf};

pub fn sowgen() -> Command {
    Command::cargo_bin("sowgen").expect("the sowgen binary is built")
}

/// One run of the real binary, set up in the manner of just's `Test`:
/// `Test::build().sample("clinic-fitout.xlsx").out(&dir).json().ok()`.
pub struct Test {
    command: Command,
}

/// What a `--json` run gave: the one JSON document on stdout, the exit code, stderr.
pub struct Outcome {
    pub json: serde_json::Value,
    pub code: i32,
    pub stderr: String,
}

impl Outcome {
    /// The JSON of a run that must succeed.
    pub fn ok(self) -> serde_json::Value {
        assert_eq!(self.code, 0, "{}\n{}", self.json, self.stderr);
        self.json
    }
}

impl Test {
    pub fn new(subcommand: &str) -> Test {
        let mut command = sowgen();
        command.arg(subcommand);
        Test { command }
    }

    pub fn check() -> Test {
        Test::new("check")
    }

    pub fn build() -> Test {
        Test::new("build")
    }

    pub fn diff() -> Test {
        Test::new("diff")
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Test {
        self.command.arg(arg);
        self
    }

    pub fn args<I: AsRef<std::ffi::OsStr>>(mut self, args: impl IntoIterator<Item = I>) -> Test {
        self.command.args(args);
        self
    }

    /// A bundled sample room list, by its name under `samples/`.
    pub fn sample(self, name: &str) -> Test {
        self.arg(sample(name))
    }

    /// The folder to write into (`-o DIR`).
    pub fn out(self, dir: &Path) -> Test {
        self.arg("-o").arg(dir)
    }

    /// Run with `--json` and parse stdout as the one JSON document it must be.
    pub fn json(mut self) -> Outcome {
        self.command.arg("--json");
        let output = self.command.output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {stdout}"));
        Outcome {
            json,
            code: output.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Run as a person would (no `--json`).
    pub fn output(mut self) -> std::process::Output {
        self.command.output().unwrap()
    }
}

/// A rejected list: what was read, and every problem.
pub type Rejection = Box<(sowgen::RoomList, Vec<sowgen::Problem>)>;

/// A room list read from bytes: what was read, or what was read and every problem.
pub fn read_list(
    name: &str,
    bytes: &[u8],
    options: &sowgen::ReadOptions,
) -> Result<sowgen::RoomList, Rejection> {
    match sowgen::read_bytes(name, bytes, &sowgen::Catalog::default_catalog(), options) {
        Ok(list) => Ok(list),
        Err(sowgen::Error::Rejected(r)) => Err(Box::new((r.list, r.errors))),
        Err(other) => panic!("{other}"),
    }
}

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// The samples' expected room and device totals, keyed as expected.json keys them.
pub fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(sample("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// expected.json's short device keys, as the SPEC's JSON names them.
pub const DEVICE_KEYS: [(&str, &str); 6] = [
    ("data", "data_drops"),
    ("ap", "wireless_aps"),
    ("ws", "workstations"),
    ("phone", "phones"),
    ("printer", "printers"),
    ("tv", "displays"),
];

/// Run a command and parse its stdout as the one JSON document it must be.
pub fn json_of(command: &mut Command) -> (serde_json::Value, i32) {
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {stdout}"));
    (value, output.status.code().unwrap_or(-1))
}

/// The text of every `w:t` element of a docx part, in document order, joined by spaces.
pub fn docx_text(path: &Path, part: &str) -> String {
    w_t_texts(&zip_part(path, part)).join(" ")
}

/// The texts of the `w:t` elements (not `w:tbl`, `w:tc`, `w:tab`, ...) in a piece of XML.
pub fn w_t_texts(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:t") {
        rest = &rest[start + "<w:t".len()..];
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let Some(open_end) = rest.find('>') else {
            break;
        };
        if rest[..open_end].ends_with('/') {
            rest = &rest[open_end..];
            continue;
        }
        let body = &rest[open_end + 1..];
        let Some(close) = body.find("</w:t>") else {
            break;
        };
        out.push(unescape(&body[..close]));
        rest = &body[close..];
    }
    out
}

pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

pub fn zip_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive
        .by_name(part)
        .unwrap_or_else(|_| panic!("{} has no {part}", path.display()));
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

/// All the text of a PDF.
pub fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

/// A cell of an xlsx sheet as calamine reads it (cached values for formulas).
pub fn xlsx_sheet(path: &Path, sheet: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.worksheet_range(sheet).unwrap()
}

/// The value in column `value_col` of the row whose first cell is `label`.
pub fn labelled_value(
    range: &calamine::Range<calamine::Data>,
    label: &str,
    value_col: usize,
) -> calamine::Data {
    range
        .rows()
        .find(|row| row.first().map(|c| c.to_string()) == Some(label.to_string()))
        .unwrap_or_else(|| panic!("no row labelled {label}"))[value_col]
        .clone()
}

/// A money string as a number of cents, for exact comparison.
pub fn cents(text: &str) -> i64 {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-' || *c == '.')
        .collect();
    let value: rust_decimal::Decimal = cleaned
        .parse()
        .unwrap_or_else(|_| panic!("not money: {text}"));
    (value * rust_decimal::Decimal::from(100))
        .try_into()
        .unwrap()
}
