//! What every Word document of the package shares: page setup, styles, header and footer, table
//! cells, and the finishing pass over the packed file for what docx-rs 0.4 cannot express.

use super::RenderError;
use super::narrative::Block;
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, ShdType, Style, StyleType, Table, TableCell,
    TableOfContents, TableOfContentsItem, TableRow, WidthType,
};

/// A fixed date for the document's properties, so the same input gives the same bytes.
pub const FIXED_TIMESTAMP: &str = "2026-01-01T00:00:00Z";

pub const HEADER_FILL: &str = "1F3864";
/// Usable page width in twentieths of a point (US Letter, 0.75 in margins).
pub const TEXT_WIDTH: usize = 10_080;

/// Text from the input made safe for XML 1.0: docx-rs escapes `&`, `<` and quotes, but a control
/// character (a vertical tab from an Excel cell, say) would make the part unreadable to Word.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            '\t' | '\n' | '\r' => ' ',
            ch if ch.is_control() => ' ',
            '\u{FFFE}' | '\u{FFFF}' => ' ',
            ch => ch,
        })
        .collect()
}

/// The page, styles, header and footer. `title` names the document in the header.
pub fn base_document(project_name: &str, title: &str, revision: Option<&str>) -> Docx {
    let grey = |text: String| Run::new().size(16).color("595959").add_text(clean(&text));
    let header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(grey(format!("{project_name} \u{2014} {title}"))),
    );
    let revision = match revision.map(str::trim).filter(|r| !r.is_empty()) {
        Some(rev) => format!("Revision {rev}  \u{00B7}  "),
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
    Docx::new()
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
        .footer(footer)
        .add_style(
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
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .size(30)
                .bold()
                .color("1F3864")
                .line_spacing(LineSpacing::new().before(360).after(120))
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .size(24)
                .bold()
                .color("2F5496")
                .line_spacing(LineSpacing::new().before(240).after(80))
                .outline_lvl(1),
        )
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

pub fn table(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// Lay out the blocks of a rendered template; `table` builds the `[[name]]` tables from the
/// Estimate (`[[contents]]`, the table of contents, is built here).
pub fn add_markup(
    mut doc: Docx,
    blocks: Vec<Block>,
    template: &str,
    table: impl Fn(&str) -> Option<Table>,
) -> Result<Docx, RenderError> {
    // Headings are numbered by hand (1., 1.1) and bookmarked, so the table of contents can list
    // them with page references that Word and LibreOffice resolve.
    let headings = number_headings(&blocks);
    let mut next_heading = 0;
    for block in blocks {
        doc = match block {
            Block::Heading(..) => {
                let (level, text, bookmark) = &headings[next_heading];
                let id = next_heading + 1;
                next_heading += 1;
                doc.add_paragraph(
                    Paragraph::new()
                        .style(&format!("Heading{level}"))
                        .keep_next(true)
                        .add_bookmark_start(id, bookmark)
                        .add_run(Run::new().add_text(text))
                        .add_bookmark_end(id),
                )
            }
            Block::Bullet(text) => doc.add_paragraph(bullet(&text)),
            Block::Paragraph(text) => doc.add_paragraph(paragraph(&text)),
            Block::Table(name) if name == "contents" => doc
                .add_paragraph(
                    Paragraph::new()
                        .style("TOCHeading")
                        .add_run(Run::new().add_text("Contents")),
                )
                .add_table_of_contents(contents(&headings))
                .add_paragraph(page_break()),
            Block::Table(name) => match table(&name) {
                Some(t) => doc.add_table(t).add_paragraph(Paragraph::new()),
                None => {
                    return Err(RenderError::Template {
                        name: template.into(),
                        message: format!("unknown table [[{name}]]"),
                    });
                }
            },
        };
    }
    Ok(doc)
}

/// (level, numbered text, bookmark) for every heading, in order.
fn number_headings(blocks: &[Block]) -> Vec<(usize, String, String)> {
    let mut numbers = [0u32; 2];
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(level, text) => Some((usize::from((*level).clamp(1, 2)), text)),
            _ => None,
        })
        .enumerate()
        .map(|(i, (level, text))| {
            numbers[level - 1] += 1;
            if level == 1 {
                numbers[1] = 0;
            }
            let number = if level == 1 {
                format!("{}.", numbers[0])
            } else {
                format!("{}.{}", numbers[0], numbers[1])
            };
            (
                level,
                format!("{number} {}", clean(text)),
                format!("_Toc{:08}", i + 1),
            )
        })
        .collect()
}

/// The table of contents: filled in with every heading (so it reads right before any update),
/// each entry's page number a PAGEREF to the heading's bookmark. Pages are only known once a word
/// processor lays the document out, so the cached numbers are left blank rather than guessed: the
/// field is marked dirty (and the settings ask for an update) so Word fills them in on opening;
/// LibreOffice does on Tools > Update.
fn contents(headings: &[(usize, String, String)]) -> TableOfContents {
    let mut toc = TableOfContents::new()
        .heading_styles_range(1, 2)
        .dirty()
        .without_sdt();
    for (level, text, bookmark) in headings {
        toc = toc.add_item(
            TableOfContentsItem::new()
                .text(text)
                .level(*level)
                .toc_key(bookmark)
                .page_ref(""),
        );
    }
    toc
}

/// Pack the document and finish it.
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

pub fn pack(doc: Docx) -> Result<Vec<u8>, RenderError> {
    pack_with_rows(doc, &[])
}

/// [`pack`], then put long tables' rows in place of their marker rows (see `docx_rows`):
/// `(marker, rows XML)`.
pub fn pack_with_rows(doc: Docx, rows: &[(String, String)]) -> Result<Vec<u8>, RenderError> {
    let mut bytes = Vec::new();
    doc.build()
        .pack(std::io::Cursor::new(&mut bytes))
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    super::docx_finish::finish(&bytes, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn header_rows_repeat_and_fields_update() {
        let w = widths(&[1, 1]);
        let doc = base_document("P & <Q>", "Test", Some("B"))
            .add_table(table(
                vec![
                    header_row(&["A", "B"], &w),
                    TableRow::new(vec![cell("x", w[0]), cell("y", w[1])]),
                ],
                &w,
            ))
            .add_paragraph(paragraph("Tom & \"Jerry\" <café> \u{1F3E5}\u{000B}"));
        let bytes = pack(doc).unwrap();
        let xml = part(&bytes, "word/document.xml");
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
        assert!(xml.contains("Tom &amp; &quot;Jerry&quot; &lt;café&gt; \u{1F3E5} "));
        assert!(part(&bytes, "word/settings.xml").contains("<w:updateFields w:val=\"true\" />"));
        assert!(part(&bytes, "word/header1.xml").contains("P &amp; &lt;Q&gt;"));
        assert!(part(&bytes, "word/footer1.xml").contains("NUMPAGES"));
    }

    #[test]
    fn the_same_document_gives_the_same_bytes_in_one_process() {
        let make = || pack(base_document("P", "T", None).add_paragraph(paragraph("x"))).unwrap();
        assert_eq!(make(), make());
    }
}
