//! Deflating a long part side by side: what [`super::xlsx_splice`] writes a long sheet with.

use flate2::{Compress, Compression, FlushCompress};
use rayon::prelude::*;
use std::io::{self, Write};

/// The deflate level of a workbook's parts: level 1 takes half the time of level 3 for a file
/// about 1.5 times the size.
const LEVEL: u32 = 1;
/// Uncompressed bytes deflated as one piece: large enough that the seams cost nothing.
const CHUNK: usize = 1 << 20;

/// Deflates what it is given in chunks of [`CHUNK`], several at once, and writes the compressed
/// stream in order: each chunk is a deflate stream of its own, ended by a full flush (the last
/// by the final block), so together they are one stream (as pigz does).
pub struct ParallelDeflate<'w> {
    out: &'w mut dyn Write,
    pending: Vec<Vec<u8>>,
    current: Vec<u8>,
    crc: crc32fast::Hasher,
    size: u64,
    compressed: u64,
}

impl<'w> ParallelDeflate<'w> {
    pub fn new(out: &'w mut dyn Write) -> ParallelDeflate<'w> {
        ParallelDeflate {
            out,
            pending: Vec::new(),
            current: Vec::with_capacity(CHUNK + CHUNK / 8),
            crc: crc32fast::Hasher::new(),
            size: 0,
            compressed: 0,
        }
    }

    /// The bytes being gathered into the current chunk.
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.current
    }

    /// Ends the current chunk when it is full; call between rows.
    pub fn boundary(&mut self) -> io::Result<()> {
        if self.current.len() >= CHUNK {
            let full = std::mem::replace(&mut self.current, Vec::with_capacity(CHUNK + CHUNK / 8));
            self.pending.push(full);
            if self.pending.len() >= 2 * rayon::current_num_threads() {
                self.deflate_pending(false)?;
            }
        }
        Ok(())
    }

    fn deflate_pending(&mut self, last: bool) -> io::Result<()> {
        let count = self.pending.len();
        let compressed: Vec<Vec<u8>> = self
            .pending
            .par_iter()
            .enumerate()
            .map(|(i, chunk)| deflate_chunk(chunk, last && i + 1 == count))
            .collect::<io::Result<_>>()?;
        for (chunk, deflated) in self.pending.iter().zip(&compressed) {
            self.crc.update(chunk);
            self.size += chunk.len() as u64;
            self.compressed += deflated.len() as u64;
            self.out.write_all(deflated)?;
        }
        self.pending.clear();
        Ok(())
    }

    /// Deflates what is left; returns the entry's CRC, compressed and uncompressed sizes.
    pub fn finish(mut self) -> io::Result<(u32, u64, u64)> {
        let rest = std::mem::take(&mut self.current);
        self.pending.push(rest);
        self.deflate_pending(true)?;
        Ok((self.crc.finalize(), self.compressed, self.size))
    }
}

fn deflate_chunk(chunk: &[u8], last: bool) -> io::Result<Vec<u8>> {
    let mut compress = Compress::new(Compression::new(LEVEL), false);
    let mut out = Vec::with_capacity(chunk.len() / 3 + 1024);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Full
    };
    loop {
        let consumed = compress.total_in() as usize;
        let status = compress
            .compress_vec(&chunk[consumed..], &mut out, flush)
            .map_err(io::Error::other)?;
        let done = compress.total_in() as usize == chunk.len();
        match status {
            flate2::Status::StreamEnd => break,
            // A full flush is done when all input is in and the output had room to spare.
            _ if done && !last && out.len() < out.capacity() => break,
            _ => out.reserve(out.capacity().max(64 * 1024)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn chunks_deflated_apart_inflate_as_one_stream() {
        // Several batches of chunks, text that compresses and bytes that do not.
        let mut data = Vec::new();
        let mut seed = 7u64;
        while data.len() < 9 * CHUNK + 12_345 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            data.extend_from_slice(format!("<row r=\"{}\">", seed % 1000).as_bytes());
            data.push((seed >> 56) as u8);
        }
        let mut out = Vec::new();
        let mut deflate = ParallelDeflate::new(&mut out);
        for piece in data.chunks(4_000) {
            deflate.buffer().extend_from_slice(piece);
            deflate.boundary().unwrap();
        }
        let (crc, compressed, size) = deflate.finish().unwrap();
        assert_eq!(size, data.len() as u64);
        assert_eq!(compressed, out.len() as u64);
        assert_eq!(crc, crc32fast::hash(&data));
        let mut inflated = Vec::new();
        flate2::read::DeflateDecoder::new(&out[..])
            .read_to_end(&mut inflated)
            .unwrap();
        assert!(inflated == data, "the stream inflates to what was given");
    }
}
