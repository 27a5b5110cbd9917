//! Generates the `i18n` module from `locales/`, as `leptos_i18n::load_locales!()`
//! does, with the one option that macro cannot take: `interpolate_display`.
//! With it `td_string!` fills a message's placeholders into plain text, so
//! emails, the import report and error words outside a page need no view
//! rendered to HTML and stripped of its tags. (`leptos_i18n_build` would do
//! the same, but pulls ICU's data generator and its network crates into
//! every build.)

use std::path::PathBuf;

use leptos_i18n_parser::parse_locales::cfg_file::ConfigFile;
use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::parse_locales;

fn main() -> Result<(), String> {
    let manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let mut dir = manifest_dir.clone();
    let mut config: Config = ConfigFile::new(&mut dir).map_err(|e| e.to_string())?.into();
    config.options = ParseOptions::default().interpolate_display(true);
    let parsed = parse_locales(Some(manifest_dir), config).map_err(|e| e.to_string())?;
    for file in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={file}");
    }
    println!("cargo::rerun-if-changed=Cargo.toml");
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)
        .map_err(|e| e.to_string())?;
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?).join("i18n.rs");
    std::fs::write(out, code.to_string()).map_err(|e| e.to_string())
}
