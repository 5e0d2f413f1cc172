//! Library-level tests of `write_package`: each makes its own hostile folder and checks that a
//! refusal leaves every byte as it was and no staging folder behind.

use super::*;
use std::collections::BTreeMap;

fn file(name: &str, text: &'static str) -> OutputFile<'static> {
    OutputFile::rendered(name, move || Ok(text.as_bytes().to_vec()))
}

fn job(inputs: &[&Path]) -> Job {
    Job::new("build", inputs.iter().map(|p| Some(*p)))
}

/// Every file and folder under `root` (folders with no bytes), by relative path.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
                out.insert(rel, None);
            } else if meta.is_file() {
                out.insert(rel, Some(fs::read(&path).unwrap()));
            } else {
                let link = fs::read_link(&path).unwrap();
                out.insert(rel, Some(link.to_string_lossy().as_bytes().to_vec()));
            }
        }
    }
    out
}

fn package(dir: &Path, text: &'static str) {
    write_package(
        dir,
        &job(&[]),
        &[file("a.txt", text), file("sub/b.txt", "b")],
    )
    .unwrap();
}

fn refusal(result: Result<Vec<PathBuf>, Error>) -> Refusal {
    match result {
        Err(Error::Refused { reason, .. }) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Try to write into `dir` and expect `expected`, with `root` unchanged byte for byte.
fn assert_refused(root: &Path, dir: &Path, inputs: &[&Path], expected: Refusal) {
    let before = snapshot(root);
    let result = write_package(dir, &job(inputs), &[file("a.txt", "new")]);
    let message = result
        .as_ref()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(refusal(result), expected, "{message}");
    assert!(message.contains(&dir.display().to_string()), "{message}");
    assert!(snapshot(root) == before, "{message}: something changed");
}

#[test]
fn a_package_carries_a_manifest_that_matches_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let written = write_package(
        &dir,
        &Job::new("diff", []),
        &[file("z.txt", "zed"), file("bid/a.txt", "one")],
    )
    .unwrap();
    assert_eq!(
        written,
        vec![
            dir.join("z.txt"),
            dir.join("bid/a.txt"),
            dir.join(MANIFEST_NAME)
        ]
    );
    let manifest = Manifest::read(&dir.join(MANIFEST_NAME)).unwrap();
    assert_eq!(manifest.command, "diff");
    let paths: Vec<&str> = manifest.files.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["bid/a.txt", "z.txt"]);
    for entry in &manifest.files {
        let path = dir.join(&entry.path);
        assert_eq!(fs::metadata(&path).unwrap().len(), entry.size);
        assert_eq!(
            manifest::hash_file(&path, manifest::Algorithm::Blake3).unwrap(),
            entry.digest
        );
    }
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "only the package"
    );
}

#[test]
fn a_rebuild_replaces_an_earlier_package_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    write_package(&dir, &job(&[]), &[file("a.txt", "three")]).unwrap();
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "three");
    assert!(!dir.join("sub").exists());
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no staging left"
    );
}

#[test]
fn the_two_rename_swap_gives_the_same_result() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    let files = [file("a.txt", "two")];
    write_with(&dir, &job(&[]), &files, swap::Strategy::TwoRenames).unwrap();
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "two");
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing aside"
    );
}

#[test]
fn an_empty_folder_is_filled() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    fs::create_dir(&dir).unwrap();
    package(&dir, "one");
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
}

#[test]
fn a_writer_that_fails_midway_leaves_the_earlier_package() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    let before = snapshot(tmp.path());
    let failing = OutputFile::new("c.txt", |out| {
        out.write_all(b"half a file")?;
        Err(io::Error::other("disk full").into())
    });
    let err = write_package(&dir, &job(&[]), &[file("a.txt", "two"), failing]).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("c.txt") && message.contains("disk full"),
        "{message}"
    );
    assert!(
        snapshot(tmp.path()) == before,
        "the earlier package changed"
    );
}

#[test]
fn a_writer_that_panics_leaves_no_staging_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let panicking = OutputFile::new("p.txt", |_| panic!("a renderer bug"));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write_package(&dir, &job(&[]), &[panicking])
    }));
    assert!(result.is_err());
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_folder_sowgen_did_not_write_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.docx"), "my notes").unwrap();
    assert_refused(tmp.path(), &dir, &[], Refusal::NotSowgens);
}

#[test]
fn a_file_added_to_a_package_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    fs::write(dir.join("sub/markup.txt"), "reviewer's notes").unwrap();
    assert_refused(
        tmp.path(),
        &dir,
        &[],
        Refusal::Unlisted("sub/markup.txt".into()),
    );
    fs::remove_file(dir.join("sub/markup.txt")).unwrap();
    fs::create_dir(dir.join("drafts")).unwrap();
    assert_refused(tmp.path(), &dir, &[], Refusal::Unlisted("drafts".into()));
}

#[test]
fn an_edited_file_is_refused_even_at_the_same_size() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    fs::write(dir.join("a.txt"), "two").unwrap();
    assert_refused(tmp.path(), &dir, &[], Refusal::Changed("a.txt".into()));
    fs::write(dir.join("a.txt"), "longer").unwrap();
    assert_refused(tmp.path(), &dir, &[], Refusal::Changed("a.txt".into()));
}

#[test]
fn a_deleted_package_file_is_no_reason_to_refuse() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    fs::remove_file(dir.join("sub/b.txt")).unwrap();
    package(&dir, "two");
    assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "two");
}

#[test]
fn a_damaged_or_hostile_manifest_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    fs::write(dir.join(MANIFEST_NAME), "{not json").unwrap();
    let before = snapshot(tmp.path());
    let reason = refusal(write_package(&dir, &job(&[]), &[file("a.txt", "x")]));
    assert!(matches!(reason, Refusal::BadManifest(_)), "{reason}");
    assert!(snapshot(tmp.path()) == before);
}

#[cfg(unix)]
#[test]
fn links_and_special_files_are_refused_and_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    let elsewhere = tmp.path().join("precious.txt");
    fs::write(&elsewhere, "keep me").unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("link")).unwrap();
    assert_refused(tmp.path(), &dir, &[], Refusal::Special("link".into()));
    fs::remove_file(dir.join("link")).unwrap();

    // A listed file replaced by a link to the user's file.
    fs::remove_file(dir.join("a.txt")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("a.txt")).unwrap();
    assert_refused(tmp.path(), &dir, &[], Refusal::Special("a.txt".into()));
}

#[test]
fn an_existing_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("report.pdf");
    fs::write(&path, "a file").unwrap();
    assert_refused(tmp.path(), &path, &[], Refusal::NotAFolder);
}

#[cfg(unix)]
#[test]
fn a_link_is_resolved_to_its_folder_and_a_broken_link_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    package(&real, "one");
    let link = tmp.path().join("latest");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    package(&link, "two");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(real.join("a.txt")).unwrap(), "two");

    let file = tmp.path().join("notes.txt");
    fs::write(&file, "x").unwrap();
    let to_file = tmp.path().join("to-file");
    std::os::unix::fs::symlink(&file, &to_file).unwrap();
    assert_refused(tmp.path(), &to_file, &[], Refusal::NotAFolder);

    let broken = tmp.path().join("broken");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &broken).unwrap();
    assert_refused(tmp.path(), &broken, &[], Refusal::BrokenLink);
}

#[test]
fn a_folder_holding_an_input_is_refused_even_with_a_matching_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    // An input that is a package file itself (a bid form read back by `level`).
    let input = dir.join("sub/b.txt");
    assert_refused(
        tmp.path(),
        &dir,
        &[&input],
        Refusal::HoldsInput(input.clone()),
    );
    // The input reached through another spelling of the folder.
    let other = tmp.path().join("out/../out/sub/b.txt");
    assert_refused(
        tmp.path(),
        &dir,
        &[&other],
        Refusal::HoldsInput(other.clone()),
    );
    // The room list's own folder, an ancestor of it, and the input folder itself.
    let lists = tmp.path().join("lists");
    fs::create_dir_all(lists.join("rev-a")).unwrap();
    let list = lists.join("rev-a/list.csv");
    fs::write(&list, "Room\n101\n").unwrap();
    let rev_a = lists.join("rev-a");
    assert_refused(
        tmp.path(),
        &rev_a,
        &[&list],
        Refusal::HoldsInput(list.clone()),
    );
    assert_refused(
        tmp.path(),
        &lists,
        &[&list],
        Refusal::HoldsInput(list.clone()),
    );
    assert_refused(
        tmp.path(),
        &rev_a,
        &[&rev_a],
        Refusal::IsInput(rev_a.clone()),
    );
    let inside = rev_a.join("out");
    assert_refused(
        tmp.path(),
        &inside,
        &[&rev_a],
        Refusal::InsideInput(rev_a.clone()),
    );
}

#[cfg(unix)]
#[test]
fn a_hard_link_to_an_input_inside_a_package_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    package(&dir, "one");
    let input = tmp.path().join("b.txt");
    fs::hard_link(dir.join("sub/b.txt"), &input).unwrap();
    assert_refused(
        tmp.path(),
        &dir,
        &[&input],
        Refusal::HoldsInput(input.clone()),
    );
}

#[test]
fn names_that_would_land_on_one_file_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    for files in [
        vec![file("a.txt", "1"), file("A.TXT", "2")],
        vec![file("x", "1"), file("X/y", "2")],
        vec![file("../escape", "1")],
        vec![file(MANIFEST_NAME, "{}")],
    ] {
        let err = write_package(&dir, &job(&[]), &files).unwrap_err();
        assert!(matches!(err, Error::NameClash(_)), "{err}");
    }
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_missing_target_is_created_with_its_parents() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a/b/../c/out");
    write_package(&dir, &job(&[]), &[file("f", "1")]).unwrap();
    assert_eq!(
        fs::read_to_string(tmp.path().join("a/c/out/f")).unwrap(),
        "1"
    );
}

#[test]
fn builds_into_one_folder_from_many_threads_leave_one_whole_package() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    const TEXTS: [&str; 8] = ["0", "1", "2", "3", "4", "5", "6", "7"];
    std::thread::scope(|s| {
        for text in TEXTS {
            let dir = &dir;
            s.spawn(move || {
                let files = [file("a.txt", text), file("sub/b.txt", text)];
                write_package(dir, &job(&[]), &files).unwrap();
            });
        }
    });
    let a = fs::read_to_string(dir.join("a.txt")).unwrap();
    assert_eq!(a, fs::read_to_string(dir.join("sub/b.txt")).unwrap());
    let manifest = Manifest::read(&dir.join(MANIFEST_NAME)).unwrap();
    for entry in &manifest.files {
        assert_eq!(
            manifest::hash_file(&dir.join(&entry.path), manifest::Algorithm::Blake3).unwrap(),
            entry.digest
        );
    }
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}
