//! What the share tests share: share codes created and read from the
//! pages, and checks at `/verify`.

use crate::helpers::TestApp;

pub const CODE_CHARS: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The new code in the share-codes page answering its creation.
pub fn code_in(page: &str) -> String {
    let tag = page
        .find("id=\"share-code\"")
        .expect("a new code on the page");
    let start = tag + page[tag..].find('>').expect("the tag ends") + 1;
    let code: String = page[start..].chars().take(11).collect();
    assert!(
        code.chars().enumerate().all(|(i, c)| if i == 5 {
            c == '-'
        } else {
            CODE_CHARS.contains(c)
        }),
        "{code}"
    );
    code
}

pub async fn new_code(app: &TestApp, cookie: &str, days: &str) -> String {
    let res = app
        .post("/results/share-codes", &[("valid_for", days)], Some(cookie))
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["cache-control"], "no-store");
    code_in(&res.text().await.expect("page"))
}

/// The row of the newest code, as its Revoke form names it (listed first).
pub async fn newest_code_id(app: &TestApp, cookie: &str) -> String {
    let list = app
        .get("/results/share-codes", Some(cookie))
        .await
        .text()
        .await
        .unwrap();
    let start = list
        .find("name=\"code\" value=\"")
        .expect("a Revoke button")
        + "name=\"code\" value=\"".len();
    list[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

pub async fn check(app: &TestApp, code: &str, name: &str) -> reqwest::Response {
    app.post(
        "/verify",
        &[
            ("share_code", code),
            ("family_name", name),
            ("organisation", "Université de Lyon"),
        ],
        None,
    )
    .await
}
