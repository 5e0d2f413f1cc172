//! Checks an xls file before calamine reads it, so that no file can make it loop forever or
//! allocate without bound.
//!
//! calamine parses the whole file when it opens it: it follows the compound file's sector chains
//! until they end (a chain that loops back never ends), reserves a sheet's declared
//! DIMENSIONS up front, and lays every sheet out as a full grid from its top-left to its
//! bottom-right cell (one value at A1 and one at IV65536 make 16 million cells). Here the same
//! structures are walked the way calamine walks them (compound file, workbook stream, records),
//! cheaply and with every loop bounded, and a file that would go past the limits is refused.
//! Where calamine would simply fail on a file, this lets it, so its own error is reported.

use super::xls_stray;
use crate::problem::Problem;

/// Grid cells over all sheets: values (32 bytes each), formulas (24) and the declared reserve
/// (40) stay within a couple of hundred MB.
const MAX_GRID_CELLS: u64 = 2_000_000;
/// Bytes of formula records over the workbook (their text can be several times longer).
const MAX_FORMULA_BYTES: u64 = 8 * 1024 * 1024;
/// Bytes of the shared-string table: each string costs calamine a few dozen bytes.
const MAX_SST_BYTES: u64 = 8 * 1024 * 1024;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;

fn refuse(what: &str) -> Problem {
    Problem::file(format!("the file is not a readable workbook ({what})"))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The file as calamine may read it within the limits: as it is, or with a few stray cells far
/// outside a sheet's data (which would make calamine lay out millions of empty cells) turned
/// into records it skips, each sheet's so named in `warnings`. An error where the file would go
/// past the limits all the same; `Ok` too where calamine will fail on the file by itself.
pub fn prepare<'b>(
    bytes: &'b [u8],
    warnings: &mut Vec<Problem>,
) -> Result<std::borrow::Cow<'b, [u8]>, Problem> {
    let Some(compound) = Compound::parse(bytes)? else {
        return Ok(bytes.into());
    };
    let Some((stream, map)) = compound.workbook_stream()? else {
        return Ok(bytes.into());
    };
    let strays = check_stream(&stream)?;
    if strays.is_empty() {
        return Ok(bytes.into());
    }
    let mut patched = bytes.to_vec();
    for sheet in &strays {
        for &at in &sheet.records {
            // The record's type becomes one no reader knows; its length, and so every offset
            // in the stream, stays as it was.
            for (i, byte) in super::xls_stray::SKIPPED
                .to_le_bytes()
                .into_iter()
                .enumerate()
            {
                if let Some(file) = map.file_offset(at + i) {
                    patched[file] = byte;
                }
            }
        }
        warnings.push(super::xls_stray::warning(sheet));
    }
    Ok(patched.into())
}

/// Where each byte of a stream lies in the file: its chunks (sectors) in order.
struct StreamMap {
    chunk: usize,
    offsets: Vec<Option<usize>>,
}

impl StreamMap {
    fn file_offset(&self, at: usize) -> Option<usize> {
        self.offsets
            .get(at / self.chunk)
            .copied()
            .flatten()
            .map(|start| start + at % self.chunk)
    }
}

/// The names of a compound file's entries, to say what an OLE file that is not a workbook is;
/// `None` when its directory cannot be read.
pub fn entry_names(bytes: &[u8]) -> Option<Vec<String>> {
    let compound = Compound::parse(bytes).ok()??;
    Some(compound.dirs.into_iter().map(|d| d.0).collect())
}

/// Sectors as calamine sees them: sector `id` starts one header's length past the start.
struct Sectors<'a> {
    bytes: &'a [u8],
    header: usize,
    size: usize,
    maxid: u32,
}

impl<'a> Sectors<'a> {
    /// `Ok(None)` for an id past the file's sector count (calamine reports that itself); an
    /// error for a sector that starts past the end of the file, where calamine panics.
    fn get(&self, id: u32) -> Result<Option<&'a [u8]>, Problem> {
        if id > self.maxid {
            return Ok(None);
        }
        let start = self.header + id as usize * self.size;
        let end = (start + self.size).min(self.bytes.len());
        match self.bytes.get(start..end) {
            Some(sector) if start < self.bytes.len() => Ok(Some(sector)),
            _ => Err(refuse("damaged: a sector lies past the end of the file")),
        }
    }
}

/// A table of sector numbers; calamine panics on a table cut short mid-entry.
/// The allocation table (FAT), gathered from the sectors the header and DIFAT list; `None`
/// where calamine will fail on the file by itself.
fn allocation_table(
    sectors: &Sectors,
    difat_start: u32,
    max_steps: u64,
) -> Result<Option<Vec<u32>>, Problem> {
    let mut difat = words(&sectors.bytes[76..512])?;
    let mut id = difat_start;
    let mut steps = 0u64;
    while id < RESERVED_SECTORS {
        steps += 1;
        if steps > max_steps + 1 {
            return Ok(None);
        }
        let Some(sector) = sectors.get(id)? else {
            return Ok(None);
        };
        difat.extend(words(sector)?);
        let Some(next) = difat.pop() else {
            return Ok(None);
        };
        id = next;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    // Each listed FAT sector is copied whole: a sector listed over and over multiplies the file.
    if fat_sectors.len() as u64 > max_steps {
        return Err(refuse(
            "damaged: its allocation table is larger than the file",
        ));
    }
    let mut fats = Vec::new();
    for id in fat_sectors {
        let Some(sector) = sectors.get(id)? else {
            return Ok(None);
        };
        fats.extend(words(sector)?);
    }
    Ok(Some(fats))
}

/// The directory entries: (name, first sector, length).
fn directory(dir_bytes: &[u8], size: usize) -> Vec<(String, u32, u64)> {
    dir_bytes
        .chunks_exact(128)
        .map(|d| {
            let units: Vec<u16> = d[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(nul) = name.find('\0') {
                name.truncate(nul);
            }
            let start = u32_at(d, 116).unwrap_or(0);
            let len = if size == 512 {
                u64::from(u32_at(d, 120).unwrap_or(0))
            } else {
                u64::from_le_bytes(d[120..128].try_into().expect("eight bytes"))
            };
            (name, start, len)
        })
        .collect()
}

fn words(s: &[u8]) -> Result<Vec<u32>, Problem> {
    if !s.len().is_multiple_of(4) {
        return Err(refuse("damaged: an allocation table is cut short"));
    }
    Ok(s.chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().expect("four bytes")))
        .collect())
}

/// The sector ids of a chain up to `len` bytes. A chain that runs longer than the file has
/// sectors has looped: calamine would follow it forever.
fn chain(
    first: u32,
    fats: &[u32],
    len: u64,
    max_steps: u64,
    sector_len: impl Fn(u32) -> Result<Option<usize>, Problem>,
) -> Result<Option<Vec<u32>>, Problem> {
    let mut ids = Vec::new();
    let mut collected = 0u64;
    let mut id = first;
    while id != ENDOFCHAIN {
        if ids.len() as u64 > max_steps {
            return Err(refuse("damaged: a sector chain loops back on itself"));
        }
        let Some(n) = sector_len(id)? else {
            return Ok(None);
        };
        ids.push(id);
        collected += n as u64;
        if collected >= len {
            break;
        }
        // calamine indexes the table unchecked here, and panics.
        let Some(&next) = fats.get(id as usize) else {
            return Err(refuse("damaged: a sector chain points outside its table"));
        };
        id = next;
    }
    Ok(Some(ids))
}

/// A compound file's directory and allocation tables, as calamine reads them.
struct Compound<'a> {
    sectors: Sectors<'a>,
    max_steps: u64,
    fats: Vec<u32>,
    /// (name, first sector, length)
    dirs: Vec<(String, u32, u64)>,
    mini_fats: Vec<u32>,
    ministream: Vec<u8>,
    /// The regular sectors the mini stream is made of, in order.
    ministream_sectors: Vec<u32>,
}

impl<'a> Compound<'a> {
    /// `None` where calamine will fail on the file by itself.
    fn parse(bytes: &'a [u8]) -> Result<Option<Compound<'a>>, Problem> {
        if bytes.len() < 512 {
            return Ok(None);
        }
        let size = match u16_at(bytes, 30) {
            Some(0x0009) => 512,
            Some(0x000C) => 4096,
            _ => return Ok(None),
        };
        if bytes.len() < size {
            return Ok(None);
        }
        let version = u16_at(bytes, 26).unwrap_or(0);
        let dir_start = u32_at(bytes, 48).unwrap_or(0);
        let mini_fat_start = u32_at(bytes, 60).unwrap_or(0);
        let mini_fat_len = u32_at(bytes, 64).unwrap_or(0) as u64;
        let difat_start = u32_at(bytes, 68).unwrap_or(0);
        let maxid = (bytes.len() / size) as u32;
        let sectors = Sectors {
            bytes,
            header: size,
            size,
            maxid,
        };
        let max_steps = u64::from(maxid) + 1;

        let Some(fats) = allocation_table(&sectors, difat_start, max_steps)? else {
            return Ok(None);
        };
        let main_len = |id: u32| Ok(sectors.get(id)?.map(<[u8]>::len));
        let gather = |ids: &[u32], len: u64| -> Vec<u8> {
            let mut out = Vec::new();
            for &id in ids {
                let sector = sectors.get(id).ok().flatten().unwrap_or(&[]);
                let take = sector.len().min((len as usize).saturating_sub(out.len()));
                out.extend_from_slice(&sector[..take]);
            }
            out
        };

        let Some(dir_ids) = chain(dir_start, &fats, u64::MAX, max_steps, main_len)? else {
            return Ok(None);
        };
        let dir_bytes = gather(&dir_ids, u64::MAX);
        let dirs = directory(&dir_bytes, size);
        if dirs.is_empty() || (version != 3 && dirs[0].1 == ENDOFCHAIN) {
            return Ok(None);
        }

        let (mini_fats, ministream, ministream_sectors) = if mini_fat_len > 0 {
            let Some(root_ids) = chain(dirs[0].1, &fats, dirs[0].2, max_steps, main_len)? else {
                return Ok(None);
            };
            let ministream = gather(&root_ids, dirs[0].2);
            let minifat_len = mini_fat_len * size as u64;
            let Some(ids) = chain(mini_fat_start, &fats, minifat_len, max_steps, main_len)? else {
                return Ok(None);
            };
            let minifat = gather(&ids, minifat_len);
            (words(&minifat)?, ministream, root_ids)
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };

        Ok(Some(Compound {
            sectors,
            max_steps,
            fats,
            dirs,
            mini_fats,
            ministream,
            ministream_sectors,
        }))
    }

    /// The Workbook (or Book) stream's bytes as calamine will read them; `None` where calamine will
    /// fail on the file by itself.
    fn workbook_stream(&self) -> Result<Option<(Vec<u8>, StreamMap)>, Problem> {
        let Compound {
            sectors,
            max_steps,
            fats,
            dirs,
            mini_fats,
            ministream,
            ministream_sectors,
        } = self;
        let max_steps = *max_steps;
        let main_len = |id: u32| Ok(sectors.get(id)?.map(<[u8]>::len));
        let gather = |ids: &[u32], len: u64| -> Vec<u8> {
            let mut out = Vec::new();
            for &id in ids {
                let sector = sectors.get(id).ok().flatten().unwrap_or(&[]);
                let take = sector.len().min((len as usize).saturating_sub(out.len()));
                out.extend_from_slice(&sector[..take]);
            }
            out
        };
        let find = |wanted: &str| {
            dirs.iter()
                .find(|d| d.0.as_bytes().eq_ignore_ascii_case(wanted.as_bytes()))
        };
        let Some(&(_, start, len)) = find("Workbook").or_else(|| find("Book")) else {
            return Ok(None);
        };
        if len < 4096 {
            // calamine reads a mini sector past the mini stream from wherever the file reader stands;
            // no sound file does that, so it is refused rather than imitated.
            let mini_len = |id: u32| {
                let start = (id as usize).saturating_mul(64);
                let end = start.saturating_add(64).min(ministream.len());
                Ok(ministream
                    .get(start..end)
                    .map(<[u8]>::len)
                    .filter(|&n| n > 0))
            };
            let Some(ids) = chain(start, mini_fats, len, max_steps * 8, mini_len)? else {
                return Err(refuse("damaged: a stream points past the end of the file"));
            };
            let mut out = Vec::new();
            let mut map = StreamMap {
                chunk: 64,
                offsets: Vec::with_capacity(ids.len()),
            };
            for id in ids {
                let at = id as usize * 64;
                let sector = &ministream[at..(at + 64).min(ministream.len())];
                let take = sector.len().min((len as usize).saturating_sub(out.len()));
                out.extend_from_slice(&sector[..take]);
                // A mini sector lies inside one regular sector of the mini stream.
                let file = ministream_sectors
                    .get(at / sectors.size)
                    .map(|&s| sectors.header + s as usize * sectors.size + at % sectors.size);
                map.offsets.push(file);
            }
            Ok(Some((out, map)))
        } else {
            let Some(ids) = chain(start, fats, len, max_steps, main_len)? else {
                return Ok(None);
            };
            let map = StreamMap {
                chunk: sectors.size,
                offsets: ids
                    .iter()
                    .map(|&id| Some(sectors.header + id as usize * sectors.size))
                    .collect(),
            };
            Ok(Some((gather(&ids, len), map)))
        }
    }
}

/// One BIFF record as calamine's record iterator yields it: type, data, and the total length of
/// the CONTINUE records after it.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8], u64);

    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.stream, 0)?;
        let len = u16_at(self.stream, 2)? as usize;
        let data = self.stream.get(4..4 + len)?;
        self.stream = &self.stream[4 + len..];
        let mut continued = 0u64;
        if self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
                let len = u16_at(self.stream, 2)? as usize;
                if self.stream.len() < 4 + len {
                    return None;
                }
                continued += len as u64;
                self.stream = &self.stream[4 + len..];
            }
        }
        Some((typ, data, continued))
    }
}

/// One sheet's cell records, as calamine places them; DIMENSIONS records that ask for more than
/// the limit are set aside too (calamine only reserves memory by them).
struct SheetCells {
    name: String,
    cells: Vec<xls_stray::Placed>,
    formulas: Vec<xls_stray::Placed>,
    oversized_dimensions: Vec<usize>,
}

fn check_stream(stream: &[u8]) -> Result<Vec<xls_stray::SheetStrays>, Problem> {
    let mut sheet_starts = Vec::new();
    for (typ, data, continued) in (Records { stream }) {
        match typ {
            0x0085 => {
                if let Some(start) = u32_at(data, 0) {
                    sheet_starts.push((start, sheet_name(data)));
                }
            }
            0x00FC if data.len() as u64 + continued > MAX_SST_BYTES => {
                return Err(refuse("its shared-string table is too large to read"));
            }
            0x000A => break,
            _ => {}
        }
    }
    let too_large = || refuse("its sheets are too large to read; it may be a hostile file");
    let mut sheets = Vec::new();
    let mut formula_bytes = 0u64;
    for (start, name) in sheet_starts {
        let Some(sheet) = stream.get(start as usize..) else {
            continue;
        };
        let read = sheet_cells(stream, sheet, name, &mut formula_bytes);
        if formula_bytes > MAX_FORMULA_BYTES {
            return Err(too_large());
        }
        sheets.push(read);
    }
    let grid = |sheets: &[SheetCells]| -> u64 {
        sheets
            .iter()
            .map(|s| xls_stray::area(s.cells.iter()) + xls_stray::area(s.formulas.iter()))
            .sum()
    };
    let mut strays = Vec::new();
    let mut used = 0usize;
    if grid(&sheets) > MAX_GRID_CELLS {
        // Largest sheets first: a few far cells there are what makes the grid.
        let mut order: Vec<usize> = (0..sheets.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(xls_stray::area(sheets[i].cells.iter())));
        for i in order {
            let others = grid(&sheets) - xls_stray::area(sheets[i].cells.iter());
            let Some(target) = MAX_GRID_CELLS.checked_sub(others) else {
                continue;
            };
            let Some(picked) = xls_stray::choose(&sheets[i].cells, target, xls_stray::budget(used))
            else {
                continue;
            };
            used += picked.len();
            let sheet = &mut sheets[i];
            let mut set_aside = xls_stray::SheetStrays {
                name: sheet.name.clone(),
                cells: Vec::new(),
                records: std::mem::take(&mut sheet.oversized_dimensions),
            };
            for &p in picked.iter().rev() {
                let cell = sheet.cells.remove(p);
                set_aside.cells.push((cell.row, cell.first_col));
                set_aside.records.extend(cell.records);
                // Its formula, if it is one, goes with it.
                sheet
                    .formulas
                    .retain(|f| (f.row, f.first_col) != (cell.row, cell.first_col));
            }
            set_aside.cells.sort_unstable();
            strays.push(set_aside);
            if grid(&sheets) <= MAX_GRID_CELLS {
                break;
            }
        }
        if grid(&sheets) > MAX_GRID_CELLS {
            return Err(too_large());
        }
    }
    // A sheet whose DIMENSIONS alone ask too much has it set aside silently: it is a hint.
    for sheet in sheets
        .iter_mut()
        .filter(|s| !s.oversized_dimensions.is_empty())
    {
        strays.push(xls_stray::SheetStrays {
            name: sheet.name.clone(),
            cells: Vec::new(),
            records: std::mem::take(&mut sheet.oversized_dimensions),
        });
    }
    Ok(strays)
}

/// The cell records of the sheet substream at `sheet` (a suffix of `stream`), as calamine reads
/// them: nested substreams (charts) skipped, a formula's string result with its formula.
fn sheet_cells(stream: &[u8], sheet: &[u8], name: String, formula_bytes: &mut u64) -> SheetCells {
    let offset = |data: &[u8]| data.as_ptr() as usize - stream.as_ptr() as usize - 4;
    let mut read = SheetCells {
        name,
        cells: Vec::new(),
        formulas: Vec::new(),
        oversized_dimensions: Vec::new(),
    };
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, data, _) in (Records { stream: sheet }) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        let placed = |row, first_col, last_col| xls_stray::Placed {
            row,
            first_col,
            last_col,
            records: vec![offset(data)],
        };
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 if declared_cells(data) > MAX_GRID_CELLS => {
                read.oversized_dimensions.push(offset(data));
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((r, c)) = at() {
                    read.cells.push(placed(r, c, c));
                }
            }
            // A formula's string result belongs to the formula before it.
            0x0207 => {
                if let Some(last) = read.formulas.last() {
                    let (row, col) = (last.row, last.first_col);
                    if let Some(cell) = read
                        .cells
                        .iter_mut()
                        .rev()
                        .find(|c| (c.row, c.first_col) == (row, col))
                    {
                        cell.records.push(offset(data));
                    }
                }
            }
            0x00BD => {
                if let (Some((r, c)), Some(last)) = (at(), u16_at(data, data.len().max(2) - 2)) {
                    read.cells.push(placed(r, c, u32::from(last).max(c)));
                }
            }
            0x0006 => {
                if let Some((r, c)) = at() {
                    read.cells.push(placed(r, c, c));
                    read.formulas.push(placed(r, c, c));
                    *formula_bytes += data.len() as u64;
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    read
}

/// A BOUNDSHEET record's sheet name (BIFF8: a short Unicode string after six bytes).
fn sheet_name(data: &[u8]) -> String {
    let len = data.get(6).copied().unwrap_or(0) as usize;
    let wide = data.get(7).is_some_and(|f| f & 1 == 1);
    let text = data.get(8..).unwrap_or(&[]);
    if wide {
        let units: Vec<u16> = text
            .chunks_exact(2)
            .take(len)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        text.iter().take(len).map(|&b| char::from(b)).collect()
    }
}

/// The cells calamine reserves for a DIMENSIONS record, read as it reads them.
fn declared_cells(r: &[u8]) -> u64 {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u64::from(u16_at(r, 0).unwrap_or(0)),
            u64::from(u16_at(r, 2).unwrap_or(0)),
            u64::from(u16_at(r, 4).unwrap_or(0)),
            u64::from(u16_at(r, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u64::from(u32_at(r, 0).unwrap_or(0)),
            u64::from(u32_at(r, 4).unwrap_or(0)),
            u64::from(u16_at(r, 8).unwrap_or(0)),
            u64::from(u16_at(r, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        // calamine computes `end - start + 1` in u32; where that wraps it reserves little.
        let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) & 0xFFFF_FFFF;
        let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) & 0xFFFF_FFFF;
        rows.saturating_mul(cols)
    } else {
        1
    }
}
