//! The change-order documents: `change-order.docx` and `change-order.xlsx`.

mod docx;
mod xlsx;

use super::OutputFile;
use crate::diff::ChangeOrder;

pub fn files(order: &ChangeOrder) -> Vec<OutputFile<'_>> {
    vec![
        OutputFile::rendered("change-order.docx", move || docx::render(order)),
        OutputFile::rendered("change-order.xlsx", move || xlsx::render(order)),
    ]
}
