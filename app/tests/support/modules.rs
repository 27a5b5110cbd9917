//! The crate's files and which files each one uses, read from its source:
//! `use` trees and `crate::`/`super::`/`self::` paths, each followed to the
//! file that defines the item (through `pub use` re-exports), so that a
//! module's `mod.rs` re-exporting a child is not mistaken for a use of it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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

struct Tarjan<'a> {
    adjacency: &'a [Vec<usize>],
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    parts: Vec<Vec<usize>>,
}

impl Tarjan<'_> {
    fn visit(&mut self, v: usize) {
        self.index[v] = Some(self.next);
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        for &w in &self.adjacency[v] {
            match self.index[w] {
                None => {
                    self.visit(w);
                    self.low[v] = self.low[v].min(self.low[w]);
                }
                Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(self.low[v]) == self.index[v] {
            let mut part = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack[w] = false;
                part.push(w);
                if w == v {
                    break;
                }
            }
            self.parts.push(part);
        }
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

/// The source without comments and string literals' contents (a path in a
/// doc comment or a message is not a use).
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '"' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
                out.push('"');
            }
            c => out.push(c),
        }
    }
    out
}

/// Each `use` statement's tree, and whether it re-exports (`pub`).
fn use_statements(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = find_word(rest, "use") {
        let before = rest[..at].trim_end();
        let public = before.ends_with("pub")
            || before.ends_with(')')
                && before
                    .rsplit("pub")
                    .next()
                    .is_some_and(|v| v.starts_with('('));
        let after = &rest[at + 3..];
        let Some(end) = after.find(';') else { break };
        out.push((
            public,
            after[..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ));
        rest = &after[end..];
    }
    out
}

/// The text without its inline modules, and each inline module's name and body.
fn inline_modules(text: &str) -> (String, Vec<(String, String)>) {
    let (mut outer, mut inner) = (String::with_capacity(text.len()), Vec::new());
    let mut rest = text;
    while let Some(at) = find_word(rest, "mod") {
        let after = &rest[at + 3..];
        let name: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let head = after.trim_start()[name.len()..].trim_start();
        if !head.starts_with('{') {
            outer.push_str(&rest[..at + 3]);
            rest = after;
            continue;
        }
        outer.push_str(&rest[..at]);
        let open = after.len() - head.len();
        let mut depth = 0;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            if depth == 0 {
                end = open + i;
                break;
            }
        }
        inner.push((name, after[open + 1..end].to_owned()));
        rest = &after[(end + 1).min(after.len())..];
    }
    outer.push_str(rest);
    (outer, inner)
}

/// The text with its `use` statements left out.
fn without_uses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find_word(rest, "use") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find(';') else {
            break;
        };
        rest = &rest[at + end..];
    }
    out.push_str(rest);
    out
}

/// The position of `word` standing alone at the start of a statement.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let starts = before.is_none_or(|c| matches!(c, '\n' | ' ' | ';' | '{' | '}' | ')'));
        if starts && after == Some(' ') {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// `a::{b, c::{d, e as f}}` → `a::b`, `a::c::d`, `a::c::e` (alias `f`).
fn expand(tree: &str) -> Vec<(Vec<String>, Option<String>)> {
    fn walk(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, Option<String>)>) {
        let tree = tree.trim().trim_start_matches("::");
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = tree[..open]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let prefix: Vec<String> = prefix.iter().cloned().chain(head).collect();
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            for part in split_top(inner) {
                walk(&prefix, part, out);
            }
        } else {
            let (path, alias) = match tree.split_once(" as ") {
                Some((p, a)) => (p, Some(a.trim().to_owned())),
                None => (tree, None),
            };
            let mut full: Vec<String> = prefix.to_vec();
            full.extend(
                path.split("::")
                    .filter(|s| !s.is_empty() && *s != "self" && *s != "*")
                    .map(str::to_owned),
            );
            out.push((full, alias));
        }
    }
    let mut out = Vec::new();
    walk(&[], tree, &mut out);
    out
}

/// The comma-separated parts of a brace group, nested groups kept whole.
fn split_top(inner: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Paths written in code: `crate::a::b(…)`, `super::c::D`, `child::E`.
fn inline_paths(text: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let starts = ["crate", "super", "self"]
        .into_iter()
        .map(str::to_owned)
        .chain(children.iter().cloned());
    for start in starts.map(|s| format!("{s}::")) {
        let start = start.as_str();
        let mut from = 0;
        while let Some(i) = text[from..].find(start) {
            let at = from + i;
            let before = text[..at].chars().next_back();
            from = at + start.len();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = text[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    out
}

/// `path` as written in `module` (whose child modules are `children`),
/// from the crate root; `None` for a path into another crate.
fn absolute(
    module: &ModulePath,
    children: &BTreeSet<String>,
    path: &[String],
) -> Option<ModulePath> {
    let (mut base, rest) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some(child) if children.contains(child) => (module.clone(), path),
        Some("self") => (module.clone(), &path[1..]),
        Some("super") => {
            let mut base = module.clone();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    base.extend(rest.iter().cloned());
    Some(base)
}
