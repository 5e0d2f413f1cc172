//! The change-order documents: `change-order.docx` and `change-order.xlsx`.

mod docx;
mod xlsx;

use super::{RenderError, RenderedFile};
use crate::diff::ChangeOrder;

pub fn render(order: &ChangeOrder) -> Result<Vec<RenderedFile>, RenderError> {
    Ok(vec![
        RenderedFile {
            name: "change-order.docx".into(),
            bytes: docx::render(order)?,
        },
        RenderedFile {
            name: "change-order.xlsx".into(),
            bytes: xlsx::render(order)?,
        },
    ])
}
