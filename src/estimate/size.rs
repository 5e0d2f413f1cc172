//! How large an estimate a room list would make, known before it is made: the workbook's Line
//! Items sheet holds a fixed number of rows, and a hostile catalog (hundreds of parts per room)
//! could otherwise make millions of lines before anything is written.

use crate::catalog::Catalog;
use crate::devices::DeviceKind;
use crate::room_list::Room;

/// Line items one package may have: what `build` and `diff` write within 400 MB with a catalog
/// of the longest part descriptions (bench/hostile.py, class 5); half the rows of Excel's Line
/// Items sheet (1,048,576), so the sheet always holds them.
pub const MAX_LINE_ITEMS: u64 = 500_000;

/// At most this many lines: each room's parts (as if none were shared between its devices),
/// and each telecom room's equipment.
pub fn line_items_bound(rooms: &[Room], catalog: &Catalog) -> u64 {
    let telecom = catalog.telecom();
    let per_idf = 2 + telecom.per_idf.len() + telecom.per_switches.len();
    let mut idfs = std::collections::HashSet::new();
    let mut lines = 0u64;
    for room in rooms.iter().filter(|r| !r.excluded) {
        let devices: usize = DeviceKind::ALL
            .into_iter()
            .filter(|&kind| room.counts[kind] > 0)
            .map(|kind| catalog.device_parts(kind).len())
            .sum();
        let fixed = catalog
            .room_type(&room.room_type)
            .map_or(0, |t| t.fixed.len());
        lines += (devices + fixed) as u64;
        if let Some(idf) = room.idf.as_deref() {
            idfs.insert(idf);
        }
    }
    lines + (idfs.len() * per_idf) as u64
}
