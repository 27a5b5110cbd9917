//! The words for every field problem, in each language: one wording for the
//! browser's own check, the server's answer, the emails and the import
//! report alike.

use super::ValidationError;
use crate::i18n::{Locale, td_string};

impl ValidationError {
    /// The words for this problem in `locale`: the same in the browser,
    /// after a server round trip and in the import report.
    pub fn text(self, locale: Locale) -> &'static str {
        match self {
            Self::Required => td_string!(locale, validation.required),
            Self::IdNumberFormat => td_string!(locale, validation.id_number_format),
            Self::SecretNumberFormat => td_string!(locale, validation.secret_number_format),
            Self::EmailFormat => td_string!(locale, validation.email_format),
            Self::EmailTooLong => td_string!(locale, validation.email_too_long),
            Self::PasswordTooShort => td_string!(locale, validation.password_too_short),
            Self::PasswordTooLong => td_string!(locale, validation.password_too_long),
            Self::PasswordTooFewDigits => td_string!(locale, validation.password_too_few_digits),
            Self::PasswordContainsIdNumber => {
                td_string!(locale, validation.password_contains_id_number)
            }
            Self::PasswordContainsEmail => td_string!(locale, validation.password_contains_email),
            Self::PasswordTooCommon => td_string!(locale, validation.password_too_common),
            Self::WrongPassword => td_string!(locale, validation.wrong_password),
            Self::EmailUnchanged => td_string!(locale, validation.email_unchanged),
            Self::PasswordsDiffer => td_string!(locale, validation.passwords_differ),
            Self::TermsNotAccepted => td_string!(locale, validation.terms_not_accepted),
            Self::ForbiddenCharacters => td_string!(locale, validation.forbidden_characters),
            Self::OutOfRange => td_string!(locale, validation.out_of_range),
            Self::UnknownValue => td_string!(locale, validation.unknown_value),
            Self::ShareCodeFormat => td_string!(locale, validation.share_code_format),
            Self::TooLong => td_string!(locale, validation.too_long),
            Self::TooManyShareCodes => td_string!(locale, validation.too_many_share_codes),
            Self::TooManyPasskeys => td_string!(locale, validation.too_many_passkeys),
            Self::ExamAlreadyInAccount => td_string!(locale, validation.exam_already_in_account),
            Self::ExamHasItsOwnAccount => td_string!(locale, validation.exam_has_its_own_account),
            Self::OnlyExam => td_string!(locale, validation.only_exam),
            Self::CentreCodeFormat => td_string!(locale, validation.centre_code_format),
            Self::SecondFactorFormat => td_string!(locale, validation.second_factor_format),
            Self::WrongCode => td_string!(locale, validation.wrong_code),
            Self::FileTooLarge => td_string!(locale, validation.file_too_large),
            Self::DateTimeFormat => td_string!(locale, validation.date_time_format),
            Self::NotInFuture => td_string!(locale, validation.not_in_future),
            Self::AlreadyReleased => td_string!(locale, validation.already_released),
            Self::StaffExists => td_string!(locale, validation.staff_exists),
        }
    }
}

/// The name of `month` (1–12) in `locale`, for dates written out in words.
pub fn month_word(locale: Locale, month: u32) -> &'static str {
    match month {
        1 => td_string!(locale, dates.january),
        2 => td_string!(locale, dates.february),
        3 => td_string!(locale, dates.march),
        4 => td_string!(locale, dates.april),
        5 => td_string!(locale, dates.may),
        6 => td_string!(locale, dates.june),
        7 => td_string!(locale, dates.july),
        8 => td_string!(locale, dates.august),
        9 => td_string!(locale, dates.september),
        10 => td_string!(locale, dates.october),
        11 => td_string!(locale, dates.november),
        _ => td_string!(locale, dates.december),
    }
}
