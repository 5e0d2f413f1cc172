//! `sowgen init [DIR]`: write the default catalog and templates to edit. Never overwrites a file.

use crate::catalog::DEFAULT_CATALOG;
use crate::error::Error;
use crate::render::DEFAULT_TEMPLATES;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(dir: &Path) -> Result<(), Error> {
    let mut files: Vec<(PathBuf, &str)> = vec![(dir.join("catalog.toml"), DEFAULT_CATALOG)];
    for (name, text) in DEFAULT_TEMPLATES {
        files.push((dir.join("templates").join(name), text));
    }
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(Error::WouldOverwrite(existing.clone()));
    }
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(Error::writing(parent))?;
        }
        // create_new: a file that appeared since the check above is still never overwritten.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Error::WouldOverwrite(path.clone()),
                _ => Error::Write {
                    path: path.clone(),
                    source: e,
                },
            })?;
        file.write_all(text.as_bytes())
            .map_err(Error::writing(path))?;
        println!("wrote {}", path.display());
    }
    println!(
        "edit them, then: sowgen build ROOMLIST --catalog {} --templates {}",
        dir.join("catalog.toml").display(),
        dir.join("templates").display()
    );
    Ok(())
}
