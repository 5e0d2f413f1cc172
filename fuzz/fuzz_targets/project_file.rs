//! Any project-file text must parse or give a located error; a project that parses must build
//! a scope of work, and nothing in it may become a heading or a table of the document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sowgen::{Catalog, DeviceCounts, Package, ProjectInfo, Room, RoomList, Templates, estimate};
use std::path::Path;
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::default_catalog)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(project) = ProjectInfo::parse(text, Path::new("project.toml")) else {
        return;
    };
    let list = RoomList {
        file: "fuzz.csv".into(),
        project,
        rooms: vec![Room::new("1-101", "Office", DeviceCounts::new([2, 0, 1, 1, 0, 0]))],
        ..RoomList::default()
    };
    let package = Package::new(estimate(&list, catalog()), catalog().schedule());
    let templates = Templates::embedded();
    let outline = sowgen::narrative_outline(&package, &templates)
        .expect("the embedded templates render any project");
    // The same project with every text replaced by a plain word: what a value may change is
    // the text, not which sections there are (a budget adds its variance paragraph, a go-live
    // date its milestones, whatever their text says).
    let plain = |text: &Option<String>| text.as_ref().map(|_| "Plain".to_string());
    let neutral = RoomList {
        project: ProjectInfo {
            name: plain(&list.project.name),
            facility: plain(&list.project.facility),
            number: plain(&list.project.number),
            prepared_by: plain(&list.project.prepared_by),
            revision: plain(&list.project.revision),
            ..list.project.clone()
        },
        ..list
    };
    let plain = Package::new(estimate(&neutral, catalog()), catalog().schedule());
    let expected = sowgen::narrative_outline(&plain, &templates).unwrap();
    assert_eq!(
        shape(&outline),
        shape(&expected),
        "a project value changed the document's outline"
    );
});

/// The document's outline without its text: block kinds, heading levels and table names.
fn shape(blocks: &[sowgen::Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            sowgen::Block::Heading(level, _) => format!("h{level}"),
            sowgen::Block::Bullet(_) => "-".into(),
            sowgen::Block::Table(name) => format!("[[{name}]]"),
            sowgen::Block::Paragraph(_) => "p".into(),
        })
        .collect()
}
