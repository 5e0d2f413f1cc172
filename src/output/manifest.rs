//! The manifest a package carries: each file's path, size and digest, and the command that wrote
//! it. It is how sowgen later tells its own folder (safe to replace) from anything else.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path;

/// The manifest's file name at the top of every package.
pub const MANIFEST_NAME: &str = ".sowgen-manifest.json";

/// The manifest layout this version writes: files hashed with BLAKE3, three and a half times
/// SHA-256's speed on this project's machine (a campus package is 100 MB, hashed as it is written
/// and again before it is replaced).
const FORMAT: u32 = 2;
/// The layout earlier versions wrote, with SHA-256: still trusted, so their packages are replaced.
const FORMAT_SHA256: u32 = 1;

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
    /// Lower-case hex of the file's digest, by the manifest's format (`sha256` in format 1).
    #[serde(rename = "blake3", alias = "sha256")]
    pub digest: String,
}

/// How a manifest's files were hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Blake3,
    Sha256,
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
        if manifest.format != FORMAT && manifest.format != FORMAT_SHA256 {
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

    /// How its files' digests were made.
    pub fn algorithm(&self) -> Algorithm {
        if self.format == FORMAT_SHA256 {
            Algorithm::Sha256
        } else {
            Algorithm::Blake3
        }
    }
}

/// A `/`-separated relative path of ordinary names: nothing that could point outside the folder.
pub fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|part| {
            !part.is_empty() && part != "." && part != ".." && !part.contains(['\\', '\0', ':'])
        })
}

/// A digest being made, by either algorithm.
enum Hasher {
    Blake3(Box<blake3::Hasher>),
    Sha256(Sha256),
}

impl Hasher {
    fn new(algorithm: Algorithm) -> Hasher {
        match algorithm {
            Algorithm::Blake3 => Hasher::Blake3(Box::new(blake3::Hasher::new())),
            Algorithm::Sha256 => Hasher::Sha256(Sha256::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Blake3(hasher) => {
                hasher.update(bytes);
            }
            Hasher::Sha256(hasher) => hasher.update(bytes),
        }
    }

    /// Lower-case hex.
    fn finish(self) -> String {
        match self {
            Hasher::Blake3(hasher) => hasher.finalize().to_hex().to_string(),
            Hasher::Sha256(hasher) => hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        }
    }
}

/// Counts and hashes what passes through, so a file's manifest entry costs no second read.
pub struct Tally<W> {
    inner: W,
    hasher: Hasher,
    size: u64,
}

impl<W: Write> Tally<W> {
    /// Hashed as this version's manifests are.
    pub fn new(inner: W) -> Tally<W> {
        Tally::with(inner, Algorithm::Blake3)
    }

    fn with(inner: W, algorithm: Algorithm) -> Tally<W> {
        Tally {
            inner,
            hasher: Hasher::new(algorithm),
            size: 0,
        }
    }

    /// The size and digest of everything written, and the writer.
    pub fn finish(self, path: String) -> (ManifestEntry, W) {
        let entry = ManifestEntry {
            path,
            size: self.size,
            digest: self.hasher.finish(),
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

/// The digest of a file's bytes by `algorithm`, read in chunks.
pub fn hash_file(path: &Path, algorithm: Algorithm) -> io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut tally = Tally::with(io::sink(), algorithm);
    io::copy(&mut file, &mut tally)?;
    Ok(tally.finish(String::new()).0.digest)
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
        // BLAKE3's and SHA-256's published digests of "abc".
        assert_eq!(
            entry.digest,
            "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85"
        );
        let mut tally = Tally::with(Vec::new(), Algorithm::Sha256);
        tally.write_all(b"abc").unwrap();
        assert_eq!(
            tally.finish("a.txt".into()).0.digest,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_manifest_says_how_its_files_were_hashed() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(MANIFEST_NAME);
        let entry = ManifestEntry {
            path: "a.txt".into(),
            size: 3,
            digest: "00".into(),
        };
        let written = Manifest::new("build", vec![entry]);
        let text = String::from_utf8(written.to_bytes()).unwrap();
        assert!(text.contains("\"blake3\": \"00\""), "{text}");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            Manifest::read(&path).unwrap().algorithm(),
            Algorithm::Blake3
        );
        // An earlier version's manifest: format 1, SHA-256.
        let earlier = text
            .replace("\"format\": 2", "\"format\": 1")
            .replace("\"blake3\"", "\"sha256\"");
        std::fs::write(&path, earlier).unwrap();
        let read = Manifest::read(&path).unwrap();
        assert_eq!(read.algorithm(), Algorithm::Sha256);
        assert_eq!(read.files[0].digest, "00");
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
                    digest: String::new(),
                }],
            );
            std::fs::write(&path, m.to_bytes()).unwrap();
            assert!(Manifest::read(&path).is_err(), "{bad:?} was trusted");
        }
        let good = Manifest::new("diff", vec![]);
        std::fs::write(&path, good.to_bytes()).unwrap();
        assert_eq!(Manifest::read(&path).unwrap(), good);
        std::fs::write(&path, b"{\"format\": 3}").unwrap();
        assert!(Manifest::read(&path).is_err());
    }

    #[test]
    fn entries_are_sorted_so_the_bytes_are_reproducible() {
        let e = |p: &str| ManifestEntry {
            path: p.into(),
            size: 1,
            digest: "00".into(),
        };
        let a = Manifest::new("build", vec![e("b"), e("a/c")]);
        let b = Manifest::new("build", vec![e("a/c"), e("b")]);
        assert_eq!(a.to_bytes(), b.to_bytes());
    }
}
