//! Request extractors that fail the way the API documents.
//!
//! axum's own `Json`, `Path` and `Query` answer a bad request with a plain
//! text body ("Failed to deserialize the JSON body…") and statuses of their
//! choosing (415, 422). The console's page and any script driving the API
//! read `{"error", "code"}` on every failure (docs/console.md), so these
//! wrappers run the same extraction and turn its rejection into an
//! [`ApiError`]: the status stays what axum chose (413 for an oversized body,
//! 415 without a JSON content type), the message stays axum's (it names the
//! field and the position), and a code says which part of the request is at
//! fault.

use super::api::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

/// A JSON request body (`Content-Type: application/json`).
pub struct Body<T>(pub T);

/// The path's parameters.
pub struct PathParams<T>(pub T);

/// The query string's parameters.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(body_error(&rejection)),
        }
    }
}

fn body_error(rejection: &JsonRejection) -> ApiError {
    let status = rejection.status();
    let code = match rejection {
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        JsonRejection::MissingJsonContentType(_) => "not_json",
        JsonRejection::JsonSyntaxError(_) => "bad_json",
        _ => "bad_body",
    };
    // Every body problem is the client's to fix: one status for the data
    // and the syntax alike, as the table in docs/console.md says.
    let status = if status == StatusCode::UNPROCESSABLE_ENTITY {
        StatusCode::BAD_REQUEST
    } else {
        status
    };
    ApiError::new(status, code, rejection.body_text())
}

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(PathParams(value)),
            Err(rejection) => Err(path_error(&rejection)),
        }
    }
}

fn path_error(rejection: &PathRejection) -> ApiError {
    let status = rejection.status();
    let code = if status.is_server_error() {
        "internal"
    } else {
        "bad_path"
    };
    ApiError::new(status, code, rejection.body_text())
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(QueryParams(value)),
            Err(rejection) => Err(query_error(&rejection)),
        }
    }
}

fn query_error(rejection: &QueryRejection) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad_query", rejection.body_text())
}
