//! Issue 13, class 3: every trade gets its own bid-package files, whatever its name (names that
//! slug alike, a name longer than a file name may be).

mod common;
use common::*;
use std::collections::BTreeSet;

const LIST: &str = "Room,Room Type,Data,AP,Display,IDF\n\
                    1-101,Office,2,1,1,IDF-1\n\
                    1-102,Conference Room,4,1,2,IDF-1\n";

fn catalog(trades: [&str; 3]) -> String {
    let mut text = sowgen::DEFAULT_CATALOG.to_string();
    for (from, to) in [
        ("trade = \"Structured Cabling\"", trades[0]),
        ("trade = \"Network Equipment\"", trades[1]),
        ("trade = \"Audio-Visual\"", trades[2]),
    ] {
        assert!(text.contains(from), "the default catalog has {from}");
        text = text.replacen(from, &format!("trade = \"{to}\""), 1);
    }
    text
}

/// Builds the list with the catalog; the bid-package files written and `outputs` as listed.
fn build(catalog: &str) -> (Vec<String>, Vec<String>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(&list, LIST).unwrap();
    let catalog_file = dir.path().join("catalog.toml");
    std::fs::write(&catalog_file, catalog).unwrap();
    let out = dir.path().join("out");
    let json = Test::build()
        .arg(&list)
        .arg("--catalog")
        .arg(&catalog_file)
        .out(&out)
        .json()
        .ok();
    let outputs: Vec<String> = json["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap().replace('\\', "/"))
        .filter(|o| o.contains("bid-packages/"))
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(out.join("bid-packages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    (files, outputs, dir)
}

#[test]
fn three_trades_that_slug_alike_each_get_their_own_files() {
    // Wireless keeps its own trade, Network Equipment, which slugs like none of the three.
    let (files, outputs, dir) = build(&catalog(["A/V", "A-V", "a v"]));
    assert_eq!(
        files,
        [
            "a-v-2.docx",
            "a-v-2.xlsx",
            "a-v-3.docx",
            "a-v-3.xlsx",
            "a-v.docx",
            "a-v.xlsx",
            "network-equipment.docx",
            "network-equipment.xlsx"
        ]
    );
    let unique: BTreeSet<&String> = outputs.iter().collect();
    assert_eq!(
        unique.len(),
        outputs.len(),
        "outputs lists a file twice: {outputs:?}"
    );
    assert_eq!(outputs.len(), 8, "{outputs:?}");
    // Each workbook is its own trade's form.
    let mut trades = BTreeSet::new();
    for name in ["a-v.xlsx", "a-v-2.xlsx", "a-v-3.xlsx"] {
        let path = dir.path().join("out/bid-packages").join(name);
        let text = zip_part(&path, "xl/sharedStrings.xml");
        let found: Vec<&str> = ["A/V", "A-V", "a v"]
            .into_iter()
            .filter(|t| text.contains(&format!(">{t}<")) || text.contains(&format!(": {t}<")))
            .collect();
        assert_eq!(found.len(), 1, "{name} names one trade: {found:?}");
        trades.insert(found[0]);
    }
    assert_eq!(trades.len(), 3);
}

#[test]
fn a_trade_name_longer_than_a_file_name_builds() {
    // 379 characters, inside the catalog's limit for a name; its slug alone would pass the 255
    // bytes most file systems allow a file name.
    let long = "Structured Cabling ".repeat(20);
    let (files, outputs, _dir) = build(&catalog([long.trim(), "Network", "AV"]));
    assert_eq!(files.len(), 8, "{files:?}");
    assert!(files.iter().all(|f| f.len() < 100), "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("structured-cabling-structured"))
    );
    assert_eq!(outputs.len(), 8);
}
