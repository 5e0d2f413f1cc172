//! Any template text given as a user's template must be refused with a message or render: never
//! a stack overflow (partials including themselves, deep nesting), a hang or a huge output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sowgen::{Catalog, DeviceCounts, Package, Room, RoomList, Templates, estimate};
use std::sync::OnceLock;

fn package() -> &'static Package {
    static PACKAGE: OnceLock<Package> = OnceLock::new();
    PACKAGE.get_or_init(|| {
        let catalog = Catalog::default_catalog();
        let list = RoomList {
            file: "fuzz.csv".into(),
            rooms: vec![
                Room::new("1-101", "Office", DeviceCounts::new([2, 0, 1, 1, 0, 0])),
                Room::new("1-102", "Telecom Room", DeviceCounts::default()),
            ],
            ..RoomList::default()
        };
        Package::new(estimate(&list, &catalog), catalog.schedule())
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = if which % 2 == 0 { "scope-of-work.hbs" } else { "bid-package.hbs" };
    let Ok(templates) = Templates::with_template(name, text) else {
        return;
    };
    let _ = sowgen::narrative_outline(&package(), &templates);
    if let Some(bid) = package().bids.first() {
        let _ = sowgen::bid_outline(&package().estimate, bid, &templates);
    }
});
