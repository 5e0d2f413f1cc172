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

/// `Ok` when calamine can read the file within the limits or will fail on it by itself.
pub fn check(bytes: &[u8]) -> Result<(), Problem> {
    let Some(compound) = Compound::parse(bytes)? else {
        return Ok(());
    };
    match compound.workbook_stream()? {
        Some(stream) => check_stream(&stream),
        None => Ok(()),
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

        let (mini_fats, ministream) = if mini_fat_len > 0 {
            let Some(ids) = chain(dirs[0].1, &fats, dirs[0].2, max_steps, main_len)? else {
                return Ok(None);
            };
            let ministream = gather(&ids, dirs[0].2);
            let minifat_len = mini_fat_len * size as u64;
            let Some(ids) = chain(mini_fat_start, &fats, minifat_len, max_steps, main_len)? else {
                return Ok(None);
            };
            let minifat = gather(&ids, minifat_len);
            (words(&minifat)?, ministream)
        } else {
            (Vec::new(), Vec::new())
        };

        Ok(Some(Compound {
            sectors,
            max_steps,
            fats,
            dirs,
            mini_fats,
            ministream,
        }))
    }

    /// The Workbook (or Book) stream's bytes as calamine will read them; `None` where calamine will
    /// fail on the file by itself.
    fn workbook_stream(&self) -> Result<Option<Vec<u8>>, Problem> {
        let Compound {
            sectors,
            max_steps,
            fats,
            dirs,
            mini_fats,
            ministream,
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
            for id in ids {
                let at = id as usize * 64;
                let sector = &ministream[at..(at + 64).min(ministream.len())];
                let take = sector.len().min((len as usize).saturating_sub(out.len()));
                out.extend_from_slice(&sector[..take]);
            }
            Ok(Some(out))
        } else {
            let Some(ids) = chain(start, fats, len, max_steps, main_len)? else {
                return Ok(None);
            };
            Ok(Some(gather(&ids, len)))
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

/// The bounding box of a set of cells, as calamine's sparse-to-grid step computes it.
#[derive(Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

fn check_stream(stream: &[u8]) -> Result<(), Problem> {
    let mut sheet_starts = Vec::new();
    for (typ, data, continued) in (Records { stream }) {
        match typ {
            0x0085 => sheet_starts.extend(u32_at(data, 0)),
            0x00FC if data.len() as u64 + continued > MAX_SST_BYTES => {
                return Err(refuse("its shared-string table is too large to read"));
            }
            0x000A => break,
            _ => {}
        }
    }
    let too_large = || refuse("its sheets are too large to read; it may be a hostile file");
    let (mut grid, mut formula_bytes) = (0u64, 0u64);
    for start in sheet_starts {
        let Some(sheet) = stream.get(start as usize..) else {
            continue;
        };
        let (mut cells, mut formulas) = (Bounds::default(), Bounds::default());
        let mut formula_at = (0u32, 0u32);
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
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 if declared_cells(data) > MAX_GRID_CELLS => return Err(too_large()),
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    if let Some((r, c)) = at() {
                        cells.add(r, c);
                    }
                }
                0x0207 => cells.add(formula_at.0, formula_at.1),
                0x00BD => {
                    if let (Some((r, c)), Some(last)) = (at(), u16_at(data, data.len().max(2) - 2))
                    {
                        cells.add(r, c);
                        cells.add(r, u32::from(last));
                    }
                }
                0x0006 => {
                    if let Some((r, c)) = at() {
                        formula_at = (r, c);
                        cells.add(r, c);
                        formulas.add(r, c);
                        formula_bytes += data.len() as u64;
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        grid += cells.area() + formulas.area();
        if grid > MAX_GRID_CELLS || formula_bytes > MAX_FORMULA_BYTES {
            return Err(too_large());
        }
    }
    Ok(())
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
