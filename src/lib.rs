//! sowgen turns a construction room list into the IT scope-of-work package for the project.
//!
//! The pipeline, one module each, data flowing one way:
//! [`input`] reads a room list into a [`RoomList`]; [`estimate`](mod@estimate) expands it through
//! the [`catalog`] into an [`Estimate`]; the document models ([`bid`] packages, [`diff`] change
//! orders) are derived from Estimates; [`render`] lays each document out from its model and adds
//! up no money of its own. [`cli`] is the command line and the only place that prints.
//!
//! Ground floor, used by all: [`devices`], [`field`], [`money`], [`problem`], [`text`],
//! [`toml_file`], [`resolution`], and the one [`Error`]; [`type_map`] reads a user's room-type
//! map against the catalog.

mod bid;
mod bid_terms;
mod catalog;
mod cli;
mod devices;
mod diff;
mod error;
mod estimate;
mod field;
mod input;
mod level;
mod limits;
mod money;
mod output;
mod package;
mod problem;
mod render;
mod resolution;
mod room_list;
mod schedule;
mod serve;
mod summary;
mod text;
mod toml_file;
mod type_map;

pub use bid::{BidPackage, form as bid_form, slug};
pub use catalog::{Catalog, DEFAULT_CATALOG};
pub use cli::main;
pub use devices::{DeviceCounts, DeviceKind};
pub use diff::{ChangeOrder, compare};
pub use error::Error;
pub use estimate::{Estimate, Finding, FindingKind, LineItem, Location, estimate};
pub use field::Field;
pub use input::{ReadOptions, read, read_bytes};
pub use limits::{MAX_DEVICE_COUNT, MAX_ROOMS};
pub use money::format_dollars;
pub use output::{Job, MANIFEST_NAME, Manifest, ManifestEntry, Refusal, write_package};
pub use package::Package;
pub use problem::Problem;
pub use render::{
    Block, OutputFile, RenderedFile, Templates, bid_outline, narrative_outline,
    package as package_files, render_package,
};
pub use resolution::{Resolution, UNCLASSIFIED, Untyped};
pub use room_list::{ProjectInfo, Rejected, Room, RoomList};
pub use schedule::impact::{PhaseImpact, ScheduleImpact, impact as schedule_impact};
pub use schedule::{Basis, Date, LinkType, Schedule, plan as plan_schedule};
pub use toml_file::ConfigError;
pub use type_map::TypeMap;
