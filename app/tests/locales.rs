//! Every message exists in every language, with the same placeholders:
//! leptos_i18n would silently fall back to English for a missing key.

use std::collections::BTreeMap;

use serde_json::Value;

const LOCALES: [(&str, &str); 2] = [
    ("en", include_str!("../locales/en.json")),
    ("fr", include_str!("../locales/fr.json")),
];

/// `key.path` → the message, for every leaf of a locale file.
fn messages(json: &str) -> BTreeMap<String, String> {
    fn walk(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            Value::String(s) => {
                out.insert(prefix.to_owned(), s.clone());
            }
            other => panic!("{prefix}: a message must be a string, not {other}"),
        }
    }
    let mut out = BTreeMap::new();
    walk(
        "",
        &serde_json::from_str(json).expect("valid JSON"),
        &mut out,
    );
    out
}

/// The `{{ name }}` placeholders of a message, sorted.
fn placeholders(message: &str) -> Vec<String> {
    let mut names: Vec<String> = message
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .map(|(name, _)| name.trim().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_language_has_every_key_and_no_extra_one() {
    let (_, english) = LOCALES[0];
    let reference = messages(english);
    for (lang, json) in &LOCALES[1..] {
        let other = messages(json);
        let missing: Vec<&String> = reference
            .keys()
            .filter(|k| !other.contains_key(*k))
            .collect();
        let extra: Vec<&String> = other
            .keys()
            .filter(|k| !reference.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
    }
}

#[test]
fn every_translation_keeps_the_placeholders_of_the_english_message() {
    let reference = messages(LOCALES[0].1);
    for (lang, json) in LOCALES {
        for (key, message) in messages(json) {
            assert!(!message.trim().is_empty(), "{lang}: {key} is empty");
            if let Some(english) = reference.get(&key) {
                assert_eq!(
                    placeholders(&message),
                    placeholders(english),
                    "{lang}: {key} has other placeholders than English"
                );
            }
        }
    }
}

#[test]
fn the_french_messages_are_translated_not_copied() {
    let en = messages(LOCALES[0].1);
    let fr = messages(LOCALES[1].1);
    // Words that are the same in both languages (names, formats) are allowed.
    let same: Vec<&String> = en
        .keys()
        .filter(|k| {
            en[*k] == fr[*k] && en[*k].chars().any(char::is_lowercase) && !en[*k].starts_with("{{")
        })
        .collect();
    assert!(same.len() <= 3, "untranslated: {same:?}");
}
