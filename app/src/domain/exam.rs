use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

use super::ValidationError;

/// A score on the Cambridge English Scale (80 to 230).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Score(u16);

impl Score {
    pub const MIN: u16 = 80;
    pub const MAX: u16 = 230;

    /// # Errors
    /// [`ValidationError::Required`] when blank, [`ValidationError::OutOfRange`] otherwise.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ValidationError::Required);
        }
        let n: u16 = s.parse().map_err(|_| ValidationError::OutOfRange)?;
        Self::new(n)
    }

    /// # Errors
    /// [`ValidationError::OutOfRange`] outside 80..=230.
    pub fn new(n: u16) -> Result<Self, ValidationError> {
        if (Self::MIN..=Self::MAX).contains(&n) {
            Ok(Self(n))
        } else {
            Err(ValidationError::OutOfRange)
        }
    }

    pub fn value(self) -> u16 {
        self.0
    }
}

/// A CEFR level as printed on a statement of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
pub enum CefrLevel {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
}

impl CefrLevel {
    /// # Errors
    /// [`ValidationError::UnknownValue`] for anything but A1…C2.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        Self::iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s))
            .ok_or(ValidationError::UnknownValue)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::A1 => "A1",
            Self::A2 => "A2",
            Self::B1 => "B1",
            Self::B2 => "B2",
            Self::C1 => "C1",
            Self::C2 => "C2",
        }
    }
}

/// The grade of an exam. Cambridge English exams use letter grades, passes
/// with merit or distinction, or "Level X" when a candidate reaches the
/// level below the exam's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade(String);

const GRADES: &[&str] = &[
    "A",
    "B",
    "C",
    "Pass with Distinction",
    "Pass with Merit",
    "Pass",
    "Level A1",
    "Level A2",
    "Level B1",
    "Level B2",
    "Level C1",
    "Fail",
];

impl Grade {
    /// # Errors
    /// [`ValidationError::Required`] or [`ValidationError::UnknownValue`].
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ValidationError::Required);
        }
        GRADES
            .iter()
            .find(|g| g.eq_ignore_ascii_case(s))
            .map(|g| Self((*g).to_owned()))
            .ok_or(ValidationError::UnknownValue)
    }
}

impl AsRef<str> for Grade {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The part of the Cambridge English Scale an exam reports on, used to draw
/// score bars to the exam's own scale.
/// Where the CEFR levels sit on the Cambridge English Scale.
const CEFR_BANDS: [(&str, u16, u16); 7] = [
    ("Pre-A1", 80, 99),
    ("A1", 100, 119),
    ("A2", 120, 139),
    ("B1", 140, 159),
    ("B2", 160, 179),
    ("C1", 180, 199),
    ("C2", 200, 230),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamScale {
    pub min: u16,
    pub max: u16,
}

impl ExamScale {
    /// Known exams by name; any other exam is drawn on the whole scale.
    pub fn for_exam(exam: &str) -> Self {
        let e = exam.to_ascii_lowercase();
        let (min, max) = if e.contains("key") || e.contains("a2") {
            (82, 150)
        } else if e.contains("preliminary") || e.contains("b1") {
            (102, 170)
        } else if e.contains("first") || e.contains("b2") {
            (122, 190)
        } else if e.contains("advanced") || e.contains("c1") {
            (142, 210)
        } else if e.contains("proficiency") || e.contains("c2") {
            (162, 230)
        } else {
            (Score::MIN, Score::MAX)
        };
        Self { min, max }
    }

    /// Where `score` sits on this scale, in percent (clamped to 0..=100).
    /// The CEFR bands of the Cambridge English Scale that fall within this
    /// exam's range, clipped to it: `(level, start %, width %)`.
    pub fn cefr_bands(self) -> Vec<(&'static str, u8, u8)> {
        CEFR_BANDS
            .iter()
            .filter(|(_, lo, hi)| *hi >= self.min && *lo <= self.max)
            .map(|(level, lo, hi)| {
                let (start, end) = (
                    self.percent(*lo),
                    self.percent(hi.saturating_add(1).min(self.max)),
                );
                (*level, start, end.saturating_sub(start))
            })
            .collect()
    }

    pub fn percent(self, score: u16) -> u8 {
        let span = f32::from(self.max - self.min);
        let pos = f32::from(score.clamp(self.min, self.max) - self.min);
        // The value is within 0..=100 by construction.
        (pos * 100.0 / span).round() as u8
    }
}

#[cfg(test)]
mod band_tests {
    use super::*;

    #[test]
    fn the_bands_of_b2_first_cover_its_range_in_order() {
        let bands = ExamScale::for_exam("B2 First").cefr_bands();
        let levels: Vec<&str> = bands.iter().map(|b| b.0).collect();
        assert_eq!(levels, ["A2", "B1", "B2", "C1"]);
        assert_eq!(bands[0].1, 0);
        let end = bands.last().map(|b| b.1 + b.2);
        assert_eq!(end, Some(100));
        for pair in bands.windows(2) {
            assert_eq!(pair[0].1 + pair[0].2, pair[1].1, "{pair:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_outside_the_cambridge_english_scale_are_refused() {
        assert_eq!(Score::parse("80").map(Score::value), Ok(80));
        assert_eq!(Score::parse(" 230 ").map(Score::value), Ok(230));
        assert_eq!(Score::parse("79"), Err(ValidationError::OutOfRange));
        assert_eq!(Score::parse("231"), Err(ValidationError::OutOfRange));
        assert_eq!(Score::parse("-5"), Err(ValidationError::OutOfRange));
        assert_eq!(Score::parse("17x"), Err(ValidationError::OutOfRange));
        assert_eq!(Score::parse(""), Err(ValidationError::Required));
    }

    #[test]
    fn cefr_levels_and_grades_accept_only_known_values() {
        assert_eq!(CefrLevel::parse("b2"), Ok(CefrLevel::B2));
        assert_eq!(CefrLevel::parse("B3"), Err(ValidationError::UnknownValue));
        assert_eq!(
            Grade::parse("pass with merit").unwrap().as_ref(),
            "Pass with Merit"
        );
        assert_eq!(Grade::parse("Z"), Err(ValidationError::UnknownValue));
    }

    #[test]
    fn bars_are_drawn_on_the_exams_own_scale() {
        let first = ExamScale::for_exam("B2 First");
        assert_eq!(first, ExamScale { min: 122, max: 190 });
        assert_eq!(first.percent(122), 0);
        assert_eq!(first.percent(190), 100);
        assert_eq!(first.percent(156), 50);
        assert_eq!(first.percent(230), 100);
        assert_eq!(
            ExamScale::for_exam("Unknown"),
            ExamScale { min: 80, max: 230 }
        );
    }
}
