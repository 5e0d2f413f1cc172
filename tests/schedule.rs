//! schedule.xml read back by an independent reader: MPXJ (PyPI's `mpxj`, on a Java runtime)
//! reads it through tests/mpxj/read_schedule.py, and what it sees must be the Schedule model and
//! the estimate: the same tasks, dates and links, the last task on the go-live, the work equal to
//! the estimate's labor hours. MPXJ's own scheduler works the dates out again from the file.
//!
//! Needs python3 with mpxj and jpype1, and java (.ci/run installs them). Without them the
//! MPXJ tests print a notice and pass, unless CI or SOWGEN_REQUIRE_TOOLS=1 is set: then they fail.

mod common;
use common::*;
use rust_decimal::Decimal;
use serde_json::Value;
use sowgen::{LinkType, Schedule};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

fn tools_required() -> bool {
    let set = |name: &str| {
        std::env::var(name)
            .is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
    };
    set("CI") || set("SOWGEN_REQUIRE_TOOLS")
}

/// Whether MPXJ can run here; in CI its absence is a failure, not a skip.
fn mpxj() -> bool {
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let python = Command::new("python3")
        .args(["-c", "import mpxj, jpype"])
        .output()
        .is_ok_and(|o| o.status.success());
    if java && python {
        return true;
    }
    let missing = format!(
        "MPXJ cannot run here (java: {java}, python3 with mpxj and jpype1: {python}); .ci/run installs default-jre-headless and `pip install mpxj jpype1`"
    );
    assert!(!tools_required(), "{missing}");
    eprintln!("NOTICE: {missing}; skipping the MPXJ checks");
    false
}

/// What MPXJ reads from a schedule.xml.
fn read_back(xml: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mpxj/read_schedule.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(xml)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "MPXJ failed to read {}: {}",
        xml.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Build the clinic sample with this project file; the package's folder.
fn build(dir: &Path, project: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("project.toml");
    std::fs::write(&file, project).unwrap();
    let out = dir.join("package");
    sowgen()
        .arg("build")
        .arg(sample("clinic-fitout.xlsx"))
        .arg("-o")
        .arg(&out)
        .arg("--project")
        .arg(&file)
        .assert()
        .success();
    out
}

/// The Schedule model for the clinic with this project file, as `build` plans it.
fn model(project: &str) -> Schedule {
    let catalog = sowgen::Catalog::default_catalog();
    let options = sowgen::ReadOptions {
        project: Some(toml::from_str(project).unwrap()),
        ..Default::default()
    };
    let list = sowgen::read(&sample("clinic-fitout.xlsx"), &catalog, &options).unwrap();
    let estimate = sowgen::estimate(&list, &catalog);
    sowgen::plan_schedule(&estimate, catalog.schedule())
}

fn hours_of_ms(ms: &Value) -> Decimal {
    Decimal::from(ms.as_i64().unwrap()) / Decimal::from(3_600_000)
}

fn labor_hours(package: &Path) -> Decimal {
    let estimate: Value =
        serde_json::from_slice(&std::fs::read(package.join("estimate.json")).unwrap()).unwrap();
    Decimal::from_str(estimate["totals"]["labor_hours"].as_str().unwrap()).unwrap()
}

/// MPXJ's tasks and links against the model's: names, dates, durations, work, link types, lags.
fn same_plan(read: &Value, schedule: &Schedule) {
    let tasks = read["tasks"].as_array().unwrap();
    let leaves: Vec<&Value> = tasks.iter().filter(|t| t["summary"] == false).collect();
    assert_eq!(leaves.len(), schedule.tasks.len());
    for (seen, task) in leaves.iter().zip(&schedule.tasks) {
        assert_eq!(seen["name"], task.name.as_str());
        assert_eq!(seen["start"], task.start.to_string(), "{}", task.name);
        assert_eq!(seen["finish"], task.finish.to_string(), "{}", task.name);
        assert_eq!(
            seen["duration_days"].as_f64(),
            Some(f64::from(task.working_days)),
            "{}",
            task.name
        );
        assert_eq!(
            hours_of_ms(&seen["work_ms"]),
            task.work_hours,
            "{}",
            task.name
        );
        assert_eq!(seen["contact"], task.owner.as_str());
        assert_eq!(
            (seen["start_time"].as_str(), seen["finish_time"].as_str()),
            (Some("08:00"), Some("17:00"))
        );
    }
    // MPXJ's scheduler, from the file alone, puts every task (summaries too) where we did.
    for seen in tasks {
        assert_eq!(seen["scheduled_start"], seen["start"], "{}", seen["name"]);
        assert_eq!(seen["scheduled_finish"], seen["finish"], "{}", seen["name"]);
    }
    let summaries: Vec<&str> = tasks
        .iter()
        .filter(|t| t["summary"] == true)
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let split: Vec<&str> = schedule
        .phases
        .iter()
        .filter(|p| p.tasks.len() > 1)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(summaries, split);

    let name_of = |uid: &Value| -> String {
        tasks.iter().find(|t| t["uid"] == *uid).unwrap()["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let seen_links: BTreeSet<(String, String, String, i64)> = read["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                name_of(&l["from"]),
                name_of(&l["to"]),
                l["type"].as_str().unwrap().to_string(),
                l["lag_days"].as_f64().unwrap() as i64,
            )
        })
        .collect();
    let model_links: BTreeSet<(String, String, String, i64)> = schedule
        .links
        .iter()
        .map(|l| {
            let name = |id| schedule.task(id).unwrap().name.clone();
            let kind = match l.kind {
                LinkType::FinishToStart => "FS",
                LinkType::StartToStart => "SS",
            };
            (name(l.from), name(l.to), kind.to_string(), l.lag)
        })
        .collect();
    assert_eq!(seen_links, model_links);
    assert!(model_links.iter().any(|l| l.2 == "SS" && l.3 > 0));

    let resources: Vec<&str> = read["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    let model_resources: Vec<&str> = schedule.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(resources, model_resources);
    let holidays: Vec<String> = schedule.holidays.iter().map(|d| d.to_string()).collect();
    assert_eq!(read["holidays"], serde_json::json!(holidays));
    assert_eq!(
        read["working_weekdays"],
        serde_json::json!(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"])
    );
}

const GO_LIVE: &str = "target_go_live = \"2027-09-01\"\n";

#[test]
fn mpxj_reads_the_clinic_schedule_back_as_planned() {
    if !mpxj() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let package = build(tmp.path(), GO_LIVE);
    let read = read_back(&package.join("schedule.xml"));
    let schedule = model(GO_LIVE);
    same_plan(&read, &schedule);

    // The last task ends on the go-live.
    let last = read["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["finish"].as_str())
        .max()
        .unwrap();
    assert_eq!(last, "2027-09-01");
    assert_eq!(read["finish"], "2027-09-01");
    assert_eq!(read["title"], "Primary Care Clinic Fit-Out");

    // All the work, task by task and assignment by assignment, is the estimate's labor hours.
    let labor = labor_hours(&package);
    assert_eq!(hours_of_ms(&read["total_work_ms"]), labor);
    let assigned: Decimal = read["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| hours_of_ms(&a["work_ms"]))
        .sum();
    assert_eq!(assigned, labor);
    assert_eq!(schedule.work_hours, labor);
}

#[test]
fn a_go_live_too_close_is_a_finding_and_the_file_shows_the_later_finish() {
    let project = format!("{GO_LIVE}data_date = 2027-08-02\n");
    let schedule = model(&project);
    let risk = schedule
        .findings
        .iter()
        .find(|f| {
            f.message
                .starts_with("The target go-live of September 1, 2027 cannot be met")
        })
        .expect("the go-live finding");
    let calendar = schedule.calendar();
    let available = calendar.working_days(
        sowgen::Date::parse("2027-08-02").unwrap(),
        sowgen::Date::parse("2027-09-01").unwrap(),
    );
    let short = i64::from(schedule.working_days) - available;
    assert!(short > 0);
    assert!(
        risk.message.contains(&format!(
            "{available} are available, {short} working days short"
        )),
        "{}",
        risk.message
    );
    assert_eq!(schedule.start.to_string(), "2027-08-02");
    if !mpxj() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let package = build(tmp.path(), &project);
    let read = read_back(&package.join("schedule.xml"));
    same_plan(&read, &schedule);
    assert_eq!(read["start"], "2027-08-02");
    assert_eq!(read["finish"], schedule.finish.to_string());
    assert!(read["finish"].as_str().unwrap() > "2027-09-01");
    assert_eq!(hours_of_ms(&read["total_work_ms"]), labor_hours(&package));
}

#[test]
fn the_same_input_gives_the_same_schedule_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let first = build(&tmp.path().join("a"), GO_LIVE);
    let second = build(&tmp.path().join("b"), GO_LIVE);
    let (a, b) = (
        std::fs::read(first.join("schedule.xml")).unwrap(),
        std::fs::read(second.join("schedule.xml")).unwrap(),
    );
    assert!(a == b, "schedule.xml differs between two builds");
    let text = String::from_utf8(a).unwrap();
    // Dates come from the project, never the clock; lags in tenths of a minute (10 days of
    // 8 hours between the design's start and construction's).
    assert!(text.contains("<FinishDate>2027-09-01T17:00:00</FinishDate>"));
    assert!(text.contains("<LinkLag>48000</LinkLag>"));
}
