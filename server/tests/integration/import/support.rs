//! What the import tests share: the files' headers and a second centre.

pub const ENTRIES_HEADER: &str =
    "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at";

pub const RESULTS_HEADER: &str =
    "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english";
