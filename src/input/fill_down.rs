//! Lists grouped by floor, building or department write the group's value once, on its first
//! row, or in a cell merged down over the group (the file keeps the value in the top cell only).
//! Either way every room of the group means it, so a blank in those columns under a value is read
//! as the value above, with a warning naming the column and how many rooms took it.
//!
//! Only these grouping columns: a blank room type or telecom room is a fact about the room (not
//! given, not assigned) that the findings report, not a group left implicit.

use super::Room;
use super::header::Header;
use crate::field::Field;
use crate::problem::Problem;

/// The room's field a column fills.
type Slot = fn(&mut Room) -> &mut Option<String>;

/// The columns a list groups rooms by, and the room's field each fills.
const GROUPING: [(Field, Slot); 3] = [
    (Field::Floor, |r| &mut r.floor),
    (Field::Building, |r| &mut r.building),
    (Field::Department, |r| &mut r.department),
];

/// Fill blanks under a value in the grouping columns of one sheet's rooms (in row order).
pub fn fill_down(sheet: &str, header: &Header, rooms: &mut [Room]) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for (field, slot) in GROUPING {
        let Some(col) = header.column(field) else {
            continue;
        };
        let mut above: Option<String> = None;
        let mut filled = 0usize;
        for room in rooms.iter_mut() {
            let value = slot(room);
            match (value.as_ref(), above.as_ref()) {
                (Some(v), _) => above = Some(v.clone()),
                (None, Some(a)) => {
                    *value = Some(a.clone());
                    filled += 1;
                }
                (None, None) => {}
            }
        }
        if filled > 0 {
            warnings.push(Problem::cell(
                sheet,
                header.row,
                Some(col),
                format!(
                    "{} blank in this column under a value: read as the value above (a grouped \
                     or merged column)",
                    crate::text::counted(filled, "room")
                ),
            ));
        }
    }
    warnings
}
