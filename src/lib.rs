//! sowgen turns a construction room list into the IT scope-of-work package for the project.
//!
//! The pipeline, one module each: [`input`] reads a room list into a [`input::RoomList`];
//! [`estimate`] expands it through the [`catalog`] into an [`estimate::Estimate`]; [`render`] writes
//! the documents from that one Estimate. [`cli`] is the command line and the only place that prints.

pub mod catalog;
pub mod cli;
pub mod devices;
pub mod diff;
pub mod estimate;
pub mod input;
pub mod money;
pub mod problem;
pub mod progress;
pub mod render;
pub mod serve;
pub mod text;
