//! Any catalog text must parse to a catalog or a located error, and a catalog that parses must
//! expand a room list and plan its schedule without a panic, an overflow or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sowgen::{Catalog, DeviceCounts, Package, Room, RoomList, estimate};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = Catalog::parse(text, Path::new("fuzz.toml")) else {
        return;
    };
    // Every room type, at its standard and at the largest count a room list may give.
    let mut rooms = Vec::new();
    for (i, room_type) in catalog.room_types().iter().take(64).enumerate() {
        let mut room = Room::new(&format!("R{i}"), &room_type.name, DeviceCounts::default());
        room.idf = Some(format!("IDF-{}", i % 3));
        rooms.push(room);
        let big = DeviceCounts::new([sowgen::MAX_DEVICE_COUNT; 6]);
        rooms.push(Room::new(&format!("B{i}"), &room_type.name, big));
    }
    let list = RoomList {
        file: "fuzz.csv".into(),
        rooms,
        ..RoomList::default()
    };
    let _ = Package::new(estimate(&list, &catalog), catalog.schedule());
});
