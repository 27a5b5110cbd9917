//! The portal's upload form: a kind and a CSV file (multipart).

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::domain::{Field, MAX_UPLOAD_BYTES, UploadKind, ValidationError};
use crate::server::ServiceError;

/// What the form sent: the file and its kind, or what is wrong with it.
pub struct UploadForm(pub Result<UploadedFile, ServiceError>);

pub struct UploadedFile {
    pub kind: UploadKind,
    pub name: String,
    pub data: Vec<u8>,
}

/// A body that is no multipart form is the client's fault (no browser
/// sends one): a plain 400.
impl<S: Send + Sync> FromRequest<S> for UploadForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let unreadable =
            || (StatusCode::BAD_REQUEST, "the upload could not be read").into_response();
        let form = Multipart::from_request(req, state)
            .await
            .map_err(|_| unreadable())?;
        let file = read(form).await.map_err(|()| unreadable())?;
        let problem = |e| ServiceError::invalid(Field::File, e);
        Ok(Self(match file {
            Some(file) if file.data.is_empty() => Err(problem(ValidationError::Required)),
            Some(file) => Ok(file),
            None => Err(problem(ValidationError::FileTooLarge)),
        }))
    }
}

/// The form's kind and file, `None` for a file over the cap. The body is
/// read to its end even then: a server that answers before the browser
/// has sent everything closes on unread data, and the browser shows a
/// reset connection instead of the page saying what was wrong.
async fn read(mut form: Multipart) -> Result<Option<UploadedFile>, ()> {
    let (mut kind, mut name, mut data, mut too_large) =
        (UploadKind::Entries, String::new(), Vec::new(), false);
    while let Some(mut field) = form.next_field().await.map_err(|_| ())? {
        match field.name() {
            Some("kind") => {
                let value = field.text().await.map_err(|_| ())?;
                kind = UploadKind::parse(&value).unwrap_or(UploadKind::Entries);
            }
            Some("file") => {
                name = field.file_name().unwrap_or("file.csv").to_owned();
                while let Some(chunk) = field.chunk().await.map_err(|_| ())? {
                    too_large |= data.len() + chunk.len() > MAX_UPLOAD_BYTES;
                    if !too_large {
                        data.extend_from_slice(&chunk);
                    }
                }
            }
            _ => while field.chunk().await.map_err(|_| ())?.is_some() {},
        }
    }
    Ok((!too_large).then_some(UploadedFile { kind, name, data }))
}
