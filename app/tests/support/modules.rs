//! The crate's files and which files each one uses, read from its source:
//! `use` trees and `crate::`/`super::`/`self::` paths, each followed to the
//! file that defines the item (through `pub use` re-exports), so that a
//! module's `mod.rs` re-exporting a child is not mistaken for a use of it.
use std::collections::{BTreeMap, BTreeSet};

use std::path::{Path, PathBuf};

use crate::rust_source::{
    absolute, expand, inline_modules, inline_paths, strip_comments, use_statements, without_uses,
};
use crate::tarjan::Tarjan;

/// A module path from the crate root, e.g. `["server", "staff", "audit"]`.
pub type ModulePath = Vec<String>;

pub struct Crate {
    /// Every source file by its module path.
    pub files: BTreeMap<ModulePath, PathBuf>,
    /// `(module, name)` → the path it re-exports.
    reexports: BTreeMap<(ModulePath, String), ModulePath>,
    /// Every path each module names, made absolute.
    uses: BTreeMap<ModulePath, Vec<ModulePath>>,
}

impl Crate {
    /// Reads every file under `src`.
    pub fn read(src: &Path) -> Self {
        let mut files = BTreeMap::new();
        collect(src, src, &mut files);
        let mut krate = Self {
            files,
            reexports: BTreeMap::new(),
            uses: BTreeMap::new(),
        };
        for (module, file) in krate.files.clone() {
            let text = strip_comments(&std::fs::read_to_string(&file).expect("readable source"));
            let children: BTreeSet<String> = krate
                .files
                .keys()
                .filter(|m| m.len() == module.len() + 1 && m.starts_with(&module))
                .filter_map(|m| m.last().cloned())
                .collect();
            let mut named = Vec::new();
            krate.read_module(&module, &children, &text, &mut named);
            krate.uses.insert(module, named);
        }
        krate
    }

    /// What `text`, the code of `module`, names; an inline `mod name { … }`
    /// is read as the module it is, its paths counted as the file's.
    fn read_module(
        &mut self,
        module: &ModulePath,
        children: &BTreeSet<String>,
        text: &str,
        named: &mut Vec<ModulePath>,
    ) {
        let (outer, inner) = inline_modules(text);
        for (name, body) in inner {
            let nested: ModulePath = module.iter().cloned().chain([name]).collect();
            self.read_module(&nested, &BTreeSet::new(), &body, named);
        }
        let absolute = |path: &[String]| absolute(module, children, path);
        // Names bound by `use` to a path of this crate: `passkeys` after
        // `use super::passkeys;`, so that `passkeys::X` is followed too.
        let mut aliases: BTreeMap<String, ModulePath> = BTreeMap::new();
        for (public, tree) in use_statements(&outer) {
            for (path, alias) in expand(&tree) {
                let Some(absolute) = absolute(&path) else {
                    continue;
                };
                let name = alias.unwrap_or_else(|| absolute.last().cloned().unwrap_or_default());
                if public {
                    self.reexports
                        .insert((module.clone(), name.clone()), absolute.clone());
                }
                aliases.insert(name, absolute.clone());
                // A module brought into scope is not yet a use of it: what
                // is used through it is (below).
                if public || !self.files.contains_key(&absolute) {
                    named.push(absolute);
                }
            }
        }
        let starts: BTreeSet<String> = children.iter().chain(aliases.keys()).cloned().collect();
        for path in inline_paths(&without_uses(&outer), &starts) {
            let path = match aliases.get(&path[0]) {
                Some(target) if !children.contains(&path[0]) => {
                    target.iter().chain(&path[1..]).cloned().collect()
                }
                _ => path,
            };
            if let Some(absolute) = absolute(&path) {
                named.push(absolute);
            }
        }
    }

    /// The file module `path` names an item of: the deepest module it
    /// reaches, after following re-exports (at most a few hops).
    fn defining_module(&self, path: &ModulePath) -> Option<ModulePath> {
        let mut path = path.clone();
        for _ in 0..8 {
            let module = (0..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|m| self.files.contains_key(m))?;
            let Some(item) = path.get(module.len()) else {
                return Some(module);
            };
            match self.reexports.get(&(module.clone(), item.clone())) {
                Some(target) if target != &path => {
                    path = target
                        .iter()
                        .chain(&path[module.len() + 1..])
                        .cloned()
                        .collect();
                }
                _ => return Some(module),
            }
        }
        None
    }

    /// Which modules each module uses (itself and its ancestors left out:
    /// a child naming its parent's item is followed to where it is defined).
    pub fn edges(&self) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
        self.uses
            .iter()
            .map(|(module, paths)| {
                let targets = paths
                    .iter()
                    .filter_map(|p| self.defining_module(p))
                    .filter(|t| t != module && !t.is_empty())
                    .collect();
                (module.clone(), targets)
            })
            .collect()
    }

    /// Every cycle of files using each other, as the files of each strongly
    /// connected part of the graph (Tarjan).
    pub fn cycles(&self) -> Vec<Vec<ModulePath>> {
        let edges = self.edges();
        let nodes: Vec<&ModulePath> = self.files.keys().collect();
        let index_of: BTreeMap<&ModulePath, usize> =
            nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
        let adjacency: Vec<Vec<usize>> = nodes
            .iter()
            .map(|m| {
                edges
                    .get(*m)
                    .map(|t| t.iter().filter_map(|t| index_of.get(t).copied()).collect())
                    .unwrap_or_default()
            })
            .collect();
        let mut tarjan = Tarjan {
            adjacency: &adjacency,
            index: vec![None; nodes.len()],
            low: vec![0; nodes.len()],
            on_stack: vec![false; nodes.len()],
            stack: Vec::new(),
            next: 0,
            parts: Vec::new(),
        };
        for v in 0..nodes.len() {
            if tarjan.index[v].is_none() {
                tarjan.visit(v);
            }
        }
        tarjan
            .parts
            .into_iter()
            .filter(|p| p.len() > 1)
            .map(|p| p.into_iter().map(|i| nodes[i].clone()).collect())
            .collect()
    }
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<ModulePath, PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(root)
                .expect("under src")
                .with_extension("");
            let mut module: ModulePath = relative
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            out.insert(module, path);
        }
    }
}
