//! Inputs for the text fuzz targets (fuzz/fuzz_targets/{catalog,project_file,templates}.rs),
//! found by the fuzzer or made by hand as their seeds: each runs through what its target runs,
//! and must be refused with a message or go through, never panic, overflow or recurse without
//! bound. Files live in tests/fixtures/fuzz/{catalog,project,templates}/.

use sowgen::{
    Block, Catalog, DeviceCounts, Package, ProjectInfo, Room, RoomList, Templates, estimate,
};
use std::path::{Path, PathBuf};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "fixtures for {kind}");
    files
}

fn shape(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Heading(level, _) => format!("h{level}"),
            Block::Bullet(_) => "-".into(),
            Block::Table(name) => format!("[[{name}]]"),
            Block::Paragraph(_) => "p".into(),
        })
        .collect()
}

fn rooms(catalog: &Catalog) -> Vec<Room> {
    let mut rooms = Vec::new();
    for (i, room_type) in catalog.room_types().iter().take(64).enumerate() {
        rooms.push(
            Room::new(&format!("R{i}"), &room_type.name, DeviceCounts::default()).idf("IDF-1"),
        );
        let big = DeviceCounts::new([sowgen::MAX_DEVICE_COUNT; 6]);
        rooms.push(Room::new(&format!("B{i}"), &room_type.name, big));
    }
    rooms
}

#[test]
fn catalogs_the_fuzzer_found_parse_or_are_refused_and_expand_without_overflow() {
    for file in fixtures("catalog") {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(catalog) = Catalog::parse(&text, Path::new("fuzz.toml")) else {
            continue;
        };
        let list = RoomList {
            rooms: rooms(&catalog),
            ..RoomList::default()
        };
        let _ = Package::new(estimate(&list, &catalog), catalog.schedule());
    }
}

#[test]
fn project_files_the_fuzzer_found_never_change_the_outline() {
    let catalog = Catalog::default_catalog();
    let templates = Templates::embedded();
    let outline = |project: ProjectInfo| {
        let list = RoomList {
            project,
            rooms: vec![Room::new(
                "1-101",
                "Office",
                DeviceCounts::new([2, 0, 1, 1, 0, 0]),
            )],
            ..RoomList::default()
        };
        let package = Package::new(estimate(&list, &catalog), catalog.schedule());
        shape(&sowgen::narrative_outline(&package, &templates).unwrap())
    };
    let plain = outline(ProjectInfo::default());
    for file in fixtures("project") {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if let Ok(project) = ProjectInfo::parse(&text, Path::new("project.toml")) {
            assert_eq!(outline(project), plain, "{}", file.display());
        }
    }
}

#[test]
fn templates_the_fuzzer_found_are_refused_or_render() {
    let catalog = Catalog::default_catalog();
    let list = RoomList {
        rooms: vec![
            Room::new("1-101", "Office", DeviceCounts::new([2, 0, 1, 1, 0, 0])),
            Room::new("1-102", "Telecom Room", DeviceCounts::default()),
        ],
        ..RoomList::default()
    };
    let package = Package::new(estimate(&list, &catalog), catalog.schedule());
    for file in fixtures("templates") {
        let bytes = std::fs::read(&file).unwrap();
        let Some((&which, rest)) = bytes.split_first() else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(rest) else {
            continue;
        };
        let name = if which % 2 == 0 {
            "scope-of-work.hbs"
        } else {
            "bid-package.hbs"
        };
        let name_of = file.file_name().unwrap().to_string_lossy().into_owned();
        match Templates::with_template(name, text) {
            Ok(templates) => {
                let _ = sowgen::narrative_outline(&package, &templates);
                if let Some(bid) = package.bids.first() {
                    let _ = sowgen::bid_outline(&package.estimate, bid, &templates);
                }
            }
            Err(e) => assert!(!e.to_string().is_empty(), "{name_of}"),
        }
    }
}
