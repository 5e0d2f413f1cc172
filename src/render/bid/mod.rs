//! The bid packages' documents: for each vendor trade, `bid-packages/<trade>.docx` (its scope and
//! the form to price) and `bid-packages/<trade>.xlsx` (the bid form a vendor fills in).

mod docx;
mod xlsx;

use super::{OutputFile, Templates};
use crate::bid::BidPackage;
use crate::estimate::Estimate;

/// The two files of each package.
pub fn files<'a>(
    estimate: &'a Estimate,
    packages: &'a [BidPackage],
    templates: &'a Templates,
) -> Vec<OutputFile<'a>> {
    let mut files = Vec::with_capacity(packages.len() * 2);
    for package in packages {
        let workbook = format!("{}.xlsx", package.slug);
        let docx_name = format!("bid-packages/{}.docx", package.slug);
        files.push(OutputFile::rendered(docx_name, move || {
            docx::render(estimate, package, templates, &workbook)
        }));
        files.push(OutputFile::new(
            format!("bid-packages/{}.xlsx", package.slug),
            move |out| xlsx::write(estimate, package, out),
        ));
    }
    files
}
