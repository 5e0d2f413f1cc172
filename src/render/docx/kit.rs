//! The pieces every Word document of the package is built from: page setup, styles, header and
//! footer, paragraphs, table cells and rows.

use super::{FIXED_TIMESTAMP, HEADER_FILL, TEXT_WIDTH, clean};
use crate::estimate::DetailRow;
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, ShdType, Style, StyleType, Table, TableCell,
    TableCellContent, TableRow, TableRowChild, WidthType,
};

/// The page, styles, header and footer. `title` names the document in the header.
pub fn base_document(project_name: &str, title: &str, revision: Option<&str>) -> Docx {
    let grey = |text: String| Run::new().size(16).color("595959").add_text(clean(&text));
    let header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(grey(format!("{project_name} \u{2014} {title}"))),
    );
    let revision = match revision.map(str::trim).filter(|r| !r.is_empty()) {
        Some(rev) => format!("{}  \u{00B7}  ", revision_label(rev)),
        None => String::new(),
    };
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(grey(format!("{project_name}  \u{00B7}  {revision}Page ")))
            .add_page_num(PageNum::new())
            .add_run(grey(" of ".into()))
            .add_num_pages(NumPages::new()),
    );
    let doc = Docx::new()
        .created_at(FIXED_TIMESTAMP)
        .updated_at(FIXED_TIMESTAMP)
        .page_size(12_240, 15_840)
        .page_margin(
            PageMargin::new()
                .top(1080)
                .bottom(1080)
                .left(1080)
                .right(1080)
                .header(540)
                .footer(540),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .east_asia("Calibri")
                .cs("Calibri"),
        )
        .default_size(21)
        // Body text breathes a little; table cells override this (see `cell_paragraph`).
        .default_line_spacing(LineSpacing::new().after(100).line(264))
        .header(header)
        .footer(footer);
    styles(doc)
}

/// "Revision B" for "B" and for "Rev B"; a revision that names itself ("Rev. 3", "Revision 3",
/// "R2") is shown as written, never as "Revision Rev B".
pub fn revision_label(revision: &str) -> String {
    let lower = revision.to_lowercase();
    let names_itself = lower.starts_with("rev")
        || (lower.starts_with('r') && lower[1..].starts_with(|c: char| c.is_ascii_digit()));
    if names_itself {
        revision.to_string()
    } else {
        format!("Revision {revision}")
    }
}

/// The paragraph styles every document uses: title, headings, table of contents, dense tables.
fn styles(doc: Docx) -> Docx {
    doc.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .size(52)
            .bold()
            .color("1F3864"),
    )
    .add_style(
        Style::new("Subtitle", StyleType::Paragraph)
            .name("Subtitle")
            .size(32)
            .color("404040"),
    )
    .add_style(kept_with_next(
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .size(30)
            .bold()
            .color("1F3864")
            .line_spacing(LineSpacing::new().before(360).after(120))
            .outline_lvl(0),
    ))
    .add_style(kept_with_next(
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .size(24)
            .bold()
            .color("2F5496")
            .line_spacing(LineSpacing::new().before(240).after(80))
            .outline_lvl(1),
    ))
    .add_style(
        Style::new("TOCHeading", StyleType::Paragraph)
            .name("TOC Heading")
            .size(30)
            .bold()
            .color("1F3864"),
    )
    .add_style(
        Style::new("ToC1", StyleType::Paragraph)
            .name("toc 1")
            .bold(),
    )
    .add_style(
        Style::new("ToC2", StyleType::Paragraph)
            .name("toc 2")
            .indent(Some(360), None, None, None),
    )
    // Dense table cells (8 pt) by style, so long tables written as XML stay small.
    .add_style(
        Style::new("TableSmall", StyleType::Paragraph)
            .name("Table Small")
            .size(16)
            .line_spacing(LineSpacing::new().before(20).after(20).line(240)),
    )
    .add_style(
        Style::new("TableSmallRight", StyleType::Paragraph)
            .name("Table Small Right")
            .based_on("TableSmall")
            .size(16)
            .line_spacing(LineSpacing::new().before(20).after(20).line(240))
            .align(AlignmentType::Right),
    )
    .add_style(
        Style::new("ListParagraph", StyleType::Paragraph)
            .name("List Paragraph")
            .line_spacing(LineSpacing::new().after(40))
            .indent(
                Some(360),
                Some(docx_rs::SpecialIndentType::Hanging(240)),
                None,
                None,
            ),
    )
}

/// A heading style: a heading is never left at a page's foot.
fn kept_with_next(mut style: Style) -> Style {
    style.paragraph_property.keep_next = Some(true);
    style
}

pub fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

pub fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(clean(text)))
}

pub fn bullet(text: &str) -> Paragraph {
    Paragraph::new()
        .style("ListParagraph")
        .add_run(Run::new().add_text(format!("\u{2022}  {}", clean(text))))
}

/// A table cell's paragraph: tight spacing, 9 pt.
fn cell_paragraph() -> Paragraph {
    Paragraph::new().line_spacing(LineSpacing::new().before(20).after(20).line(240))
}

/// A cell of a dense table (8 pt), right-aligned for numbers.
pub fn small_cell(text: impl AsRef<str>, width: usize, right: bool) -> TableCell {
    let mut p = cell_paragraph();
    if right {
        p = p.align(AlignmentType::Right);
    }
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(p.add_run(Run::new().size(16).add_text(clean(text.as_ref()))))
}

pub fn cell(text: impl AsRef<str>, width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(cell_paragraph().add_run(Run::new().size(18).add_text(clean(text.as_ref()))))
}

pub fn bold_cell(text: impl AsRef<str>, width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(
        cell_paragraph().add_run(Run::new().size(18).bold().add_text(clean(text.as_ref()))),
    )
}

pub fn bold_number_cell(text: impl AsRef<str>, width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(
        cell_paragraph()
            .align(AlignmentType::Right)
            .add_run(Run::new().size(18).bold().add_text(clean(text.as_ref()))),
    )
}

pub fn number_cell(text: impl AsRef<str>, width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(
        cell_paragraph()
            .align(AlignmentType::Right)
            .add_run(Run::new().size(18).add_text(clean(text.as_ref()))),
    )
}

/// A table's header row: shaded, and repeated at the top of every page the table runs onto
/// (see [`finish`]: `cantSplit` alone marks the rows that get `tblHeader`).
pub fn header_row(titles: &[&str], widths: &[usize]) -> TableRow {
    sized_header_row(titles, widths, 18)
}

/// [`header_row`] in a given half-point size.
pub fn sized_header_row(titles: &[&str], widths: &[usize], size: usize) -> TableRow {
    TableRow::new(
        titles
            .iter()
            .zip(widths)
            .map(|(title, width)| {
                TableCell::new()
                    .width(*width, WidthType::Dxa)
                    .shading(Shading::new().shd_type(ShdType::Clear).fill(HEADER_FILL))
                    .add_paragraph(
                        cell_paragraph().add_run(
                            Run::new()
                                .size(size)
                                .bold()
                                .color("FFFFFF")
                                .add_text(*title),
                        ),
                    )
            })
            .collect(),
    )
    .cant_split()
}

/// Widths proportional to `weights`, filling the text width.
pub fn widths(weights: &[usize]) -> Vec<usize> {
    let sum: usize = weights.iter().sum();
    weights.iter().map(|w| w * TEXT_WIDTH / sum).collect()
}

/// Tables of at most this many rows are kept on one page.
const KEEP_WHOLE_ROWS: usize = 12;

/// A table across the text width, its columns widened where their longest word needs it (see
/// `fit`). A short table (an approvals block, a budget) is kept on one
/// page with whatever leads into it; a long one keeps its header with its first row. Rows are
/// never split across pages (see `finish`).
pub fn table(mut rows: Vec<TableRow>, widths: &[usize]) -> Table {
    let kept = if rows.len() <= KEEP_WHOLE_ROWS {
        rows.len().saturating_sub(1)
    } else {
        1
    };
    for row in rows.iter_mut().take(kept) {
        keep_with_next(row);
    }
    let widths = super::fit::fit_rows(&mut rows, widths);
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The one body row docx-rs builds for a table whose rows are spliced in after packing: the
/// marker of `name` in its first cell (see `rows`).
pub fn marker_row(name: &str, widths: &[usize]) -> TableRow {
    let mut cells = Vec::with_capacity(widths.len());
    for (i, &width) in widths.iter().enumerate() {
        let text = if i == 0 {
            super::rows::marker(name)
        } else {
            String::new()
        };
        cells.push(small_cell(text, width, false));
    }
    TableRow::new(cells)
}

/// A table whose body rows are spliced in as XML after packing (see `rows`): its widths are
/// the ones those rows are written with, and its header is kept with the first of them.
pub fn spliced_table(mut rows: Vec<TableRow>, widths: &[usize]) -> Table {
    if let Some(header) = rows.first_mut() {
        keep_with_next(header);
    }
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// Keeps a row on the page of the row after it: Word and LibreOffice keep a table row with the
/// next when its paragraphs are kept with the next.
fn keep_with_next(row: &mut TableRow) {
    for TableRowChild::TableCell(cell) in &mut row.cells {
        for content in &mut cell.children {
            if let TableCellContent::Paragraph(p) = content {
                p.property.keep_next = Some(true);
            }
        }
    }
}

/// A level-1 heading outside a template (the change order's); kept with what follows by its
/// style.
pub fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .style("Heading1")
        .add_run(Run::new().add_text(clean(text)))
}

/// A paragraph that leads into a table: kept on the table's page.
pub fn lead_in(text: &str) -> Paragraph {
    paragraph(text).keep_next(true)
}

/// The approvals block: a row to sign for each role.
pub fn approval_rows(roles: &[&str], widths: &[usize]) -> Vec<TableRow> {
    let mut rows = vec![header_row(&["Role", "Name", "Signature", "Date"], widths)];
    for role in roles {
        rows.push(
            TableRow::new(vec![
                cell(role, widths[0]),
                cell("", widths[1]),
                cell("", widths[2]),
                cell("", widths[3]),
            ])
            .row_height(560.0),
        );
    }
    rows
}

/// A two-column block of the project's details: label, value.
pub fn detail_rows(details: &[DetailRow], widths: &[usize]) -> Vec<TableRow> {
    details
        .iter()
        .map(|d| {
            TableRow::new(vec![
                bold_cell(d.label, widths[0]),
                cell(&d.value, widths[1]),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::revision_label;

    #[test]
    fn a_revision_is_named_once() {
        assert_eq!(revision_label("B"), "Revision B");
        assert_eq!(revision_label("Rev B"), "Rev B");
        assert_eq!(revision_label("Revision 3"), "Revision 3");
        assert_eq!(revision_label("R2"), "R2");
        assert_eq!(revision_label("Rough-in set"), "Revision Rough-in set");
    }
}
