//! A ZIP writer of what a workbook needs, for [`super::xlsx_splice`]: entries copied as they are
//! compressed, and one written through [`ParallelDeflate`] with a data descriptor after it. No
//! ZIP64 (a part of 4 GB is refused, far past the limits), a fixed date (the same input makes
//! the same bytes).

use super::deflate::ParallelDeflate;
use crate::error::Error;
use std::io::{self, Read, Write};

/// A writer that knows how many bytes it has written (each entry's offset).
struct CountingWriter<'w> {
    inner: &'w mut dyn Write,
    written: u64,
}

impl Write for CountingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// An entry's method (0 stored, 8 deflated), CRC-32 and sizes, as its headers give them.
pub struct Header {
    pub method: u16,
    pub crc: u32,
    pub compressed: u64,
    pub size: u64,
}

struct Entry {
    name: String,
    header: Header,
    offset: u64,
    streamed: bool,
}

/// A ZIP writer of what the workbook needs: no ZIP64 (a part of 4 GB is refused), a fixed date.
pub struct ZipOut<'w> {
    out: CountingWriter<'w>,
    entries: Vec<Entry>,
}

const DATA_DESCRIPTOR: u16 = 1 << 3;
/// 1980-01-01 00:00, the earliest DOS date: the same bytes for the same input.
const DOS_DATE: u16 = (1 << 5) | 1;

fn too_large() -> io::Error {
    io::Error::other("a workbook part is larger than 4 GB, more than a workbook holds")
}

fn u32_of(n: u64) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| too_large())
}

impl<'w> ZipOut<'w> {
    pub fn new(out: &'w mut dyn Write) -> ZipOut<'w> {
        ZipOut {
            out: CountingWriter {
                inner: out,
                written: 0,
            },
            entries: Vec::new(),
        }
    }

    fn local_header(&mut self, name: &str, header: &Header, streamed: bool) -> io::Result<u64> {
        let offset = self.out.written;
        let mut h = Vec::with_capacity(30 + name.len());
        h.extend(0x0403_4b50u32.to_le_bytes());
        h.extend(20u16.to_le_bytes());
        h.extend((if streamed { DATA_DESCRIPTOR } else { 0 }).to_le_bytes());
        h.extend(header.method.to_le_bytes());
        h.extend(0u16.to_le_bytes());
        h.extend(DOS_DATE.to_le_bytes());
        let (crc, compressed, size) = if streamed {
            (0, 0, 0)
        } else {
            (header.crc, u32_of(header.compressed)?, u32_of(header.size)?)
        };
        h.extend(crc.to_le_bytes());
        h.extend(compressed.to_le_bytes());
        h.extend(size.to_le_bytes());
        h.extend(
            u16::try_from(name.len())
                .map_err(|_| too_large())?
                .to_le_bytes(),
        );
        h.extend(0u16.to_le_bytes());
        h.extend(name.as_bytes());
        self.out.write_all(&h)?;
        Ok(offset)
    }

    pub fn copied(&mut self, name: &str, header: Header, mut data: impl Read) -> io::Result<()> {
        let offset = self.local_header(name, &header, false)?;
        let copied = io::copy(&mut data, &mut self.out)?;
        if copied != header.compressed {
            return Err(io::Error::other(format!("the part {name} is damaged")));
        }
        self.entries.push(Entry {
            name: name.to_string(),
            header,
            offset,
            streamed: false,
        });
        Ok(())
    }

    pub fn streamed(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut ParallelDeflate) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let pending = Header {
            method: 8,
            crc: 0,
            compressed: 0,
            size: 0,
        };
        let offset = self.local_header(name, &pending, true)?;
        let (crc, compressed, size) = {
            let mut deflate = ParallelDeflate::new(&mut self.out);
            write(&mut deflate)?;
            deflate.finish()?
        };
        u32_of(compressed)?;
        u32_of(size)?;
        let mut d = Vec::with_capacity(16);
        d.extend(0x0807_4b50u32.to_le_bytes());
        d.extend(crc.to_le_bytes());
        d.extend((compressed as u32).to_le_bytes());
        d.extend((size as u32).to_le_bytes());
        self.out.write_all(&d)?;
        self.entries.push(Entry {
            name: name.to_string(),
            header: Header {
                method: 8,
                crc,
                compressed,
                size,
            },
            offset,
            streamed: true,
        });
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        let start = self.out.written;
        let mut cd = Vec::new();
        for e in &self.entries {
            cd.extend(0x0201_4b50u32.to_le_bytes());
            cd.extend(20u16.to_le_bytes());
            cd.extend(20u16.to_le_bytes());
            cd.extend((if e.streamed { DATA_DESCRIPTOR } else { 0 }).to_le_bytes());
            cd.extend(e.header.method.to_le_bytes());
            cd.extend(0u16.to_le_bytes());
            cd.extend(DOS_DATE.to_le_bytes());
            cd.extend(e.header.crc.to_le_bytes());
            cd.extend(u32_of(e.header.compressed)?.to_le_bytes());
            cd.extend(u32_of(e.header.size)?.to_le_bytes());
            cd.extend((e.name.len() as u16).to_le_bytes());
            cd.extend([0u8; 12]); // extra, comment, disk, internal and external attributes
            cd.extend(u32_of(e.offset)?.to_le_bytes());
            cd.extend(e.name.as_bytes());
        }
        self.out.write_all(&cd)?;
        let count = u16::try_from(self.entries.len()).map_err(|_| too_large())?;
        let mut end = Vec::with_capacity(22);
        end.extend(0x0605_4b50u32.to_le_bytes());
        end.extend([0u8; 4]);
        end.extend(count.to_le_bytes());
        end.extend(count.to_le_bytes());
        end.extend(u32_of(cd.len() as u64)?.to_le_bytes());
        end.extend(u32_of(start)?.to_le_bytes());
        end.extend(0u16.to_le_bytes());
        self.out.write_all(&end)?;
        self.out.flush()
    }
}
