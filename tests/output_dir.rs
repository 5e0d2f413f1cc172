//! The output folder, through the real binary: sowgen replaces only a package it wrote, refuses
//! everything else byte for byte untouched, survives SIGTERM and SIGKILL mid-build, and eight
//! builds at once leave one whole package. Each test makes its own hostile situation.

mod common;
use common::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MANIFEST: &str = sowgen::MANIFEST_NAME;

/// Every file, folder and link under `root`, with the bytes of files and the targets of links.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let meta = fs::symlink_metadata(&path).unwrap();
            let what = if meta.file_type().is_symlink() {
                format!("link to {}", fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                stack.push(path);
                "folder".to_string()
            } else {
                format!("file {:x?}", fs::read(&path).unwrap())
            };
            out.insert(rel, what);
        }
    }
    out
}

/// Run sowgen in `cwd` and expect a refusal naming `reason`: exit 1, nothing under `root` changed.
fn assert_refused(root: &Path, cwd: &Path, args: &[&str], reason: &str) {
    let before = snapshot(root);
    let output = sowgen().current_dir(cwd).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(
        stderr.contains("will not write into") && stderr.contains(reason),
        "{args:?}: {stderr}"
    );
    let after = snapshot(root);
    assert!(after == before, "{args:?} changed something: {after:#?}");
}

fn copy_sample(name: &str, to: &Path) -> PathBuf {
    fs::create_dir_all(to).unwrap();
    let path = to.join(name);
    fs::copy(sample(name), &path).unwrap();
    path
}

fn build_ok(input: &Path, out: &Path) {
    let output = sowgen()
        .args(["build", "-o"])
        .arg(out)
        .arg(input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn sha256(path: &Path) -> String {
    let digest = Sha256::digest(fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest a manifest of this version lists (BLAKE3, as its own reference code makes it).
fn blake3(path: &Path) -> String {
    blake3::hash(&fs::read(path).unwrap()).to_hex().to_string()
}

/// The package's files are exactly those its manifest lists, with their sizes and hashes.
fn assert_manifest_matches(dir: &Path) -> serde_json::Value {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(MANIFEST)).unwrap()).unwrap();
    let mut listed = BTreeMap::new();
    for entry in manifest["files"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap().to_string();
        listed.insert(path, entry.clone());
    }
    let mut found = Vec::new();
    for (rel, what) in snapshot(dir) {
        if what == "folder" || rel == Path::new(MANIFEST) {
            continue;
        }
        let key = rel.to_string_lossy().replace('\\', "/");
        let entry = listed
            .get(&key)
            .unwrap_or_else(|| panic!("{key} is not in the manifest"));
        let path = dir.join(&rel);
        assert_eq!(fs::metadata(&path).unwrap().len(), entry["size"], "{key}");
        assert_eq!(blake3(&path), entry["blake3"].as_str().unwrap(), "{key}");
        found.push(key);
    }
    let expected: Vec<&String> = listed.keys().collect();
    assert_eq!(found.iter().collect::<Vec<_>>(), expected, "files missing");
    manifest
}

/// Names beside the package that look like sowgen's staging folders.
fn staging_in(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".sowgen-staging-"))
        .collect()
}

#[test]
fn refuses_the_folder_that_holds_the_room_list() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("west-tower");
    let list = copy_sample("west-tower-rev-a.xlsx", &project);
    fs::write(project.join("meeting notes.docx"), "notes").unwrap();
    fs::create_dir(project.join("drawings")).unwrap();
    fs::write(project.join("drawings/level-3.pdf"), "drawing").unwrap();
    let (p, l) = (project.to_str().unwrap(), list.to_str().unwrap());
    // Run from elsewhere, so that it is the input and not the current directory that matters.
    let away = std::env::temp_dir();
    assert_refused(tmp.path(), &away, &["build", l, "-o", p], "holds the input");
    // The folder above it too, and the same folder through a link.
    let above = tmp.path().to_str().unwrap();
    assert_refused(
        tmp.path(),
        &away,
        &["build", l, "-o", above],
        "holds the input",
    );
    #[cfg(unix)]
    {
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&project, &link).unwrap();
        let link = link.to_str().unwrap();
        assert_refused(
            tmp.path(),
            &away,
            &["build", l, "-o", link],
            "holds the input",
        );
    }
}

#[test]
fn refuses_the_current_directory_and_what_holds_it() {
    let tmp = tempfile::tempdir().unwrap();
    let list = copy_sample("clinic-fitout.xlsx", &tmp.path().join("lists"));
    let here = tmp.path().join("work/empty");
    fs::create_dir_all(&here).unwrap();
    let l = list.to_str().unwrap();
    // Even empty, the current directory is not replaced.
    assert_refused(
        tmp.path(),
        &here,
        &["build", l, "-o", "."],
        "is the current directory",
    );
    assert_refused(
        tmp.path(),
        &here,
        &["build", l, "-o", ".."],
        "holds the current directory",
    );
}

#[test]
fn refuses_an_existing_file_and_a_folder_sowgen_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let list = copy_sample("clinic-fitout.xlsx", &tmp.path().join("lists"));
    let l = list.to_str().unwrap();
    fs::write(tmp.path().join("budget.xlsx"), "the user's own workbook").unwrap();
    assert_refused(
        tmp.path(),
        tmp.path(),
        &["build", l, "-o", "budget.xlsx"],
        "is an existing file",
    );
    fs::create_dir(tmp.path().join("reports")).unwrap();
    fs::write(tmp.path().join("reports/q3.docx"), "q3").unwrap();
    assert_refused(
        tmp.path(),
        tmp.path(),
        &["build", l, "-o", "reports"],
        "has no .sowgen-manifest.json",
    );
}

#[test]
fn a_package_an_earlier_version_wrote_is_replaced_and_its_edits_refused() {
    // Format 1 manifests list SHA-256 digests: still sowgen's own, still checked.
    let tmp = tempfile::tempdir().unwrap();
    let list = copy_sample("clinic-fitout.xlsx", &tmp.path().join("lists"));
    let out = tmp.path().join("out");
    build_ok(&list, &out);
    let as_earlier = |out: &Path| {
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(MANIFEST)).unwrap()).unwrap();
        manifest["format"] = 1.into();
        for entry in manifest["files"].as_array_mut().unwrap() {
            let path = out.join(entry["path"].as_str().unwrap());
            let object = entry.as_object_mut().unwrap();
            object.remove("blake3");
            object.insert("sha256".into(), sha256(&path).into());
        }
        fs::write(out.join(MANIFEST), serde_json::to_vec(&manifest).unwrap()).unwrap();
    };
    as_earlier(&out);
    build_ok(&list, &out);
    assert_eq!(assert_manifest_matches(&out)["format"], 2);
    as_earlier(&out);
    // The same size: only its digest tells the edit.
    let mut rooms = fs::read(out.join("rooms.csv")).unwrap();
    rooms[10] ^= 0x20;
    fs::write(out.join("rooms.csv"), rooms).unwrap();
    assert_refused(
        tmp.path(),
        tmp.path(),
        &["build", list.to_str().unwrap(), "-o", out.to_str().unwrap()],
        "rooms.csv",
    );
}

#[test]
fn a_list_that_cannot_be_read_is_reported_before_a_folder_refused() {
    // The folder is looked at while the list is read; the list's error still comes first, and
    // the folder is left as it was.
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("duplicate-room.xlsx");
    fs::copy(sample("bad/duplicate-room.xlsx"), &list).unwrap();
    fs::create_dir(tmp.path().join("reports")).unwrap();
    fs::write(tmp.path().join("reports/q3.docx"), "q3").unwrap();
    let before = snapshot(tmp.path());
    let output = sowgen()
        .current_dir(tmp.path())
        .args(["build", list.to_str().unwrap(), "-o", "reports"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("will not write into"), "{stderr}");
    assert!(stderr.contains("duplicate"), "{stderr}");
    assert!(snapshot(tmp.path()) == before);
}

#[test]
fn refuses_a_package_the_user_has_added_to_or_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let list = copy_sample("clinic-fitout.xlsx", &tmp.path().join("lists"));
    let l = list.to_str().unwrap();
    let out = tmp.path().join("pkg");
    build_ok(&list, &out);
    fs::write(out.join("bid-packages/markup.pdf"), "reviewer's markup").unwrap();
    assert_refused(
        tmp.path(),
        tmp.path(),
        &["build", l, "-o", "pkg"],
        "'bid-packages/markup.pdf', which sowgen did not write",
    );
    fs::remove_file(out.join("bid-packages/markup.pdf")).unwrap();
    let sow = out.join("scope-of-work.docx");
    let mut bytes = fs::read(&sow).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&sow, bytes).unwrap();
    assert_refused(
        tmp.path(),
        tmp.path(),
        &["build", l, "-o", "pkg"],
        "'scope-of-work.docx' has changed since sowgen wrote it",
    );
}

#[test]
fn diff_refuses_a_folder_holding_either_revision_and_an_input_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let old = copy_sample("west-tower-rev-a.xlsx", &tmp.path().join("rev-a"));
    let new = copy_sample("west-tower-rev-b.xlsx", &tmp.path().join("rev-b"));
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    assert_refused(
        tmp.path(),
        tmp.path(),
        &["diff", o, n, "-o", "rev-a"],
        "holds the input",
    );
    assert_refused(
        tmp.path(),
        tmp.path(),
        &["diff", o, n, "-o", "rev-b"],
        "holds the input",
    );
    // The templates folder is an input too: neither it nor a folder inside it is written.
    let init = sowgen()
        .arg("init")
        .arg(tmp.path().join("mine"))
        .output()
        .unwrap();
    assert!(init.status.success());
    let t = tmp.path().join("mine/templates");
    let t = t.to_str().unwrap();
    let args = ["build", n, "--templates", t, "-o", t];
    assert_refused(tmp.path(), tmp.path(), &args, "is the input");
    let inside = format!("{t}/out");
    let args = ["build", n, "--templates", t, "-o", &inside];
    assert_refused(tmp.path(), tmp.path(), &args, "is inside the input folder");
}

#[test]
fn a_rebuild_replaces_an_earlier_package_and_diff_writes_its_own_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let a = copy_sample("west-tower-rev-a.xlsx", &tmp.path().join("lists"));
    let b = copy_sample("west-tower-rev-b.xlsx", &tmp.path().join("lists"));
    let out = tmp.path().join("pkg");
    build_ok(&a, &out);
    let first = snapshot(&out);
    build_ok(&b, &out);
    assert!(snapshot(&out) != first, "the second build changed nothing");
    let manifest = assert_manifest_matches(&out);
    assert_eq!(manifest["command"], "build");
    let estimate: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("estimate.json")).unwrap()).unwrap();
    assert!(estimate["file"].as_str().unwrap().contains("rev-b"));

    let co = tmp.path().join("co");
    for _ in 0..2 {
        let output = sowgen()
            .arg("diff")
            .arg(&a)
            .arg(&b)
            .arg("-o")
            .arg(&co)
            .output()
            .unwrap();
        assert!(output.status.success());
    }
    assert_eq!(assert_manifest_matches(&co)["command"], "diff");
    let mut names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["co", "lists", "pkg"], "something left beside");
}

/// A room list big enough that a debug build spends seconds writing it.
fn big_list(dir: &Path, rooms: usize) -> PathBuf {
    const TYPES: [&str; 6] = [
        "Patient Room",
        "Exam Room",
        "Nurse Station",
        "Office",
        "Conference Room",
        "ICU Patient Room",
    ];
    let mut csv = String::from("Room Number,Room Name,Room Type,IDF,Data Drops,Wireless APs\n");
    for i in 0..rooms {
        let kind = TYPES[i % TYPES.len()];
        csv.push_str(&format!(
            "{},Room {i},{kind},IDF-{},4,1\n",
            1000 + i,
            i / 150
        ));
    }
    let path = dir.join("big.csv");
    fs::write(&path, csv).unwrap();
    path
}

/// Start a build of `input` into `out` and wait until it is writing its staging folder.
fn start_build_and_wait_for_staging(input: &Path, out: &Path) -> (Child, PathBuf) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("sowgen"))
        .args(["build", "-o"])
        .arg(out)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let parent = out.parent().unwrap();
    let started = Instant::now();
    loop {
        // Writing has begun when a file besides the marker is in the staging folder.
        for name in staging_in(parent) {
            let staging = parent.join(name);
            let files = fs::read_dir(&staging).map(|d| d.count()).unwrap_or(0);
            if files > 1 {
                return (child, staging);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended ({status}) before it was caught writing");
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(unix)]
fn signal(child: &Child, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
}

#[cfg(unix)]
#[test]
fn sigterm_and_ctrl_c_mid_build_remove_the_staging_folder_and_keep_the_earlier_package() {
    use std::os::unix::process::ExitStatusExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("pkg");
    build_ok(&sample("clinic-fitout.xlsx"), &out);
    let earlier = snapshot(&out);
    let big = big_list(tmp.path(), 400);
    for (sig, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let (mut child, staging) = start_build_and_wait_for_staging(&big, &out);
        signal(&child, sig);
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(code),
            "signal {sig}: {status:?} {:?}",
            status.signal()
        );
        assert!(!staging.exists(), "signal {sig}: staging left behind");
        assert_eq!(staging_in(tmp.path()), Vec::<String>::new());
        assert!(
            snapshot(&out) == earlier,
            "signal {sig}: the earlier package changed"
        );
    }
}

#[cfg(unix)]
#[test]
fn staging_left_by_a_killed_build_is_removed_by_the_next_build() {
    use std::os::unix::process::ExitStatusExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("pkg");
    let big = big_list(tmp.path(), 400);
    let (mut child, staging) = start_build_and_wait_for_staging(&big, &out);
    signal(&child, libc::SIGKILL);
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGKILL));
    assert!(
        staging.exists(),
        "SIGKILL leaves the staging folder (nothing can run)"
    );
    assert!(!out.exists(), "a killed first build leaves no package");

    // A user's folder that merely looks like staging (no marker) is not sowgen's to remove.
    let lookalike = tmp.path().join(".pkg.sowgen-staging-999999-0");
    fs::create_dir(&lookalike).unwrap();
    fs::write(lookalike.join("keep.txt"), "mine").unwrap();

    build_ok(&sample("clinic-fitout.xlsx"), &out);
    assert!(!staging.exists(), "the stale staging folder is still there");
    assert!(lookalike.join("keep.txt").exists());
    assert_manifest_matches(&out);
}

#[test]
fn eight_builds_into_one_folder_at_once_leave_one_whole_package() {
    let tmp = tempfile::tempdir().unwrap();
    let a = copy_sample("clinic-fitout.xlsx", &tmp.path().join("lists"));
    let b = copy_sample("west-tower-rev-a.xlsx", &tmp.path().join("lists"));
    let out = tmp.path().join("pkg");
    let children: Vec<Child> = (0..8)
        .map(|i| {
            Command::new(assert_cmd::cargo::cargo_bin("sowgen"))
                .args(["build", "--json", "-o"])
                .arg(&out)
                .arg(if i % 2 == 0 { &a } else { &b })
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_manifest_matches(&out);
    // One build's files, not a mixture: the estimate and the room table name the same list.
    let estimate: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("estimate.json")).unwrap()).unwrap();
    let file = estimate["file"].as_str().unwrap();
    let rooms = fs::read_to_string(out.join("rooms.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    let expected = if file.contains("clinic") { &a } else { &b };
    let (check, _) = json_of(sowgen().args(["check", "--json"]).arg(expected));
    assert_eq!(rooms as u64, check["rooms"].as_u64().unwrap(), "{file}");
    assert_eq!(staging_in(tmp.path()), Vec::<String>::new());
}
