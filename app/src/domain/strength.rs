//! A quick strength estimate for the hint under a new-password field.
//!
//! It runs in the browser on every keystroke, so it carries no dictionary:
//! the server's check against zxcvbn's lists of common and breached
//! passwords ([`super::NewPassword::check_not_common`]) is the authority.
//! This estimate is deliberately no kinder than that check: it knows the
//! words people start with and counts runs (`aaaa`, `1234`) as one character.

/// How hard a password looks to guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Weak,
    Fair,
    Strong,
}

/// Bases of the most common passwords in English and French.
const COMMON_BASES: &[&str] = &[
    "password",
    "passw0rd",
    "motdepasse",
    "azerty",
    "qwerty",
    "123456",
    "abc123",
    "letmein",
    "welcome",
    "bienvenue",
    "soleil",
    "bonjour",
    "loulou",
    "doudou",
    "chouchou",
    "marseille",
    "football",
    "iloveyou",
    "jetaime",
    "admin",
    "dragon",
    "monkey",
    "princess",
    "sunshine",
    "master",
    "secret",
    "exam",
    "results",
    "resultats",
    "cambridge",
    "english",
];

/// Estimates `password`'s strength from its length once runs are folded,
/// the kinds of characters it mixes and whether a common base starts it.
pub fn estimate(password: &str) -> Strength {
    let lower = password.to_lowercase();
    let effective = effective_length(&lower);
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    let common = COMMON_BASES.iter().any(|base| lower.contains(base));
    // The common base adds almost nothing: count what is around it.
    let effective = if common {
        effective.saturating_sub(6)
    } else {
        effective
    };
    match (effective, classes) {
        (0..=7, _) => Strength::Weak,
        (8..=9, 1) => Strength::Weak,
        (n, c) if n >= 16 || (n >= 12 && c >= 3) => Strength::Strong,
        _ => Strength::Fair,
    }
}

/// The number of characters once repeats (`aaa`) and steps of one (`123`,
/// `cba`) are counted as their first character only.
fn effective_length(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let mut n = 0;
    for (i, c) in chars.iter().enumerate() {
        let predictable = i >= 1 && {
            let step = *c as i64 - chars[i - 1] as i64;
            matches!(step, -1..=1)
        };
        if !predictable {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_gets_an_estimate_and_short_text_is_always_weak(s in "\\PC{0,200}") {
            let strength = estimate(&s);
            if s.chars().count() < 8 {
                prop_assert_eq!(strength, Strength::Weak);
            }
        }
    }

    #[test]
    fn common_short_and_predictable_passwords_are_weak() {
        for p in [
            "12345678",
            "password12",
            "azerty123",
            "aaaaaaaa11",
            "abcdefgh12",
            "Motdepasse2026",
            "soleil1234",
        ] {
            assert_eq!(estimate(p), Strength::Weak, "{p}");
        }
    }

    #[test]
    fn longer_and_mixed_passwords_rate_higher() {
        assert_eq!(estimate("tulipe-ocre-48"), Strength::Strong);
        assert_eq!(estimate("vague lente du matin 37"), Strength::Strong);
        assert_eq!(estimate("Kx9#mPq2vL"), Strength::Fair);
        assert_eq!(estimate("maisonbleue42"), Strength::Fair);
    }

    #[test]
    fn strength_never_drops_when_a_random_character_is_added() {
        let mut p = String::from("g7");
        let mut last = estimate(&p);
        for c in "q#Zt8w!Lp3m&x".chars() {
            p.push(c);
            let now = estimate(&p);
            assert!(now >= last, "{p}: {now:?} < {last:?}");
            last = now;
        }
    }
}
