//! Requests as a browser sends them: forms posted with the site's origin,
//! pages asked for, and the candidate's usual steps (register, confirm,
//! log in); the session cookie and JSON they answer with.

use super::{PASSWORD, TestApp};

impl TestApp {
    /// Posts a form to `path` as the browser's script would, with an optional session cookie.
    pub async fn post(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        self.post_with(path, fields, cookie.map(|c| ("cookie", c)).as_slice())
            .await
    }

    /// Posts a form with extra request headers (`cookie`, `accept-language`, …).
    /// Like a browser on the site, it sends the site's `Origin` unless the
    /// headers give an `origin` or a `referer` of their own.
    pub async fn post_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut req = self
            .client
            .post(format!("{}{path}", self.address))
            .form(fields);
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("origin") || k.eq_ignore_ascii_case("referer"))
        {
            req = req.header("origin", &self.origin);
        }
        headers
            .iter()
            .fold(req, |r, (k, v)| r.header(*k, *v))
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        self.get_with(path, cookie.map(|c| ("cookie", c)).as_slice())
            .await
    }

    /// Gets a page as a browser would, with extra request headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let req = self
            .client
            .get(format!("{}{path}", self.address))
            .header("accept", "text/html");
        headers
            .iter()
            .fold(req, |r, (k, v)| r.header(*k, *v))
            .send()
            .await
            .expect("request")
    }

    pub async fn register(&self, id: &str, secret: &str, email: &str) -> reqwest::Response {
        self.post("/api/register", &registration_form(id, secret, email), None)
            .await
    }

    pub async fn confirm(&self, token: &str) -> reqwest::Response {
        self.post("/api/confirm_email", &[("token", token)], None)
            .await
    }

    /// Logs in again and returns the new session's cookie.
    pub async fn second_session(&self, id: &str, password: &str) -> String {
        session_cookie(&self.login(id, password).await).expect("session cookie")
    }

    pub async fn login(&self, id: &str, password: &str) -> reqwest::Response {
        self.post(
            "/api/login",
            &[("id_number", id), ("password", password)],
            None,
        )
        .await
    }

    /// Registers, confirms and logs in; returns the `Cookie` header value.
    pub async fn signed_in(&self, id: &str, secret: &str) -> String {
        assert_eq!(
            self.register(id, secret, "marie@example.fr").await.status(),
            200
        );
        assert_eq!(
            self.confirm(&self.last_confirmation_token().await)
                .await
                .status(),
            200
        );
        let res = self.login(id, PASSWORD).await;
        assert_eq!(res.status(), 200);
        session_cookie(&res).expect("session cookie")
    }
}

/// A complete, valid registration form for `id`.
pub fn registration_form<'a>(
    id: &'a str,
    secret: &'a str,
    email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id_number", id),
        ("secret_number", secret),
        ("email", email),
        ("password", PASSWORD),
        ("confirm_password", PASSWORD),
        ("terms", "on"),
    ]
}

/// `name=value` of the session cookie set by a response.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ro_session=") || v.starts_with("__Host-ro_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

pub async fn json(res: reqwest::Response) -> serde_json::Value {
    res.json().await.expect("JSON body")
}
