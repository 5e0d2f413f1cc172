//! Schedules of the samples, for the renderers' tests.

use super::{Schedule, plan};
use crate::catalog::Catalog;
use crate::input::ReadOptions;
use crate::room_list::ProjectInfo;
use std::path::Path;

/// West Tower revision A (three floors), planned forward from Monday 4 January 2027.
pub fn west_tower() -> Schedule {
    let catalog = Catalog::default_catalog();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/west-tower-rev-a.xlsx");
    let options = ReadOptions {
        project: Some(ProjectInfo {
            start_date: Some("2027-01-04".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let list = crate::input::read(&path, &catalog, &options).expect("the sample reads");
    plan(
        &crate::estimate::estimate(&list, &catalog),
        catalog.schedule(),
    )
}
