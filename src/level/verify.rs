//! Is a returned form this package's form for its trade, unchanged? Its identity names the
//! project, trade and revision; its lines must be the lines issued, quantity for quantity. Every
//! difference is named by its cells.

use super::read::{Price, ReadLine, ReturnedForm};
use crate::bid::BidPackage;
use crate::bid::form::{
    DESCRIPTION_COL, FormLine, HEADER_ROW, ID_DIGEST_ROW, ID_PROJECT_ROW, ID_REVISION_ROW,
    ID_TRADE_ROW, IDENTITY_SHEET, PART_COL, PROJECT_ROW, QTY_COL, REVISION_ROW, UNIT_COL,
    VALUE_COL, cell_name, digest,
};
use crate::problem::FormProblem;

/// A form that passed its checks: whose it is, and its prices line by line.
#[derive(Debug, Clone)]
pub struct ReturnedBid {
    pub file: String,
    pub trade: String,
    pub bidder: String,
    /// One per line of the package, in order.
    pub prices: Vec<Price>,
}

fn id_cell(row: u32) -> String {
    format!("{IDENTITY_SHEET}!{}", cell_name(row, 1))
}

/// The form's bid, with warnings (a blank company, prices that are not prices), or the reasons
/// it is refused.
pub fn verify(
    form: &ReturnedForm,
    packages: &[BidPackage],
) -> Result<(ReturnedBid, Vec<FormProblem>), Vec<FormProblem>> {
    let problem = |cells: Vec<String>, message: String| FormProblem {
        file: form.file.clone(),
        cells,
        message,
    };
    let Some(package) = packages.iter().find(|p| p.trade == form.trade) else {
        return Err(vec![problem(
            vec![id_cell(ID_TRADE_ROW)],
            format!(
                "this form is for the trade '{}', which has no bid package here",
                form.trade
            ),
        )]);
    };
    let id = &package.identity;
    let mut problems = Vec::new();
    if form.project != id.project {
        problems.push(problem(
            vec![id_cell(ID_PROJECT_ROW), form.cell(PROJECT_ROW, VALUE_COL)],
            format!(
                "this form is for the project '{}', not '{}'",
                form.project, id.project
            ),
        ));
    }
    if form.revision != id.revision {
        problems.push(problem(
            vec![id_cell(ID_REVISION_ROW), form.cell(REVISION_ROW, VALUE_COL)],
            format!(
                "this form was issued for revision '{}'; the package is revision '{}'",
                form.revision, id.revision
            ),
        ));
    }
    let (lines, mut changed) = changed_lines(form, package);
    problems.append(&mut changed);
    if problems.is_empty() && (form.digest != id.digest || form.lines_issued != id.lines) {
        // The lines read as issued but the identity does not: a form from an earlier build of
        // the same revision, or an edited identity.
        problems.push(problem(
            vec![id_cell(ID_DIGEST_ROW)],
            "this form's identity does not match the package's (issued from another build of \
             the package?)"
                .into(),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut warnings = Vec::new();
    let bidder = if form.bidder.is_empty() {
        let stem = std::path::Path::new(&form.file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| form.file.clone());
        warnings.push(problem(
            vec![form.cell(crate::bid::form::BIDDER_ROW, VALUE_COL)],
            format!("no bidder company is given; the bid is named '{stem}' after its file"),
        ));
        stem
    } else {
        form.bidder.clone()
    };
    for line in &lines {
        if let Price::Unreadable(text) = &line.price {
            warnings.push(problem(
                vec![form.cell(line.row, crate::bid::form::PRICE_COL)],
                format!(
                    "'{text}' is not a price of zero or more; the line is treated as not priced"
                ),
            ));
        }
    }
    Ok((
        ReturnedBid {
            file: form.file.clone(),
            trade: package.trade.clone(),
            bidder,
            prices: lines.into_iter().map(|l| l.price).collect(),
        },
        warnings,
    ))
}

/// The form's lines, and a problem for every line or quantity not as issued.
fn changed_lines(form: &ReturnedForm, package: &BidPackage) -> (Vec<ReadLine>, Vec<FormProblem>) {
    let first = HEADER_ROW + 1;
    let mut lines = Vec::with_capacity(package.items.len());
    let mut problems = Vec::new();
    for (i, item) in package.items.iter().enumerate() {
        let line = form.line(first + i as u32);
        let issued = FormLine::of(item);
        let mut cells = Vec::new();
        let mut what = Vec::new();
        for (col, read, want, name) in [
            (PART_COL, &line.part, &issued.part, "part"),
            (
                DESCRIPTION_COL,
                &line.description,
                &issued.description,
                "description",
            ),
            (UNIT_COL, &line.unit, &issued.unit, "unit"),
            (QTY_COL, &line.qty, &issued.qty, "quantity"),
        ] {
            if read != want {
                cells.push(form.cell(line.row, col));
                what.push(format!("the {name} reads '{read}', issued as '{want}'"));
            }
        }
        if !cells.is_empty() {
            problems.push(FormProblem {
                file: form.file.clone(),
                cells,
                message: format!("line {} was changed: {}", i + 1, what.join("; ")),
            });
        }
        lines.push(line);
    }
    let after = form.line(first + package.items.len() as u32);
    if !after.part.eq_ignore_ascii_case("Bid total") {
        problems.push(FormProblem {
            file: form.file.clone(),
            cells: vec![form.cell(after.row, PART_COL)],
            message: format!(
                "a line was added: the form issued {} lines, then its bid total",
                package.items.len()
            ),
        });
    }
    debug_assert_eq!(
        digest(&package.items.iter().map(FormLine::of).collect::<Vec<_>>()),
        package.identity.digest
    );
    (lines, problems)
}

/// Two forms of the same bidder for the same trade: which one is the bid is the PM's call.
pub fn duplicates(bids: &[ReturnedBid]) -> Vec<FormProblem> {
    let mut out = Vec::new();
    for (i, bid) in bids.iter().enumerate() {
        if let Some(first) = bids[..i]
            .iter()
            .find(|b| b.trade == bid.trade && b.bidder.eq_ignore_ascii_case(&bid.bidder))
        {
            out.push(FormProblem {
                file: bid.file.clone(),
                cells: Vec::new(),
                message: format!(
                    "a second {} bid from '{}' (the first is {}): give one form per bidder",
                    bid.trade, bid.bidder, first.file
                ),
            });
        }
    }
    out
}
