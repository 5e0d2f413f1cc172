//! Small workbooks built byte by byte, for cases no spreadsheet program would save: formulas
//! with no results, stray cells at the sheet's edge, zip parts that lie about their size.
#![allow(dead_code)]

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Excel's letters for a 0-based column.
fn letters(mut col: usize) -> String {
    let mut out = Vec::new();
    col += 1;
    while col > 0 {
        out.push(b'A' + ((col - 1) % 26) as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// A worksheet's XML. Each cell: "" is no cell, "=..." a formula saved with no result,
/// a number a number, anything else inline text.
pub fn sheet_xml(rows: &[&[&str]]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", letters(c), r + 1);
            if cell.is_empty() {
                continue;
            } else if let Some(formula) = cell.strip_prefix('=') {
                xml.push_str(&format!(r#"<c r="{at}"><f>{}</f></c>"#, escape(formula)));
            } else if cell.parse::<f64>().is_ok() {
                xml.push_str(&format!(r#"<c r="{at}"><v>{cell}</v></c>"#));
            } else {
                xml.push_str(&format!(
                    r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    escape(cell)
                ));
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

pub fn xlsx(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let xml: Vec<(&str, String)> = sheets
        .iter()
        .map(|(n, rows)| (*n, sheet_xml(rows)))
        .collect();
    let refs: Vec<(&str, &str)> = xml.iter().map(|(n, x)| (*n, x.as_str())).collect();
    xlsx_from_sheet_xml(&refs)
}

pub fn xlsx_from_sheet_xml(sheets: &[(&str, &str)]) -> Vec<u8> {
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut overrides = String::new();
    let mut entries = String::new();
    let mut rels = String::new();
    for (i, (name, xml)) in sheets.iter().enumerate() {
        let n = i + 1;
        overrides.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        entries.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            escape(name)
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        parts.push((
            format!("xl/worksheets/sheet{n}.xml"),
            xml.as_bytes().to_vec(),
        ));
    }
    let mut all = vec![
        (
            "[Content_Types].xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
            )
            .into_bytes(),
        ),
        (
            "_rels/.rels".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/workbook.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#
            )
            .into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            )
            .into_bytes(),
        ),
    ];
    all.extend(parts);
    let refs: Vec<(&str, &[u8])> = all
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_of(&refs)
}

pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        writer
            .start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn u16_at(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}

/// Overwrite the uncompressed size an archive declares for `part`, in its central directory
/// entry and its local header alike, leaving the data as it is.
pub fn set_declared_size(zip: &mut [u8], part: &str, size: u32) {
    let mut patched = 0;
    let mut i = 0;
    while i + 46 <= zip.len() {
        let (size_at, name_len_at, name_at) = match &zip[i..i + 4] {
            b"PK\x01\x02" => (i + 24, i + 28, i + 46),
            b"PK\x03\x04" => (i + 22, i + 26, i + 30),
            _ => {
                i += 1;
                continue;
            }
        };
        let len = u16_at(zip, name_len_at);
        if zip.get(name_at..name_at + len) == Some(part.as_bytes()) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        i += 4;
    }
    assert_eq!(
        patched, 2,
        "{part}: local header and central directory entry"
    );
}

pub fn ods_content(tables: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
}

pub fn ods(content: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
        (
            "META-INF/manifest.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#,
        ),
    ])
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const NOSTREAM: u32 = 0xFFFF_FFFF;

/// A compound file (v3, 512-byte sectors) holding one empty stream called `name`: how Word
/// documents, encrypted Office files and xls workbooks all start.
pub fn ole_with_stream(name: &str) -> Vec<u8> {
    let mut file = vec![0u8; 512 * 3];
    file[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let put = |f: &mut [u8], at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    file[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    file[26..28].copy_from_slice(&3u16.to_le_bytes());
    file[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    file[30..32].copy_from_slice(&9u16.to_le_bytes());
    file[32..34].copy_from_slice(&6u16.to_le_bytes());
    put(&mut file, 44, 1); // FAT sectors
    put(&mut file, 48, 1); // first directory sector
    put(&mut file, 56, 4096);
    put(&mut file, 60, ENDOFCHAIN);
    put(&mut file, 68, ENDOFCHAIN);
    put(&mut file, 76, 0); // the FAT is sector 0
    for at in (80..512).step_by(4) {
        put(&mut file, at, NOSTREAM);
    }
    // Sector 0 (file offset 512): the FAT. Sector 1 (offset 1024): the directory.
    put(&mut file, 512, 0xFFFF_FFFD);
    put(&mut file, 516, ENDOFCHAIN);
    for at in (520..1024).step_by(4) {
        put(&mut file, at, NOSTREAM);
    }
    let entry = |f: &mut [u8], index: usize, name: &str, kind: u8, child: u32| {
        let at = 1024 + index * 128;
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            f[at + 2 * i..at + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        f[at + 64..at + 66].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
        f[at + 66] = kind;
        f[at + 67] = 1;
        put(f, at + 68, NOSTREAM);
        put(f, at + 72, NOSTREAM);
        put(f, at + 76, child);
        put(f, at + 116, ENDOFCHAIN);
        put(f, at + 120, 0);
    };
    entry(&mut file, 0, "Root Entry", 5, 1);
    entry(&mut file, 1, name, 2, NOSTREAM);
    for index in 2..4 {
        let at = 1024 + index * 128;
        for p in [68, 72, 76] {
            put(&mut file, at + p, NOSTREAM);
        }
    }
    file
}

/// Where the first cell record (RK, else NUMBER) starts in an xls file's bytes.
pub fn find_record(xls: &[u8], fallback: u16) -> Option<usize> {
    let rk = [0x7E, 0x02, 10, 0];
    let number = [(fallback & 0xFF) as u8, (fallback >> 8) as u8, 14, 0];
    xls.windows(4)
        .position(|w| w == rk)
        .or_else(|| xls.windows(4).position(|w| w == number))
}

/// Point the directory's first sector back at itself in the FAT of a 512-byte-sector file.
pub fn make_directory_chain_loop(xls: &mut [u8]) {
    let word = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    assert_eq!(u16_at(xls, 30), 9, "512-byte sectors");
    let dir_start = word(xls, 48) as usize;
    let fat_sector = word(xls, 76) as usize;
    let entry = 512 + fat_sector * 512 + dir_start * 4;
    xls[entry..entry + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
}

/// Every part of a zip archive, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().to_string(), data)
        })
        .collect()
}
