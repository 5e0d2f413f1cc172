//! The text one room may carry: each room's number, name and notes are repeated in several
//! documents of a package, so their length bounds what a build holds in memory.

use super::header::Header;
use super::sheet::RawRow;
use crate::field::Field;
use crate::limits::MAX_ROOM_TEXT;

/// The fields of a room that are text a document repeats.
const TEXT_FIELDS: [Field; 8] = [
    Field::RoomNumber,
    Field::RoomName,
    Field::RoomType,
    Field::Department,
    Field::Floor,
    Field::Building,
    Field::Idf,
    Field::Notes,
];

/// An error message when the row's text is past the limit.
pub fn too_long(row: &RawRow, header: &Header) -> Option<String> {
    let chars: usize = TEXT_FIELDS
        .iter()
        .filter_map(|&field| header.column(field))
        .filter_map(|col| row.get(col).as_text())
        .map(|text| text.chars().count())
        .sum();
    (chars > MAX_ROOM_TEXT).then(|| {
        format!(
            "the room's text is {chars} characters long, more than the {MAX_ROOM_TEXT} one room may carry \
             (shorten its name or notes)"
        )
    })
}
