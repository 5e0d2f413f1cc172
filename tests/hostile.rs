//! Hostile inputs (issue 13), each made here: templates that include themselves, money and counts
//! past their stated maximums, text that tries to become markup, lists past the limits, and
//! readers that must be right (CR-only CSV, any ODS prefix, hidden sheets, counts as words).

mod common;
use common::*;
use sowgen::{Catalog, DeviceCounts, Package, ProjectInfo, Room, RoomList, Templates, estimate};
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const LIST: &str = "Room,Room Type,Data,IDF\n1-101,Office,2,IDF-1\n1-102,Exam Room,4,IDF-1\n";

fn errors(json: &serde_json::Value) -> String {
    json["errors"].to_string()
}

// ---- class 2: no crash, whatever the file -------------------------------------------------

#[test]
fn a_partial_that_includes_itself_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(dir.path(), "list.csv", LIST);
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    write(
        &templates,
        "scope-of-work.hbs",
        "# Scope\n{{> scope-of-work.hbs}}\n",
    );
    let outcome = Test::build()
        .arg(&list)
        .arg("--templates")
        .arg(&templates)
        .out(&dir.path().join("out"))
        .json();
    assert_eq!(outcome.code, 1, "{}", outcome.json);
    let text = errors(&outcome.json);
    assert!(
        text.contains("scope-of-work.hbs") && text.contains("includes itself"),
        "{text}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn partials_that_include_each_other_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(dir.path(), "list.csv", LIST);
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    write(&templates, "scope-of-work.hbs", "{{> bid-package.hbs}}\n");
    write(
        &templates,
        "bid-package.hbs",
        "{{#if file}}{{> scope-of-work.hbs}}{{/if}}\n",
    );
    let outcome = Test::build()
        .arg(&list)
        .arg("--templates")
        .arg(&templates)
        .out(&dir.path().join("out"))
        .json();
    assert_eq!(outcome.code, 1);
    let text = errors(&outcome.json);
    assert!(
        text.contains("bid-package.hbs includes scope-of-work.hbs includes bid-package.hbs"),
        "{text}"
    );
    // Inline partials that call each other, and deep nesting, are refused before rendering.
    let inline = "{{#*inline \"a\"}}{{> b}}{{/inline}}{{#*inline \"b\"}}{{> a}}{{/inline}}{{> a}}";
    assert!(Templates::with_template("scope-of-work.hbs", inline).is_err());
    let deep = "{{#if file}}".repeat(5_000);
    assert!(Templates::with_template("scope-of-work.hbs", &deep).is_err());
    let brackets = format!("{{{{file {}}}}}", "(lookup ".repeat(5_000));
    assert!(Templates::with_template("scope-of-work.hbs", &brackets).is_err());
}

#[test]
fn loops_that_multiply_are_bounded() {
    let each = "{{#each @root.clauses.assumptions}}".repeat(4) + &"{{/each}}".repeat(4);
    let error = Templates::with_template("scope-of-work.hbs", &each)
        .err()
        .expect("four nested loops are refused");
    assert!(error.to_string().contains("nested"), "{error}");
    // Three nested loops pass the check; their output is still capped while rendering.
    let big = format!(
        "{}{}{}",
        "{{#each @root.clauses.assumptions}}".repeat(3),
        "{{@root.clauses.purpose}}".repeat(2_000),
        "{{/each}}".repeat(3)
    );
    let templates = Templates::with_template("scope-of-work.hbs", &big).unwrap();
    let package = small_package(ProjectInfo::default());
    let error = sowgen::narrative_outline(&package, &templates).unwrap_err();
    assert!(
        error.to_string().contains("renders to more than"),
        "{error}"
    );
}

fn small_package(project: ProjectInfo) -> Package {
    let catalog = Catalog::default_catalog();
    let list = RoomList {
        file: "list.csv".into(),
        project,
        rooms: vec![
            Room::new("1-101", "Office", DeviceCounts::new([2, 0, 1, 1, 0, 0])).idf("IDF-1"),
            Room::new("1-102", "Exam Room", DeviceCounts::new([4, 1, 1, 1, 0, 1])).idf("IDF-1"),
        ],
        ..RoomList::default()
    };
    Package::new(estimate(&list, &catalog), catalog.schedule())
}

fn catalog_with(from: &str, to: &str) -> String {
    let text = sowgen::DEFAULT_CATALOG;
    assert!(text.contains(from), "the default catalog has {from}");
    text.replacen(from, to, 1)
}

#[test]
fn money_past_its_maximum_is_refused_at_its_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(dir.path(), "list.csv", LIST);
    let text = sowgen::DEFAULT_CATALOG;
    let cost_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("unit_cost"))
        .unwrap();
    let cases = [
        (
            cost_line.to_string(),
            "unit_cost = \"99999999999\"".to_string(),
            "unit_cost",
            "at most",
        ),
        (
            cost_line.to_string(),
            "unit_cost = \"1.0000001\"".to_string(),
            "unit_cost",
            "decimal places",
        ),
    ];
    for (from, to, key, says) in cases {
        let catalog = write(dir.path(), "catalog.toml", &catalog_with(&from, &to));
        let outcome = Test::check()
            .arg(&list)
            .arg("--catalog")
            .arg(&catalog)
            .json();
        assert_eq!(outcome.code, 1);
        let error = &outcome.json["errors"][0];
        assert!(error["key"].as_str().unwrap().ends_with(key), "{error}");
        assert!(error["line"].as_u64().unwrap() > 1, "{error}");
        assert!(error["message"].as_str().unwrap().contains(says), "{error}");
    }
    let project = write(dir.path(), "project.toml", "approved_budget = \"1e30\"\n");
    let outcome = Test::check()
        .arg(&list)
        .arg("--project")
        .arg(&project)
        .json();
    assert_eq!(outcome.code, 1, "{}", outcome.json);
    let project = write(
        dir.path(),
        "project.toml",
        "name = \"x\"\napproved_budget = \"9999999999999999\"\n",
    );
    let outcome = Test::check()
        .arg(&list)
        .arg("--project")
        .arg(&project)
        .json();
    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.json["errors"][0]["line"], 2, "{}", outcome.json);
    assert_eq!(outcome.json["errors"][0]["key"], "approved_budget");
}

#[test]
fn a_count_past_the_maximum_is_an_error_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "list.csv",
        "Room,Room Type,Data\n1-101,Office,2\n1-102,Office,4294967296\n1-103,Office,10001\n",
    );
    let outcome = Test::check().arg(&list).json();
    assert_eq!(outcome.code, 1);
    let errors = outcome.json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["row"], 3);
    assert_eq!(errors[0]["column"], "C");
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .contains("at most 10000")
    );
}

#[test]
fn device_totals_and_ports_are_exact_at_the_maximum() {
    let catalog = Catalog::default_catalog();
    let max = sowgen::MAX_DEVICE_COUNT;
    let rooms: Vec<Room> = (0..500)
        .map(|i| Room::new(&format!("R{i}"), "Office", DeviceCounts::new([max; 6])).idf("IDF-1"))
        .collect();
    let list = RoomList {
        rooms,
        ..RoomList::default()
    };
    let totals = list.device_totals();
    for (_, count) in totals.iter() {
        assert_eq!(u64::from(count), 500 * u64::from(max));
    }
    let estimate = estimate(&list, &catalog);
    let idf = &estimate.telecom_rooms[0];
    // Every device kind's ports at the default catalog's ports per device: nothing clamped.
    assert!(idf.ports >= 500 * u64::from(max), "{}", idf.ports);
    assert!(idf.ports_with_spare >= idf.ports);
}

// ---- class 3: no silent wrong number --------------------------------------------------------

#[test]
fn constant_formulas_are_evaluated_in_exact_decimals() {
    let list = "Room,Room Type,Data\n1-101,Office,=4.35*100\n1-102,Office,=0.1*30\n";
    let list = read_list("list.csv", list.as_bytes(), &Default::default()).unwrap();
    assert_eq!(list.rooms[0].counts[sowgen::DeviceKind::DataDrops], 435);
    assert_eq!(list.rooms[1].counts[sowgen::DeviceKind::DataDrops], 3);
}

#[test]
fn more_rooms_than_the_limit_refuse_the_whole_list() {
    let mut text = String::from("Room,Room Type,Data\n");
    for i in 0..=sowgen::MAX_ROOMS {
        text.push_str(&format!("R{i},Office,1\n"));
    }
    let (list, errors) = *read_list("big.csv", text.as_bytes(), &Default::default()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("more than the"), "{}", errors[0]);
    assert_eq!(
        list.rooms.len(),
        sowgen::MAX_ROOMS + 1,
        "every room was read, none dropped"
    );
}

#[test]
fn a_catalog_that_would_overfill_the_line_items_sheet_is_refused_at_check() {
    // A hundred parts per room would make more lines than a package may have (and more rows
    // than Excel's Line Items sheet holds).
    let mut parts = String::new();
    let mut fixed = Vec::new();
    for i in 0..100 {
        parts.push_str(&format!(
            "\n[parts.X{i}]\ndescription = \"x\"\nunit = \"ea\"\nunit_cost = \"1\"\nlabor_hours = \"0\"\ndiscipline = \"cabling\"\n"
        ));
        fixed.push(format!("{{ part = \"X{i}\", qty = 1 }}"));
    }
    let text = sowgen::DEFAULT_CATALOG;
    let at = text.find("\n[parts.").unwrap() + 1;
    let mut catalog = format!("{}{}\n{}", &text[..at], parts, &text[at..]);
    // Every Office gets the hundred parts as fixed items.
    let standard = "standard = { data_drops = 4, workstations = 1, phones = 1 }\n";
    let office = catalog.find("name = \"Office\"").unwrap();
    let at = office + catalog[office..].find(standard).unwrap() + standard.len();
    catalog.insert_str(at, &format!("fixed = [{}]\n", fixed.join(", ")));
    let catalog = Catalog::parse(&catalog, Path::new("c.toml")).unwrap();
    let mut text = String::from("Room,Room Type,Data\n");
    for i in 0..11_000 {
        text.push_str(&format!("R{i},Office,1\n"));
    }
    let error = sowgen::read_bytes("big.csv", text.as_bytes(), &catalog, &Default::default())
        .expect_err("refused");
    assert!(error.to_string().contains("problem"), "{error}");
    if let sowgen::Error::Rejected(r) = error {
        assert!(
            r.errors[0].message.contains("line items") && r.errors[0].message.contains("500000"),
            "{}",
            r.errors[0]
        );
    }
}

// ---- class 4: text stays text ---------------------------------------------------------------

#[test]
fn project_values_never_become_markup() {
    let hostile = ProjectInfo {
        name: Some("Ward\n# Injected Heading\n[[rooms]]\n- bullet".into()),
        facility: Some("[[budget]]".into()),
        prepared_by: Some("{{totals.grand_total}}".into()),
        ..ProjectInfo::default()
    };
    let templates = Templates::embedded();
    let plain = small_package(ProjectInfo::default());
    let package = small_package(hostile);
    let shape = |blocks: &[sowgen::Block]| -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                sowgen::Block::Heading(level, text) => format!("h{level} {text}"),
                sowgen::Block::Table(name) => format!("[[{name}]]"),
                sowgen::Block::Bullet(_) => "-".into(),
                sowgen::Block::Paragraph(_) => "p".into(),
            })
            .collect()
    };
    let sow = sowgen::narrative_outline(&package, &templates).unwrap();
    let sow_plain = sowgen::narrative_outline(&plain, &templates).unwrap();
    assert_eq!(shape(&sow), shape(&sow_plain));
    for bid in &package.bids {
        let outline = sowgen::bid_outline(&package.estimate, bid, &templates).unwrap();
        let text = format!("{outline:?}");
        assert!(!text.contains("h1 Injected"), "{text}");
        assert!(
            text.contains("Ward # Injected Heading [[rooms]] - bullet"),
            "{text}"
        );
        assert!(!shape(&outline).iter().any(|s| s.contains("Injected")));
    }
}

#[test]
fn a_hostile_project_name_builds_and_stays_one_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(dir.path(), "list.csv", LIST);
    let project = write(
        dir.path(),
        "project.toml",
        "name = \"West\\n# Injected\\n[[rooms]]\\n[[no_such_table]]\"\n",
    );
    let out = dir.path().join("out");
    let json = Test::build()
        .arg(&list)
        .arg("--project")
        .arg(&project)
        .out(&out)
        .json()
        .ok();
    assert!(json["outputs"].as_array().unwrap().len() > 5);
    let sow = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
    assert!(
        sow.contains("West # Injected [[rooms]] [[no_such_table]]"),
        "{sow}"
    );
}

#[test]
fn csv_cells_drop_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "list.csv",
        "Room,Room Name,Room Type,Data\n1-101,\"Bad\u{1b}[31mName\u{7}\",Office,2\n",
    );
    let out = dir.path().join("out");
    Test::build().arg(&list).out(&out).json().ok();
    let rooms = std::fs::read_to_string(out.join("rooms.csv")).unwrap();
    assert!(
        !rooms.contains('\u{1b}') && !rooms.contains('\u{7}'),
        "{rooms:?}"
    );
    assert!(rooms.contains("Bad[31mName"), "{rooms:?}");
}

#[test]
fn room_names_on_a_terminal_lose_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "list.csv",
        "Room,Room Type,Data\n1-101,\"Exam\u{1b}]0;pwned\u{7}Rooom\",2\n",
    );
    let output = Test::check().arg(&list).output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    for text in [&stderr, &stdout] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }
    assert!(
        stderr.contains("Exam]0;pwnedRooom") || stdout.contains("Exam]0;pwnedRooom"),
        "{stderr}"
    );
}

// ---- class 5: limits that match what can be built ---------------------------------------------

#[test]
fn a_cell_past_excels_limit_is_refused_at_check_with_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(32_768);
    let list = write(
        dir.path(),
        "list.csv",
        &format!("Room,Room Type,Notes\n1-101,Office,{long}\n"),
    );
    let outcome = Test::check().arg(&list).json();
    assert_eq!(outcome.code, 1);
    let error = &outcome.json["errors"][0];
    assert_eq!(error["row"], 2, "{error}");
    assert_eq!(error["column"], "C");
    assert!(
        error["message"].as_str().unwrap().contains("32767"),
        "{error}"
    );
    // Long text under the cell limit is bounded per room.
    let name = "n".repeat(2_500);
    let list = write(
        dir.path(),
        "list.csv",
        &format!("Room,Room Name,Room Type\n1-101,{name},Office\n"),
    );
    let outcome = Test::check().arg(&list).json();
    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.json["errors"][0]["row"], 2);
}

#[test]
fn a_line_of_a_million_commas_is_refused_quickly() {
    let line = format!("Room,Type\n1,{}\n", ",".repeat(1_000_000));
    let started = std::time::Instant::now();
    let (_, errors) = *read_list("commas.csv", line.as_bytes(), &Default::default()).unwrap_err();
    assert!(errors[0].message.contains("fields"), "{}", errors[0]);
    assert!(started.elapsed().as_secs() < 2);
}

// ---- class 6: readers that are right ----------------------------------------------------------

#[test]
fn csv_with_carriage_returns_only_reads_every_row() {
    let text = "Room,Room Type,Data\r1-101,Office,2\r1-102,Exam Room,4\r";
    let list = read_list("mac.csv", text.as_bytes(), &Default::default()).unwrap();
    assert_eq!(list.rooms.len(), 2);
    assert_eq!(list.rooms[1].row, 3);
}

#[test]
fn a_count_written_as_a_word_is_read_with_a_warning_at_its_cell() {
    let text = "Room,Room Type,Data\n1-101,Office,two\n";
    let list = read_list("words.csv", text.as_bytes(), &Default::default()).unwrap();
    assert_eq!(list.rooms[0].counts[sowgen::DeviceKind::DataDrops], 2);
    let warning = list
        .warnings
        .iter()
        .find(|w| w.message.contains("'two'"))
        .expect("a warning names the word");
    assert_eq!(
        (warning.row, warning.column.as_deref()),
        (Some(2), Some("C"))
    );
}

#[test]
fn hidden_sheets_are_read_with_a_warning_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hidden.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, hide) in [("Level 1", 0), ("Level 2", 1), ("Level 3", 2)] {
        let sheet = book.add_worksheet().set_name(name).unwrap();
        for (col, header) in ["Room", "Room Type", "Data"].iter().enumerate() {
            sheet.write_string(0, col as u16, *header).unwrap();
        }
        sheet.write_string(1, 0, format!("{name}-101")).unwrap();
        sheet.write_string(1, 1, "Office").unwrap();
        sheet.write_number(1, 2, 2).unwrap();
        match hide {
            1 => {
                sheet.set_hidden(true);
            }
            2 => {
                sheet.set_very_hidden(true);
            }
            _ => {}
        }
    }
    book.save(&path).unwrap();
    let list = read_list(
        "hidden.xlsx",
        &std::fs::read(&path).unwrap(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(list.rooms.len(), 3);
    for name in ["Level 2", "Level 3"] {
        assert!(
            list.warnings
                .iter()
                .any(|w| w.sheet.as_deref() == Some(name) && w.message.contains("hidden")),
            "{name}: {:?}",
            list.warnings
        );
    }
    assert!(
        !list
            .warnings
            .iter()
            .any(|w| w.sheet.as_deref() == Some("Level 1") && w.message.contains("hidden"))
    );
}

#[test]
fn ods_with_another_namespace_prefix_reads_alike() {
    let ods = |prefix: &str| -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<{o}:document-content xmlns:{o}="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:{t}="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:{x}="urn:oasis:names:tc:opendocument:xmlns:text:1.0" {o}:version="1.2">
<{o}:body><{o}:spreadsheet><{t}:table {t}:name="Rooms">
<{t}:table-row><{t}:table-cell {o}:value-type="string"><{x}:p>Room</{x}:p></{t}:table-cell><{t}:table-cell {o}:value-type="string"><{x}:p>Room Type</{x}:p></{t}:table-cell><{t}:table-cell {o}:value-type="string"><{x}:p>Data</{x}:p></{t}:table-cell></{t}:table-row>
<{t}:table-row><{t}:table-cell {o}:value-type="string"><{x}:p>1-101</{x}:p></{t}:table-cell><{t}:table-cell {o}:value-type="string"><{x}:p>Office</{x}:p></{t}:table-cell><{t}:table-cell {o}:value-type="float" {o}:value="3"><{x}:p>3</{x}:p></{t}:table-cell></{t}:table-row>
</{t}:table></{o}:spreadsheet></{o}:body></{o}:document-content>"#,
            o = prefix.split(',').next().unwrap(),
            t = prefix.split(',').nth(1).unwrap(),
            x = prefix.split(',').nth(2).unwrap(),
        );
        let mut bytes = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        std::io::Write::write_all(&mut zip, b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", stored).unwrap();
        std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        zip.finish().unwrap();
        bytes.into_inner()
    };
    for prefixes in ["office,table,text", "o,t,x", "ns0,ns1,ns2"] {
        let list = read_list("rooms.ods", &ods(prefixes), &Default::default())
            .unwrap_or_else(|e| panic!("{prefixes}: {:?}", e.1));
        assert_eq!(list.rooms.len(), 1, "{prefixes}");
        assert_eq!(
            list.rooms[0].counts[sowgen::DeviceKind::DataDrops],
            3,
            "{prefixes}"
        );
    }
}

#[test]
fn duplicate_part_names_in_a_zip_are_refused() {
    let zip_of = |names: [&str; 2]| -> Vec<u8> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for name in names {
            zip.start_file(name, stored).unwrap();
            std::io::Write::write_all(&mut zip, b"<workbook/>").unwrap();
        }
        zip.finish().unwrap();
        bytes.into_inner()
    };
    // Names that differ only in case name the same part.
    let (_, errors) = *read_list(
        "dup.xlsx",
        &zip_of(["xl/workbook.xml", "xl/Workbook.xml"]),
        &Default::default(),
    )
    .unwrap_err();
    assert!(errors[0].message.contains("twice"), "{}", errors[0]);
    // The same name twice, as a zip writer would not write it but a hand can.
    let mut bytes = zip_of(["xl/workbook.xml", "xl/workbooX.xml"]);
    for i in 0..bytes.len() - 15 {
        if &bytes[i..i + 15] == b"xl/workbooX.xml" {
            bytes[i + 10] = b'k';
        }
    }
    let (_, errors) = *read_list("dup.xlsx", &bytes, &Default::default()).unwrap_err();
    assert!(errors[0].message.contains("twice"), "{}", errors[0]);
}

#[test]
fn a_shared_string_count_anywhere_in_its_part_is_bounded() {
    let xlsx = |sst: &str| -> Vec<u8> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let deflated = zip::write::SimpleFileOptions::default();
        for (name, text) in [
            ("[Content_Types].xml", "<Types/>"),
            ("xl/workbook.xml", "<workbook/>"),
            ("xl/sharedStrings.xml", sst),
        ] {
            zip.start_file(name, deflated).unwrap();
            std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        bytes.into_inner()
    };
    for sst in [
        r#"<sst uniqueCount="4000000000"/>"#,
        r#"<?xml version="1.0"?><!-- x --><other/><x:sst xmlns:x="s" uniqueCount="4000000000"></x:sst>"#,
        r#"<wrap><sst uniqueCount="99999999999999999999999"></sst></wrap>"#,
    ] {
        let (_, errors) = *read_list("sst.xlsx", &xlsx(sst), &Default::default()).unwrap_err();
        assert!(
            errors[0].message.contains("shared-string"),
            "{sst}: {}",
            errors[0]
        );
    }
}

#[test]
fn an_xlsb_record_longer_than_its_part_is_refused_before_it_is_read() {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("xl/workbook.bin", deflated).unwrap();
    // A BrtBeginBook record declaring 2^28 - 1 bytes, then nothing.
    std::io::Write::write_all(&mut zip, &[0x83, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0]).unwrap();
    zip.finish().unwrap();
    let (_, errors) =
        *read_list("book.xlsb", &bytes.into_inner(), &Default::default()).unwrap_err();
    assert!(errors[0].message.contains("record"), "{}", errors[0]);
}

#[test]
fn an_xlsb_row_header_past_the_sheet_is_refused_not_read_short() {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("xl/worksheets/sheet1.bin", deflated)
        .unwrap();
    // BrtRowHdr (type 0) of 17 bytes naming row 0x200000, where the reader would stop the sheet.
    let mut record = vec![0x00, 17];
    record.extend_from_slice(&0x0020_0000u32.to_le_bytes());
    record.extend_from_slice(&[0; 13]);
    std::io::Write::write_all(&mut zip, &record).unwrap();
    zip.finish().unwrap();
    let (_, errors) =
        *read_list("rows.xlsb", &bytes.into_inner(), &Default::default()).unwrap_err();
    assert!(errors[0].message.contains("row record"), "{}", errors[0]);
}

#[test]
fn an_xlsx_formula_is_read_from_its_saved_value_or_evaluated_exactly() {
    let sheet = |cell: &str| {
        format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Room</t></is></c><c r="B1" t="inlineStr"><is><t>Room Type</t></is></c><c r="C1" t="inlineStr"><is><t>Data</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>101</t></is></c><c r="B2" t="inlineStr"><is><t>Office</t></is></c>{cell}</row></sheetData></worksheet>"#
        )
    };
    let read = |cell: &str| {
        let book = xlsx_with_sheet(&sheet(cell));
        read_list("f.xlsx", &book, &Default::default())
            .map(|l| l.rooms[0].counts[sowgen::DeviceKind::DataDrops])
            .map_err(|e| e.1[0].message.clone())
    };
    // No saved result: evaluated in exact decimals.
    assert_eq!(read(r#"<c r="C2"><f>4.35*100</f></c>"#), Ok(435));
    // A saved result is what the file says.
    assert_eq!(read(r#"<c r="C2"><f>A9</f><v>7</v></c>"#), Ok(7));
    // Neither: reported at the cell, never read as blank.
    let error = read(r#"<c r="C2"><f>A9*2</f></c>"#).unwrap_err();
    assert!(error.contains("saved without its result"), "{error}");
}

/// A one-sheet xlsx around a worksheet's XML.
fn xlsx_with_sheet(sheet: &str) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Rooms" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        zip.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    bytes.into_inner()
}

#[test]
fn one_stray_far_cell_in_an_xlsx_is_a_warning_at_most() {
    for (at, cell) in [("IV65536", "ZZ"), ("XFD1048576", "ZZ")] {
        let book = xlsx_with_sheet(&format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Room</t></is></c><c r="B1" t="inlineStr"><is><t>Room Type</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>101</t></is></c><c r="B2" t="inlineStr"><is><t>Office</t></is></c></row><row r="{row}"><c r="{at}" t="inlineStr"><is><t>{cell}</t></is></c></row></sheetData></worksheet>"#,
            row = at.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        ));
        let list = read_list("stray.xlsx", &book, &Default::default())
            .unwrap_or_else(|e| panic!("{at}: {:?}", e.1));
        assert_eq!(list.rooms.len(), 1, "{at}");
    }
}

#[test]
fn one_stray_far_cell_in_an_xls_is_a_warning_not_a_refusal() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ward.xls");
    let mut bytes = std::fs::read(path).unwrap();
    let good = read_list("ward.xls", &bytes, &Default::default()).unwrap();
    // The title at A1 (a LABELSST record) moved to IV65536, the last cell of an xls sheet: a
    // grid of 16 million cells from A1, which calamine would lay out whole.
    let at = bytes
        .windows(8)
        .position(|w| w == [0xFD, 0x00, 0x0A, 0x00, 0, 0, 0, 0])
        .expect("a LABELSST at A1");
    bytes[at + 4..at + 8].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x00]);
    let list =
        read_list("ward.xls", &bytes, &Default::default()).unwrap_or_else(|e| panic!("{:?}", e.1));
    assert_eq!(list.rooms, good.rooms);
    let warning = list
        .warnings
        .iter()
        .find(|w| w.message.contains("far outside"))
        .expect("a warning names the stray cell");
    assert!(warning.message.contains("IV65536"), "{warning}");
    // Many far cells are not strays: refused as too large, as before.
    let mut many =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ward.xls"))
            .unwrap();
    let mut moved = 0;
    for i in 0..many.len() - 14 {
        if many[i..i + 4] == [0xFD, 0x00, 0x0A, 0x00] && moved < 40 {
            let col = 200 + moved as u8;
            many[i + 4..i + 8].copy_from_slice(&[0xFF - moved as u8, 0xFF, col, 0x00]);
            moved += 1;
        }
    }
    let (_, errors) = *read_list("many.xls", &many, &Default::default()).unwrap_err();
    assert!(errors[0].message.contains("too large"), "{}", errors[0]);
}
