//! Finding the ontology folder, so that `kg` runs from anywhere: the
//! `--ontology` flag, else `$KG_ONTOLOGY`, else `./ontology`, else an
//! `ontology/` folder beside the binary, else the copy built into the binary
//! (the repository's `ontology/` at compile time), unpacked once into a
//! cache folder so that the loaders, `kg check` and a curious user read
//! plain files. Which one was used is said on stderr by the commands.

use include_dir::{include_dir, Dir};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::LoadError;

/// `ontology/` as it was when this binary was compiled.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/ontology");

/// A file of the built-in ontology (`"ontology.ttl"`), as text.
pub fn built_in_file(name: &str) -> Option<&'static str> {
    BUILT_IN.get_file(name)?.contents_utf8()
}

/// The file that marks a folder as an ontology folder.
const MARKER: &str = "ontology.ttl";

/// Where the ontology in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    WorkingDir,
    BesideBinary,
    BuiltIn,
}

/// An ontology folder and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub dir: PathBuf,
    pub origin: Origin,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match self.origin {
            Origin::Flag => "from --ontology",
            Origin::Env => "from $KG_ONTOLOGY",
            Origin::WorkingDir => "in the working folder",
            Origin::BesideBinary => "beside the kg binary",
            Origin::BuiltIn => "built into kg, unpacked",
        };
        write!(f, "{} ({how})", self.dir.display())
    }
}

/// The ontology folder to use; `flag` is the `--ontology` value, if given.
/// A folder named by the flag or `$KG_ONTOLOGY` is used as it is (its
/// loading reports what is wrong with it); the others only if they hold
/// `ontology.ttl`.
pub fn locate(flag: Option<&Path>) -> Result<Located, LoadError> {
    if let Some(dir) = flag {
        return Ok(Located {
            dir: dir.to_path_buf(),
            origin: Origin::Flag,
        });
    }
    if let Some(dir) = std::env::var_os("KG_ONTOLOGY").filter(|v| !v.is_empty()) {
        return Ok(Located {
            dir: PathBuf::from(dir),
            origin: Origin::Env,
        });
    }
    let here = PathBuf::from("ontology");
    if here.join(MARKER).is_file() {
        return Ok(Located {
            dir: here,
            origin: Origin::WorkingDir,
        });
    }
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("ontology")));
    if let Some(dir) = beside.filter(|d| d.join(MARKER).is_file()) {
        return Ok(Located {
            dir,
            origin: Origin::BesideBinary,
        });
    }
    Ok(Located {
        dir: unpack_built_in()?,
        origin: Origin::BuiltIn,
    })
}

/// The cache folder kg's files go to: `$XDG_CACHE_HOME/kg`, else
/// `~/.cache/kg`, else the temp folder's `kg-cache`.
fn cache_root() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("kg");
    }
    if let Some(home) = var("HOME") {
        return PathBuf::from(home).join(".cache").join("kg");
    }
    std::env::temp_dir().join("kg-cache")
}

/// Unpacks the built-in ontology into a cache folder named after its
/// contents (a new binary with other rules gets a folder of its own), whole
/// or not at all: written under a temporary name, then renamed.
fn unpack_built_in() -> Result<PathBuf, LoadError> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hash_dir(&BUILT_IN, &mut hasher);
    let root = cache_root();
    let dir = root.join(format!(
        "ontology-{}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        hasher.finish()
    ));
    if dir.join(MARKER).is_file() {
        return Ok(dir);
    }
    let tmp = root.join(format!(".unpacking-{}", std::process::id()));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| LoadError::io(&path, e)
    };
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    write_dir(&BUILT_IN, &tmp)?;
    if let Err(e) = std::fs::rename(&tmp, &dir) {
        // another kg unpacked the same files first: use those
        let _ = std::fs::remove_dir_all(&tmp);
        if !dir.join(MARKER).is_file() {
            return Err(LoadError::io(&dir, e));
        }
    }
    Ok(dir)
}

fn hash_dir(dir: &Dir<'_>, hasher: &mut impl Hasher) {
    for file in dir.files() {
        file.path().hash(hasher);
        file.contents().hash(hasher);
    }
    for sub in dir.dirs() {
        hash_dir(sub, hasher);
    }
}

fn write_dir(dir: &Dir<'_>, to: &Path) -> Result<(), LoadError> {
    for sub in dir.dirs() {
        let path = to.join(sub.path());
        std::fs::create_dir_all(&path).map_err(|e| LoadError::io(&path, e))?;
        write_dir(sub, to)?;
    }
    for file in dir.files() {
        let path = to.join(file.path());
        std::fs::write(&path, file.contents()).map_err(|e| LoadError::io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_copy_holds_every_part() {
        for part in [MARKER, "boilerplate.toml", "lexicon.toml"] {
            assert!(BUILT_IN.get_file(part).is_some(), "{part}");
        }
        for part in ["gazetteer", "rules", "queries"] {
            assert!(BUILT_IN.get_dir(part).is_some(), "{part}");
        }
    }
}
