//! Lays out a rendered template's blocks (headings, bullets, paragraphs, tables) in a document,
//! with numbered, bookmarked headings and a table of contents that lists them.

use super::clean;
use super::kit::{bullet, page_break, paragraph};
use crate::error::Error;
use crate::render::narrative::Block;
use docx_rs::{Docx, Paragraph, Run, Table, TableOfContents, TableOfContentsItem};

/// Lay out the blocks of a rendered template; `table` builds the `[[name]]` tables from the
/// Estimate (`[[contents]]`, the table of contents, is built here).
pub fn add_markup(
    mut doc: Docx,
    blocks: Vec<Block>,
    template: &str,
    table: impl Fn(&str) -> Option<Table>,
) -> Result<Docx, Error> {
    // Headings are numbered by hand (1., 1.1) and bookmarked, so the table of contents can list
    // them with page references that Word and LibreOffice resolve.
    let headings = number_headings(&blocks);
    let mut next_heading = 0;
    // A paragraph that leads into a table is kept on the table's page.
    let leads_in: Vec<bool> = (0..blocks.len())
        .map(|i| matches!(blocks.get(i + 1), Some(Block::Table(name)) if name != "contents"))
        .collect();
    for (block, lead_in) in blocks.into_iter().zip(leads_in) {
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
            Block::Paragraph(text) => doc.add_paragraph(paragraph(&text).keep_next(lead_in)),
            Block::Table(name) if name == "contents" => doc
                .add_paragraph(
                    Paragraph::new()
                        .style("TOCHeading")
                        .add_run(Run::new().add_text("Contents")),
                )
                .add_table_of_contents(contents(&headings))
                .add_paragraph(contents_note())
                .add_paragraph(page_break()),
            Block::Table(name) => match table(&name) {
                Some(t) => doc.add_table(t).add_paragraph(Paragraph::new()),
                None => {
                    return Err(Error::Template {
                        name: template.into(),
                        message: format!("unknown table [[{name}]]"),
                    });
                }
            },
        };
    }
    Ok(doc)
}

/// Under the contents: how its page numbers get filled in (they are left blank when writing; see
/// `contents`), so a reader of a copy printed without that knows why and what to do.
fn contents_note() -> Paragraph {
    Paragraph::new().add_run(
        Run::new()
            .size(16)
            .italic()
            .color("595959")
            .add_text(CONTENTS_NOTE),
    )
}

const CONTENTS_NOTE: &str = "Page numbers appear once the document's fields are updated: Word offers to update them when it opens the file; in LibreOffice choose Tools > Update > Update All.";

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
