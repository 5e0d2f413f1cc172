//! The manifest a package carries: each file's path, size and SHA-256, and the command that wrote
//! it. It is how sowgen later tells its own folder (safe to replace) from anything else.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path;

/// The manifest's file name at the top of every package.
pub const MANIFEST_NAME: &str = ".sowgen-manifest.json";

/// The only manifest layout this version writes and trusts.
const FORMAT: u32 = 1;

/// A hostile or damaged manifest must not make sowgen read without bound.
const MAX_MANIFEST_BYTES: u64 = 8 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// `sowgen` and its version.
    pub written_by: String,
    /// The command that wrote the package (`build`, `diff`, `level`).
    pub command: String,
    /// Sorted by path, so the same package gives the same manifest bytes.
    pub files: Vec<ManifestEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Relative to the package, `/`-separated.
    pub path: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
}

impl Manifest {
    pub fn new(command: &str, mut files: Vec<ManifestEntry>) -> Manifest {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Manifest {
            format: FORMAT,
            written_by: format!("sowgen {}", env!("CARGO_PKG_VERSION")),
            command: command.to_string(),
            files,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a manifest always serializes");
        bytes.push(b'\n');
        bytes
    }

    /// Read a folder's manifest; the error says why it cannot be trusted.
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        file.take(MAX_MANIFEST_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.len() as u64 > MAX_MANIFEST_BYTES {
            return Err(format!("larger than {MAX_MANIFEST_BYTES} bytes"));
        }
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        if manifest.format != FORMAT {
            return Err(format!(
                "format {} is not one this sowgen knows",
                manifest.format
            ));
        }
        for entry in &manifest.files {
            if !is_plain_relative(&entry.path) || entry.path == MANIFEST_NAME {
                return Err(format!(
                    "it lists {:?}, not a path inside a package",
                    entry.path
                ));
            }
        }
        Ok(manifest)
    }
}

/// A `/`-separated relative path of ordinary names: nothing that could point outside the folder.
pub fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|part| {
            !part.is_empty() && part != "." && part != ".." && !part.contains(['\\', '\0', ':'])
        })
}

/// Counts and hashes what passes through, so a file's manifest entry costs no second read.
pub struct Tally<W> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> Tally<W> {
    pub fn new(inner: W) -> Tally<W> {
        Tally {
            inner,
            hasher: Sha256::new(),
            size: 0,
        }
    }

    /// The size and hash of everything written, and the writer.
    pub fn finish(self, path: String) -> (ManifestEntry, W) {
        let entry = ManifestEntry {
            path,
            size: self.size,
            sha256: hex(&self.hasher.finalize()),
        };
        (entry, self.inner)
    }
}

impl<W: Write> Write for Tally<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The SHA-256 of a file's bytes, read in chunks.
pub fn hash_file(path: &Path) -> io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut tally = Tally::new(io::sink());
    io::copy(&mut file, &mut tally)?;
    Ok(tally.finish(String::new()).0.sha256)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_hashes_what_it_writes() {
        let mut tally = Tally::new(Vec::new());
        tally.write_all(b"abc").unwrap();
        let (entry, bytes) = tally.finish("a.txt".into());
        assert_eq!(bytes, b"abc");
        assert_eq!(entry.size, 3);
        assert_eq!(
            entry.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_manifest_that_points_outside_its_folder_is_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(MANIFEST_NAME);
        for bad in ["../x", "/etc/passwd", "a//b", "a/./b", "C:\\x", ""] {
            let m = Manifest::new(
                "build",
                vec![ManifestEntry {
                    path: bad.into(),
                    size: 0,
                    sha256: String::new(),
                }],
            );
            std::fs::write(&path, m.to_bytes()).unwrap();
            assert!(Manifest::read(&path).is_err(), "{bad:?} was trusted");
        }
        let good = Manifest::new("diff", vec![]);
        std::fs::write(&path, good.to_bytes()).unwrap();
        assert_eq!(Manifest::read(&path).unwrap(), good);
        std::fs::write(&path, b"{\"format\": 2}").unwrap();
        assert!(Manifest::read(&path).is_err());
    }

    #[test]
    fn entries_are_sorted_so_the_bytes_are_reproducible() {
        let e = |p: &str| ManifestEntry {
            path: p.into(),
            size: 1,
            sha256: "00".into(),
        };
        let a = Manifest::new("build", vec![e("b"), e("a/c")]);
        let b = Manifest::new("build", vec![e("a/c"), e("b")]);
        assert_eq!(a.to_bytes(), b.to_bytes());
    }
}
